using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Kpis;
using Dispatch.Contracts.Sla;

namespace Dispatch.Contracts.Tests.Kpis;

/// <summary>Every expected figure below is worked out by hand from the orders listed in the test.</summary>
public sealed class KpiSeriesTests
{
    private static readonly TimeZoneInfo Taicang = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);

    /// <summary>Monday 2 November 2026 in Taicang.</summary>
    private static DateTimeOffset At(int hour, int minute, int second = 0) => new(2026, 11, 2, hour, minute, second, Cst);

    private static DemandSummary Order(
        string id, Urgency urgency, DateTimeOffset reported, DemandState state, DateTimeOffset? dispatched = null,
        DateTimeOffset? accepted = null, DateTimeOffset? contacted = null) =>
        new(id, state, "c-xinhua", "cat-dibao", ServiceType.NeedsAssessment, urgency, "st-cx",
            dispatched is null ? null : "st-cx", null, reported, dispatched, dispatched, accepted, contacted,
            ClosedAt: null, CancelledAt: state == DemandState.Cancelled ? reported.AddMinutes(1) : null, IsOverdue: false,
            DispatchedTo: dispatched is null ? [] : ["st-cx"], ReturnedBy: [], SatisfactionRating: null, RiskLevel: null,
            PersonName: "王阿婆", DescriptionPreview: "", Version: 1);

    // Now is 10:20. Hourly buckets 08:00–09:00, 09:00–10:00, 10:00–11:00 (default targets: urgent 15 min / 2 h,
    // normal 2 h / 24 h, routine 24 h / 72 h).
    private static readonly DateTimeOffset Now = At(10, 20);

    private static readonly DemandSummary[] Morning =
    [
        // Before the first bucket: counted nowhere, not even in the histograms.
        Order("A", Urgency.Urgent, At(7, 59, 59), DemandState.Accepted, At(8, 0), At(8, 1)),
        // 08:00 sharp is in the first bucket. Accepted in 7 min (met), contacted after 90 min (met).
        Order("B", Urgency.Urgent, At(8, 0), DemandState.InService, At(8, 5), At(8, 12), At(9, 30)),
        // Accepted after 40 min (missed), contacted after 2 h 5 min (missed).
        Order("H", Urgency.Urgent, At(8, 10), DemandState.InService, At(8, 20), At(9, 0), At(10, 15)),
        // Waiting 1 h 40 min for acceptance and 1 h 50 min for contact: both still within target, not decided.
        Order("C", Urgency.Normal, At(8, 30), DemandState.Dispatched, At(8, 40)),
        // Waiting 79 min for acceptance (missed); 80 min for contact (not decided).
        Order("D", Urgency.Urgent, At(9, 0), DemandState.Dispatched, At(9, 1)),
        // Not dispatched: no acceptance to wait on; 35 min for contact (not decided).
        Order("E", Urgency.Routine, At(9, 45), DemandState.Reported),
        // Accepted in 2 min (met), contacted after 10 min (met).
        Order("F", Urgency.Normal, At(10, 0), DemandState.InService, At(10, 1), At(10, 3), At(10, 10)),
        // Cancelled at once: nothing to decide.
        Order("G", Urgency.Normal, At(10, 10), DemandState.Cancelled),
    ];

    [Fact]
    public void Hourly_buckets_count_the_orders_reported_in_each_hour_and_their_sla_compliance_as_of_now()
    {
        var series = KpiSeries.Compute(Morning, SlaTargets.Default, Now, KpiSeries.Hour, 3, Taicang);

        Assert.Equal(KpiSeries.Hour, series.BucketSize);
        Assert.Equal(
            [
                new KpiBucket(At(8, 0), At(9, 0), Reported: 3, SlaComplianceRate: 0.5),  // B met 2, H missed 2, C none
                new KpiBucket(At(9, 0), At(10, 0), Reported: 2, SlaComplianceRate: 0.0), // D missed 1, E none
                new KpiBucket(At(10, 0), At(11, 0), Reported: 2, SlaComplianceRate: 1.0), // F met 2, G none
            ],
            series.Buckets);
    }

    [Fact]
    public void A_bucket_with_nothing_decided_has_no_compliance_rate_rather_than_zero()
    {
        var series = KpiSeries.Compute(
            [Order("E", Urgency.Routine, At(9, 45), DemandState.Reported)], SlaTargets.Default, Now, KpiSeries.Hour, 2, Taicang);

        Assert.Equal([new KpiBucket(At(9, 0), At(10, 0), 1, null), new KpiBucket(At(10, 0), At(11, 0), 0, null)], series.Buckets);
    }

    [Fact]
    public void The_histograms_cover_the_orders_reported_over_the_whole_span()
    {
        var series = KpiSeries.Compute(Morning, SlaTargets.Default, Now, KpiSeries.Hour, 3, Taicang);

        // Acceptance: B 7 min, H 40 min, F 2 min (A, 1 min, was reported before the span).
        Assert.Equal(
            new Dictionary<DurationBand, int>
            {
                [DurationBand.UnderFiveMinutes] = 1,
                [DurationBand.FiveToFifteenMinutes] = 1,
                [DurationBand.FifteenToThirtyMinutes] = 0,
                [DurationBand.ThirtyMinutesToOneHour] = 1,
                [DurationBand.OneToTwoHours] = 0,
                [DurationBand.TwoToFourHours] = 0,
                [DurationBand.FourToTwentyFourHours] = 0,
                [DurationBand.OverTwentyFourHours] = 0,
            },
            series.AcceptanceTime);
        // Response: B 90 min, H 2 h 5 min, F 10 min.
        Assert.Equal(
            new Dictionary<DurationBand, int>
            {
                [DurationBand.UnderFiveMinutes] = 0,
                [DurationBand.FiveToFifteenMinutes] = 1,
                [DurationBand.FifteenToThirtyMinutes] = 0,
                [DurationBand.ThirtyMinutesToOneHour] = 0,
                [DurationBand.OneToTwoHours] = 1,
                [DurationBand.TwoToFourHours] = 1,
                [DurationBand.FourToTwentyFourHours] = 0,
                [DurationBand.OverTwentyFourHours] = 0,
            },
            series.ResponseTime);
    }

    [Fact]
    public void A_bucket_decides_sla_exactly_as_the_kpi_calculator_does_for_the_same_window()
    {
        var series = KpiSeries.Compute(Morning, SlaTargets.Default, Now, KpiSeries.Hour, 3, Taicang);

        foreach (var bucket in series.Buckets)
        {
            var report = KpiCalculator.Compute(Morning, ReferenceData.Empty, Now, bucket.Start, bucket.End);
            Assert.Equal(report.Overall.Reported, bucket.Reported);
            Assert.Equal(report.Overall.SlaComplianceRate, bucket.SlaComplianceRate);
        }
    }

    [Fact]
    public void Daily_buckets_start_at_midnight_in_Taicang_not_in_UTC()
    {
        // 01:00 on 2 November in Taicang is 17:00 on 1 November in UTC.
        var now = new DateTimeOffset(2026, 11, 1, 17, 0, 0, TimeSpan.Zero);
        DemandSummary[] orders =
        [
            Order("late-evening", Urgency.Routine, new(2026, 10, 31, 15, 59, 0, TimeSpan.Zero), DemandState.Reported), // 31 Oct 23:59 local
            Order("first-minute", Urgency.Routine, new(2026, 10, 31, 16, 0, 0, TimeSpan.Zero), DemandState.Reported),  // 1 Nov 00:00 local
            Order("after-midnight", Urgency.Routine, new(2026, 11, 1, 16, 30, 0, TimeSpan.Zero), DemandState.Reported), // 2 Nov 00:30 local
        ];

        var series = KpiSeries.Compute(orders, SlaTargets.Default, now, KpiSeries.Day, 2, Taicang);

        Assert.Equal(
            [
                new KpiBucket(new(2026, 11, 1, 0, 0, 0, Cst), new(2026, 11, 2, 0, 0, 0, Cst), 1, null),
                new KpiBucket(new(2026, 11, 2, 0, 0, 0, Cst), new(2026, 11, 3, 0, 0, 0, Cst), 1, null),
            ],
            series.Buckets);
    }

    [Fact]
    public void Thirty_days_of_buckets_end_with_today()
    {
        var series = KpiSeries.Compute([], SlaTargets.Default, Now, KpiSeries.Day, 30, Taicang);

        Assert.Equal(30, series.Buckets.Count);
        Assert.Equal(new DateTimeOffset(2026, 10, 4, 0, 0, 0, Cst), series.Buckets[0].Start);
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 0, 0, 0, Cst), series.Buckets[^1].End);
        Assert.All(series.Buckets.Zip(series.Buckets.Skip(1)), pair => Assert.Equal(pair.First.End, pair.Second.Start));
        Assert.All(series.Buckets, b => Assert.Equal((0, (double?)null), (b.Reported, b.SlaComplianceRate)));
        Assert.All(series.AcceptanceTime.Values, count => Assert.Equal(0, count));
    }

    public static TheoryData<TimeSpan, DurationBand> BandEdges() => new()
    {
        { TimeSpan.Zero, DurationBand.UnderFiveMinutes },
        { TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1), DurationBand.UnderFiveMinutes },
        { TimeSpan.FromMinutes(5), DurationBand.FiveToFifteenMinutes },
        { TimeSpan.FromMinutes(15), DurationBand.FifteenToThirtyMinutes },
        { TimeSpan.FromMinutes(30), DurationBand.ThirtyMinutesToOneHour },
        { TimeSpan.FromHours(1), DurationBand.OneToTwoHours },
        { TimeSpan.FromHours(2), DurationBand.TwoToFourHours },
        { TimeSpan.FromHours(4), DurationBand.FourToTwentyFourHours },
        { TimeSpan.FromHours(24) - TimeSpan.FromTicks(1), DurationBand.FourToTwentyFourHours },
        { TimeSpan.FromHours(24), DurationBand.OverTwentyFourHours },
        { TimeSpan.FromDays(9), DurationBand.OverTwentyFourHours },
    };

    [Theory]
    [MemberData(nameof(BandEdges))]
    public void A_band_includes_its_lower_edge_and_excludes_its_upper_one(TimeSpan duration, DurationBand expected)
    {
        Assert.Equal(expected, KpiSeries.BandOf(duration));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]       // does not divide a day
    [InlineData(2880)]    // two days
    public void A_bucket_must_be_whole_minutes_dividing_a_day(int minutes)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            KpiSeries.Compute([], SlaTargets.Default, Now, TimeSpan.FromMinutes(minutes), 1, Taicang));
    }

    [Fact]
    public void Seconds_are_not_a_bucket_size_and_at_least_one_bucket_is_asked_for()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            KpiSeries.Compute([], SlaTargets.Default, Now, TimeSpan.FromSeconds(90), 1, Taicang));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            KpiSeries.Compute([], SlaTargets.Default, Now, KpiSeries.Hour, 0, Taicang));
    }
}
