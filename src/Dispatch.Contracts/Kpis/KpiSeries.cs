using System.Collections.Immutable;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Sla;

namespace Dispatch.Contracts.Kpis;

/// <summary>Histogram bands of a duration KPI; each band includes its lower edge and excludes its upper one.</summary>
public enum DurationBand
{
    UnderFiveMinutes,
    FiveToFifteenMinutes,
    FifteenToThirtyMinutes,
    ThirtyMinutesToOneHour,
    OneToTwoHours,
    TwoToFourHours,
    FourToTwentyFourHours,
    OverTwentyFourHours,
}

/// <summary>One time bucket [Start, End): orders reported in it and the SLA compliance of those orders as of now.</summary>
public sealed record KpiBucket(DateTimeOffset Start, DateTimeOffset End, int Reported, double? SlaComplianceRate);

/// <summary>
/// Consecutive buckets ending with the one that holds "now", and the acceptance and response time distributions of the
/// orders reported over the whole span.
/// </summary>
public sealed record KpiTimeSeries(
    TimeSpan BucketSize,
    ImmutableList<KpiBucket> Buckets,
    ImmutableSortedDictionary<DurationBand, int> AcceptanceTime,
    ImmutableSortedDictionary<DurationBand, int> ResponseTime);

/// <summary>
/// KPIs over time for charts, as a pure function of demand summaries. Buckets are aligned on the local clock of the
/// given time zone (hours on the hour, days at local midnight), and the SLA rule is <see cref="KpiCalculator"/>'s.
/// </summary>
public static class KpiSeries
{
    public static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    public static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private static readonly (TimeSpan Below, DurationBand Band)[] Bands =
    [
        (TimeSpan.FromMinutes(5), DurationBand.UnderFiveMinutes),
        (TimeSpan.FromMinutes(15), DurationBand.FiveToFifteenMinutes),
        (TimeSpan.FromMinutes(30), DurationBand.FifteenToThirtyMinutes),
        (TimeSpan.FromHours(1), DurationBand.ThirtyMinutesToOneHour),
        (TimeSpan.FromHours(2), DurationBand.OneToTwoHours),
        (TimeSpan.FromHours(4), DurationBand.TwoToFourHours),
        (TimeSpan.FromHours(24), DurationBand.FourToTwentyFourHours),
    ];

    /// <summary>
    /// <paramref name="count"/> buckets of <paramref name="bucketSize"/> (a whole number of minutes that divides a day),
    /// the last one holding <paramref name="now"/>. A bucket counts the orders reported in it; its compliance is decided
    /// as of <paramref name="now"/>, like the calculator's (an order still within its deadline is not counted yet).
    /// </summary>
    public static KpiTimeSeries Compute(
        IReadOnlyCollection<DemandSummary> demands, SlaTargets targets, DateTimeOffset now, TimeSpan bucketSize, int count,
        TimeZoneInfo zone)
    {
        var edges = Edges(now, bucketSize, count, zone);
        var span = demands.Where(d => d.ReportedAt >= edges[0] && d.ReportedAt < edges[count]).ToList();
        var buckets = Enumerable.Range(0, count).Select(i =>
        {
            var reported = span.Where(d => d.ReportedAt >= edges[i] && d.ReportedAt < edges[i + 1]).ToList();
            return new KpiBucket(edges[i], edges[i + 1], reported.Count,
                KpiCalculator.ComplianceRate(KpiCalculator.SlaFigures(reported, targets, now)));
        });
        return new KpiTimeSeries(
            bucketSize, [.. buckets],
            Histogram(span, KpiCalculator.AcceptanceTimeOf), Histogram(span, KpiCalculator.ResponseTimeOf));
    }

    /// <summary>
    /// The count + 1 boundaries of <paramref name="count"/> buckets, oldest first, the last bucket holding
    /// <paramref name="now"/>: bucket i is [edges[i], edges[i + 1]).
    /// </summary>
    public static DateTimeOffset[] Edges(DateTimeOffset now, TimeSpan bucketSize, int count, TimeZoneInfo zone)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var edges = new DateTimeOffset[count + 1];
        edges[count - 1] = BucketStart(now, bucketSize, zone);
        edges[count] = Next(edges[count - 1], bucketSize, zone);
        for (var i = count - 2; i >= 0; i--)
        {
            edges[i] = Previous(edges[i + 1], bucketSize, zone);
        }
        return edges;
    }

    /// <summary>How many measured orders fall in each band; every band is present, empty ones with 0.</summary>
    public static ImmutableSortedDictionary<DurationBand, int> Histogram(
        IEnumerable<DemandSummary> demands, Func<DemandSummary, TimeSpan?> measure)
    {
        var counts = demands.Select(measure).OfType<TimeSpan>().CountBy(BandOf).ToDictionary(p => p.Key, p => p.Value);
        return Enum.GetValues<DurationBand>().ToImmutableSortedDictionary(b => b, b => counts.GetValueOrDefault(b));
    }

    public static DurationBand BandOf(TimeSpan duration)
    {
        foreach (var (below, band) in Bands)
        {
            if (duration < below)
            {
                return band;
            }
        }
        return DurationBand.OverTwentyFourHours;
    }

    /// <summary>The start of the bucket holding <paramref name="at"/>: local midnight plus a whole number of buckets.</summary>
    public static DateTimeOffset BucketStart(DateTimeOffset at, TimeSpan bucketSize, TimeZoneInfo zone)
    {
        if (bucketSize <= TimeSpan.Zero || bucketSize > Day || Day.Ticks % bucketSize.Ticks != 0
            || bucketSize.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bucketSize), bucketSize, "A bucket is a whole number of minutes that divides a day.");
        }
        var local = TimeZoneInfo.ConvertTime(at, zone).DateTime;
        var sinceMidnight = local.TimeOfDay.Ticks / bucketSize.Ticks * bucketSize.Ticks;
        return AtLocal(local.Date.AddTicks(sinceMidnight), zone);
    }

    // Steps are taken on the local clock, so a day is a calendar day even where a zone changes its offset.
    private static DateTimeOffset Next(DateTimeOffset start, TimeSpan bucketSize, TimeZoneInfo zone) =>
        AtLocal(TimeZoneInfo.ConvertTime(start, zone).DateTime + bucketSize, zone);

    private static DateTimeOffset Previous(DateTimeOffset start, TimeSpan bucketSize, TimeZoneInfo zone) =>
        AtLocal(TimeZoneInfo.ConvertTime(start, zone).DateTime - bucketSize, zone);

    private static DateTimeOffset AtLocal(DateTime local, TimeZoneInfo zone)
    {
        var wall = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(wall, zone.GetUtcOffset(wall));
    }
}
