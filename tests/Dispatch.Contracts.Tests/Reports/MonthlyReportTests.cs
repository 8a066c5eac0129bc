using System.Collections.Immutable;
using System.Text.Json;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Contracts.Kpis;
using Dispatch.Contracts.Reports;
using Dispatch.Contracts.Sla;

namespace Dispatch.Contracts.Tests.Reports;

/// <summary>
/// November 2026 in a hand-built city of two stations, 城厢 (cx) and 沙溪 (sx), every figure worked out by hand below.
/// Times are China time (+08:00) unless written with Z. SLA targets are the defaults: urgent accept 15 min / contact 2 h,
/// normal 2 h / 24 h, routine 24 h / 72 h.
/// <code>
/// D1 cx urgent  elderly ElderlyAndChildCare reported 2026-10-31T16:30Z (= 11-01 00:30, November), dispatched 00:35,
///    accepted 00:45 (10 min), contact 01:30 (60 min), closed 11-10, rating 5;
///    services ElderlyAndChildCare ×3 on 11-05, ResourceLinking ×1 on 11-06; resource 慈善超市 on 11-06.
/// D2 cx normal  child   SocialAssistance    reported 10-31 15:00 (October), accepted 10-31 16:00, contact 11-01 10:00,
///    closed 11-03, rating 3; services SocialAssistance ×2 on 10-31 (October), ×4 on 11-02;
///    resources 法律援助中心 on 10-31 (October), 慈善超市 on 11-02.
/// D3 cx normal  elderly ElderlyAndChildCare reported 11-20 09:00, dispatched to sx 09:10, returned by sx 09:30,
///    dispatched to cx 10:00, accepted 13:00 (3 h after the last dispatch), contact 11-21 08:00 (23 h); in service.
/// D4 sx urgent  child   ElderlyAndChildCare reported 11-30 23:50, dispatched 23:52, never accepted.
/// D5 sx routine elderly NeedsAssessment     reported 11-10 09:00, cancelled 11-10 12:00.
/// D6 sx normal  elderly CommunityGovernance reported 11-05 08:00, dispatched 08:30, accepted 09:00 (30 min),
///    contact 20:00 (12 h), closed 2026-11-30T16:30Z (= 12-01 00:30, December), rating 4;
///    services CommunityGovernance ×5 on 11-30; resource 社区基金会 on 11-30.
/// D7 sx routine child   SocialAssistance    reported 12-01 08:00 (December); service SocialAssistance ×7 on 12-01.
/// Key persons (elderly: 1 visit a month; child: 2, due 11-15 and 11-30; flood: temporary):
/// P1 cx elderly, found 11-15 → done.        P2 cx child, found 11-10 → 1 of 2, the second was due 11-30: overdue.
/// P3 sx elderly, not found 11-20 → overdue. P4 sx flood, ended 10-15 → not due.
/// P5 sx elderly, found 11-30 → done.        P6 sx elderly, found 11-03 → done.
/// </code>
/// The report is computed on 2026-12-05, so it stands at the month's end, 12-01 00:00 (2026-11-30T16:00Z).
/// </summary>
public sealed class MonthlyReportTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly DateOnly November = new(2026, 11, 1);
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 10, 0, 0, China);
    private static readonly DateTimeOffset EndOfNovember = new(2026, 12, 1, 0, 0, 0, China);

    private static readonly ReferenceData City = new(
        [new Community("cx-c1", "新华社区", "cx", CommunityKind.Community), new Community("sx-c1", "沙溪社区", "sx", CommunityKind.Community)],
        [new Station("cx", "城厢镇社工站", "陈站长", "0512-1", "Asia/Shanghai"), new Station("sx", "沙溪镇社工站", "沈站长", "0512-2", "Asia/Shanghai")],
        [new SocialWorker("w1", "李社工", "cx", Certification.None, ["cx-c1"], "139"),
            new SocialWorker("w2", "王社工", "sx", Certification.None, ["sx-c1"], "138")],
        [new PersonCategory("elderly", "独居老人", "Elderly living alone", false),
            new PersonCategory("child", "困境儿童", "Children in difficulty", false, VisitsPerMonth: 2),
            new PersonCategory("flood", "受灾群众", "Flood victims", true)],
        SlaTargets.Default);

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, China);

    private static DemandSummary Demand(
        string id, string station, Urgency urgency, string category, ServiceType type, DateTimeOffset reported,
        DemandState state, DateTimeOffset? dispatched = null, DateTimeOffset? accepted = null, DateTimeOffset? contact = null,
        DateTimeOffset? closed = null, DateTimeOffset? cancelled = null, int? rating = null, string[]? returnedBy = null) =>
        new(id, state, $"{station}-c1", category, type, urgency, station, dispatched is null ? null : station, null,
            reported, dispatched, dispatched, accepted, contact, closed, cancelled, false,
            dispatched is null ? [] : [station], [.. returnedBy ?? []], rating, null, "居民", "", 1);

    private static readonly ImmutableList<DemandSummary> Demands =
    [
        Demand("D1", "cx", Urgency.Urgent, "elderly", ServiceType.ElderlyAndChildCare,
            new DateTimeOffset(2026, 10, 31, 16, 30, 0, TimeSpan.Zero), DemandState.Closed,
            dispatched: At(11, 1, 0, 35), accepted: At(11, 1, 0, 45), contact: At(11, 1, 1, 30), closed: At(11, 10, 10), rating: 5),
        Demand("D2", "cx", Urgency.Normal, "child", ServiceType.SocialAssistance, At(10, 31, 15), DemandState.Closed,
            dispatched: At(10, 31, 15, 10), accepted: At(10, 31, 16), contact: At(11, 1, 10), closed: At(11, 3, 9), rating: 3),
        Demand("D3", "cx", Urgency.Normal, "elderly", ServiceType.ElderlyAndChildCare, At(11, 20, 9), DemandState.InService,
            dispatched: At(11, 20, 10), accepted: At(11, 20, 13), contact: At(11, 21, 8), returnedBy: ["sx"]),
        Demand("D4", "sx", Urgency.Urgent, "child", ServiceType.ElderlyAndChildCare, At(11, 30, 23, 50), DemandState.Dispatched,
            dispatched: At(11, 30, 23, 52)),
        Demand("D5", "sx", Urgency.Routine, "elderly", ServiceType.NeedsAssessment, At(11, 10, 9), DemandState.Cancelled,
            cancelled: At(11, 10, 12)),
        Demand("D6", "sx", Urgency.Normal, "elderly", ServiceType.CommunityGovernance, At(11, 5, 8), DemandState.Closed,
            dispatched: At(11, 5, 8, 30), accepted: At(11, 5, 9), contact: At(11, 5, 20),
            closed: new DateTimeOffset(2026, 11, 30, 16, 30, 0, TimeSpan.Zero), rating: 4),
        Demand("D7", "sx", Urgency.Routine, "child", ServiceType.SocialAssistance, At(12, 1, 8), DemandState.Reported),
    ];

    private static readonly Dictionary<string, ServiceTally[]> Services = new()
    {
        ["D1"] = [new(ServiceType.ElderlyAndChildCare, 3, new(2026, 11, 5)), new(ServiceType.ResourceLinking, 1, new(2026, 11, 6))],
        ["D2"] = [new(ServiceType.SocialAssistance, 2, new(2026, 10, 31)), new(ServiceType.SocialAssistance, 4, new(2026, 11, 2))],
        ["D6"] = [new(ServiceType.CommunityGovernance, 5, new(2026, 11, 30))],
        ["D7"] = [new(ServiceType.SocialAssistance, 7, new(2026, 12, 1))],
    };

    private static readonly Dictionary<string, ResourceLink[]> Resources = new()
    {
        ["D1"] = [new("慈善超市", new(2026, 11, 6))],
        ["D2"] = [new("法律援助中心", new(2026, 10, 31)), new("慈善超市", new(2026, 11, 2))],
        ["D6"] = [new("社区基金会", new(2026, 11, 30))],
    };

    private static KeyPersonSummary Person(string id, string station, string category, DateOnly? until = null, params VisitMark[] visits) =>
        new(id, id, "3205**********0000", null, $"{station}-c1", station, [new CategoryMembership(category, new(2026, 1, 1), until)],
            null, [.. visits], 0, 1);

    private static VisitMark Found(int month, int day) => new(new(2026, month, day), true, "w");

    private static readonly ImmutableList<KeyPersonSummary> Persons =
    [
        Person("P1", "cx", "elderly", null, Found(11, 15)),
        Person("P2", "cx", "child", null, Found(11, 10)),
        Person("P3", "sx", "elderly", null, new VisitMark(new(2026, 11, 20), false, "w")),
        Person("P4", "sx", "flood", new DateOnly(2026, 10, 15)),
        Person("P5", "sx", "elderly", null, Found(11, 30)),
        Person("P6", "sx", "elderly", null, Found(11, 3)),
    ];

    private static readonly ReportInputs Inputs = new(
        [.. Demands.Select(d => d with { Services = [.. Services.GetValueOrDefault(d.Id, [])], ResourcesLinked = [.. Resources.GetValueOrDefault(d.Id, [])] })],
        Persons);

    private static MonthlyReport Report(string? station = null, DateTimeOffset? now = null, ReportInputs? inputs = null) =>
        MonthlyReportCalculator.Compute(inputs ?? Inputs, City, new DateOnly(2026, 11, 17), station, now ?? Now);

    private static void AssertStats(DurationStats stats, int count, double? meanMinutes, double? medianMinutes, double? p90Minutes)
    {
        Assert.Equal(count, stats.Count);
        Assert.Equal(meanMinutes, stats.Mean?.TotalMinutes);
        Assert.Equal(medianMinutes, stats.Median?.TotalMinutes);
        Assert.Equal(p90Minutes, stats.P90?.TotalMinutes);
    }

    private static (int Met, int Missed) Sla(MonthlyFigures figures, Urgency urgency, SlaKind kind)
    {
        var target = figures.Sla.Targets.Single(s => s.Urgency == urgency && s.Kind == kind);
        return (target.Met, target.Missed);
    }

    [Fact]
    public void A_finished_month_stands_at_its_end_in_China_time()
    {
        var report = Report();

        Assert.Equal(November, report.Month);
        Assert.True(report.IsCity);
        Assert.Null(report.StationName);
        Assert.Equal(Now, report.ComputedAt);
        Assert.Equal(EndOfNovember, report.AsOf);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero), report.AsOf);
        Assert.True(report.IsComplete);
    }

    [Fact]
    public void City_orders_count_by_the_month_of_each_event()
    {
        var orders = Report().Figures.Orders;

        // Reported: D1 (10-31T16:30Z is 11-01 in China), D3, D4, D5, D6; not D2 (October) nor D7 (December).
        Assert.Equal(5, orders.Reported);
        // Closed: D1 (11-10), D2 (11-03, reported in October); not D6 (11-30T16:30Z is 12-01 in China).
        Assert.Equal(2, orders.Closed);
        Assert.Equal(1, orders.Cancelled);   // D5
        Assert.Equal(1, orders.Returned);    // D3, once, by sx
    }

    [Fact]
    public void City_durations_cover_the_demands_reported_in_the_month()
    {
        var figures = Report().Figures;

        // Acceptance: D1 10, D6 30, D3 180 min (from the last dispatch); D4 and D5 were never accepted.
        // Mean 220/3 = 73⅓ min; nearest-rank median is the 2nd of 3 (30), p90 the 3rd (180).
        AssertStats(figures.AcceptanceTime, 3, 220.0 / 3, 30, 180);
        // Response: D1 60, D6 720, D3 1380 min. Mean 2160/3 = 720 min.
        AssertStats(figures.ResponseTime, 3, 720, 720, 1380);
    }

    [Fact]
    public void City_SLA_is_judged_at_the_months_end_not_when_the_report_is_computed()
    {
        var figures = Report().Figures;
        var sla = figures.Sla;

        Assert.Equal((1, 0), Sla(figures, Urgency.Urgent, SlaKind.Acceptance));  // D1 10 ≤ 15 min; D4 waited only 8 min by 12-01 00:00
        Assert.Equal((1, 0), Sla(figures, Urgency.Urgent, SlaKind.Contact));     // D1 60 ≤ 120 min; D4 only 10 min old
        Assert.Equal((1, 1), Sla(figures, Urgency.Normal, SlaKind.Acceptance));  // D6 30 min met; D3 180 > 120 min missed
        Assert.Equal((2, 0), Sla(figures, Urgency.Normal, SlaKind.Contact));     // D6 12 h, D3 23 h, both ≤ 24 h
        Assert.Equal((0, 0), Sla(figures, Urgency.Routine, SlaKind.Acceptance)); // D5 cancelled before anything was due
        Assert.Equal((0, 0), Sla(figures, Urgency.Routine, SlaKind.Contact));
        Assert.Equal(1.0, sla.ByUrgency[Urgency.Urgent]);     // 2 of 2
        Assert.Equal(0.75, sla.ByUrgency[Urgency.Normal]);    // 3 of 4
        Assert.Null(sla.ByUrgency[Urgency.Routine]);          // nothing decided
        Assert.Equal(5.0 / 6, sla.Rate);                      // 5 met of 6 decided

        // Judged on 12-05 instead, D4 would have missed both urgent targets: 5 of 8.
        Assert.Equal(5.0 / 8, KpiCalculator.ComplianceRate(
            KpiCalculator.SlaFigures(Demands.Where(d => d.Id is "D1" or "D3" or "D4" or "D5" or "D6"), SlaTargets.Default, Now)));
    }

    [Fact]
    public void City_satisfaction_covers_the_demands_closed_in_the_month()
    {
        // D1 rated 5 and D2 rated 3 (closed in November); D6's 4 belongs to December.
        Assert.Equal(new SatisfactionFigures(2, 4.0, 0.5), Report().Figures.Satisfaction);
    }

    [Fact]
    public void City_services_count_person_times_delivered_in_the_month_and_orders_closed_in_it()
    {
        var services = Report().Figures.Services;

        // Person-times on November days: D1 3 + 1, D2 4 (not its 2 of 10-31), D6 5 (11-30); D7's 7 are on 12-01. 13 in all.
        Assert.Equal(13, services.PersonTimes);
        // Closed in November: D1 (ElderlyAndChildCare × elderly), D2 (SocialAssistance × child).
        Assert.Equal(2, services.ClosedOrders);
        Assert.Equal(
        [
            new ServiceCell(ServiceType.ResourceLinking, "elderly", 1, 0),
            new ServiceCell(ServiceType.SocialAssistance, "child", 4, 1),
            new ServiceCell(ServiceType.ElderlyAndChildCare, "elderly", 3, 1),
            new ServiceCell(ServiceType.CommunityGovernance, "elderly", 5, 0),
        ], services.Cells);
        Assert.Equal(
        [
            new ServiceTypeTotal(ServiceType.NeedsAssessment, 0, 0),
            new ServiceTypeTotal(ServiceType.ResourceLinking, 1, 0),
            new ServiceTypeTotal(ServiceType.SocialAssistance, 4, 1),
            new ServiceTypeTotal(ServiceType.ElderlyAndChildCare, 3, 1),
            new ServiceTypeTotal(ServiceType.CommunityGovernance, 5, 0),
            new ServiceTypeTotal(ServiceType.LivelihoodDevelopment, 0, 0),
        ], services.ByServiceType);
        // child: 4 person-times, D2 closed; elderly: 1 + 3 + 5 = 9 person-times, D1 closed.
        Assert.Equal([new CategoryTotal("child", 4, 1), new CategoryTotal("elderly", 9, 1)], services.ByCategory);
    }

    [Fact]
    public void City_resources_are_the_links_made_in_the_month()
    {
        // 慈善超市 by D1 (11-06) and D2 (11-02), 社区基金会 by D6 (11-30); D2's 法律援助中心 was linked in October.
        var resources = Report().Figures.Resources;

        Assert.Equal(3, resources.Links);
        Assert.Equal([new ResourceCount("慈善超市", 2), new ResourceCount("社区基金会", 1)], resources.Names);
    }

    [Fact]
    public void Visit_rates_come_from_the_visit_plan_judged_the_day_after_the_month()
    {
        var report = Report();

        // Due: P1, P2 (cx); P3, P5, P6 (sx); P4's temporary category ended in October. Visited in full: P1, P5, P6.
        // Overdue on 12-01: P2 (second visit due 11-30), P3 (not found is not a visit).
        Assert.Equal(new VisitRate(5, 3, 2), report.Figures.Visits);
        Assert.Equal(0.6, report.Figures.Visits.Rate);
        Assert.Equal(new VisitRate(2, 1, 1), report.Stations.Single(s => s.StationId == "cx").Figures.Visits);
        Assert.Equal(new VisitRate(3, 2, 1), report.Stations.Single(s => s.StationId == "sx").Figures.Visits);
    }

    [Fact]
    public void The_city_report_breaks_every_figure_down_by_station()
    {
        var report = Report();

        Assert.Equal(["cx", "sx"], report.Stations.Select(s => s.StationId));
        Assert.Equal(["城厢镇社工站", "沙溪镇社工站"], report.Stations.Select(s => s.StationName));
        var cx = report.Stations[0].Figures;
        var sx = report.Stations[1].Figures;

        // cx holds D1, D2, D3 (D3 back from sx). Reported: D1, D3. Closed: D1, D2. It returned nothing.
        Assert.Equal(new OrderCounts(2, 2, 0, 0), cx.Orders);
        // sx holds D4, D5, D6, D7. Reported: D4, D5, D6. Closed: none in November. Cancelled: D5. Returned: D3.
        Assert.Equal(new OrderCounts(3, 0, 1, 1), sx.Orders);

        AssertStats(cx.AcceptanceTime, 2, 95, 10, 180);   // D1 10, D3 180: mean 95; median rank ⌈1⌉ = 1st, p90 rank ⌈1.8⌉ = 2nd
        AssertStats(cx.ResponseTime, 2, 720, 60, 1380);   // D1 60, D3 1380: mean 720
        AssertStats(sx.AcceptanceTime, 1, 30, 30, 30);    // D6
        AssertStats(sx.ResponseTime, 1, 720, 720, 720);   // D6

        Assert.Equal(0.75, cx.Sla.Rate);                  // D1 2 met, D3 accept missed and contact met: 3 of 4
        Assert.Equal(1.0, sx.Sla.Rate);                   // D6 2 of 2; D4 undecided at the month's end
        Assert.Null(sx.Sla.ByUrgency[Urgency.Urgent]);

        Assert.Equal(new SatisfactionFigures(2, 4.0, 0.5), cx.Satisfaction);
        Assert.Equal(new SatisfactionFigures(0, null, null), sx.Satisfaction);

        Assert.Equal((8, 2), (cx.Services.PersonTimes, cx.Services.ClosedOrders));  // D1 3 + 1, D2 4; D1 and D2 closed
        Assert.Equal((5, 0), (sx.Services.PersonTimes, sx.Services.ClosedOrders));  // D6 5
        Assert.Equal([new ResourceCount("慈善超市", 2)], cx.Resources.Names);
        Assert.Equal([new ResourceCount("社区基金会", 1)], sx.Resources.Names);
    }

    [Fact]
    public void A_station_report_has_the_stations_figures_and_no_breakdown()
    {
        var report = Report("sx");

        Assert.Equal("sx", report.StationId);
        Assert.Equal("沙溪镇社工站", report.StationName);
        Assert.Empty(report.Stations);
        // The same figures as sx's line of the city report (checked by hand above); records holding lists compare as JSON.
        Assert.Equal(JsonSerializer.Serialize(Report().Stations[1].Figures), JsonSerializer.Serialize(report.Figures));
    }

    [Fact]
    public void The_current_month_stands_now()
    {
        var midMonth = At(11, 20, 12);

        var report = Report("cx", midMonth, Inputs with { Demands = [] });

        Assert.Equal(midMonth, report.AsOf);
        Assert.False(report.IsComplete);
        // On 11-20 P2's second visit (due 11-30) is not late yet.
        Assert.Equal(new VisitRate(2, 1, 0), report.Figures.Visits);
    }

    [Fact]
    public void An_empty_month_has_zeros_and_nulls_never_NaN()
    {
        var report = MonthlyReportCalculator.Compute(Inputs, City, new DateOnly(2025, 10, 1), null, Now);
        var figures = report.Figures;

        Assert.Equal(new OrderCounts(0, 0, 0, 0), figures.Orders);
        Assert.Equal(new DurationStats(0, null, null, null), figures.AcceptanceTime);
        Assert.Equal(new DurationStats(0, null, null, null), figures.ResponseTime);
        Assert.Null(figures.Sla.Rate);
        Assert.All(figures.Sla.ByUrgency.Values, Assert.Null);
        Assert.Equal(new SatisfactionFigures(0, null, null), figures.Satisfaction);
        Assert.Equal(VisitRate.None, figures.Visits);   // everyone's categories start in 2026
        Assert.Null(figures.Visits.Rate);
        Assert.Equal(0, figures.Services.PersonTimes);
        Assert.Empty(figures.Services.Cells);
        Assert.All(figures.Services.ByServiceType, t => Assert.Equal(0, t.PersonTimes));
        Assert.Equal(0, figures.Resources.Links);
        Assert.Empty(figures.Resources.Names);
        Assert.All(report.Stations, s => Assert.Equal(new OrderCounts(0, 0, 0, 0), s.Figures.Orders));
    }
}
