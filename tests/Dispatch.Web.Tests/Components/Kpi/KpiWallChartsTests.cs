using Dispatch.Contracts.Demands;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Contracts.Kpis;
using Dispatch.Contracts.Sla;
using Dispatch.Web.Components.Pages.Kpi;
using Dispatch.Web.Kpis;
using Dispatch.Web.Localization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using static Dispatch.Web.Tests.Components.Kpi.TestKpis;

namespace Dispatch.Web.Tests.Components.Kpi;

public sealed class KpiWallChartsTests : ComponentTest
{
    private static readonly TimeZoneInfo Taicang = TimeZoneInfo.FindSystemTimeZoneById(StationTime.DefaultZone);

    private IReadOnlyList<WallChart> Build(KpiReport report, IReadOnlyCollection<DemandSummary> demands) =>
        KpiWallCharts.Build(
            new KpiDashboard(report, report,
                KpiSeries.Compute(demands, SlaTargets.Default, Now, KpiSeries.Hour, 24, Taicang),
                KpiSeries.Compute(demands, SlaTargets.Default, Now, KpiSeries.Day, 30, Taicang),
                City,
                VisitPlan.Rates([], City, DateOnly.FromDateTime(Now.Date), DateOnly.FromDateTime(Now.Date))),
            Services.GetRequiredService<IStringLocalizer<KpiWall>>(),
            Services.GetRequiredService<IStringLocalizer<SharedResource>>());

    private static WallChart Chart(IReadOnlyList<WallChart> charts, string test) => charts.Single(c => c.Test == test);

    [Fact]
    public void Hourly_charts_label_every_third_hour_counting_back_from_now_and_leave_undecided_hours_as_gaps()
    {
        // Now is 10:00. One urgent order at 09:10, accepted 5 min after dispatch: that hour is decided (met).
        var accepted = TestDemands.Summary("D1", DemandState.Accepted, Urgency.Urgent, reportedAt: Now.AddMinutes(-50),
            dispatchedAt: Now.AddMinutes(-48)) with { AcceptedAt = Now.AddMinutes(-43) };
        var waiting = TestDemands.Summary("D2", DemandState.Reported, reportedAt: Now);

        var charts = Build(Report(Now, Figures(2), Figures(1), Figures(1)), [accepted, waiting]);

        var orders = Chart(charts, "orders-hourly");
        Assert.Equal(24, orders.Labels.Length);
        Assert.Equal(["04", "", "", "07", "", "", "10"], orders.Labels[^7..]);
        Assert.Equal([1.0, 1.0], orders.Series.Single().Data.Values.TakeLast(2));
        var sla = Chart(charts, "sla-hourly").Series.Single().Data;
        // 09:00 is decided (accepted in time); 10:00 holds only an order still within its targets; earlier hours are empty.
        Assert.Equal([null, 100.0, null], sla.Points.TakeLast(3).Select(p => (double?)(p.HasValue ? p.Y : null)));
    }

    [Fact]
    public void Station_charts_follow_the_reports_stations_and_the_load_chart_groups_six_cases_or_more()
    {
        var report = Report(Now, Figures(12),
            Figures(8, open: 5, urgentOpen: 3, dispatches: 4, returns: 1),
            Figures(4, open: 2, urgentOpen: 0));
        report = report with { WorkerLoad = [.. report.WorkerLoad, new WorkerLoad("w-li", "李社工", "shaxi", 9, 2)] };

        var charts = Build(report, []);

        var backlog = Chart(charts, "backlog");
        // By place: the whole names ran into the legend.
        Assert.Equal(["城厢镇", "沙溪镇"], backlog.Labels);
        Assert.Equal(["紧急", "一般", "常规"], backlog.Series.Select(s => s.Name));
        Assert.Equal([3.0, 0.0], backlog.Series[0].Data.Values);
        Assert.Equal([2.0, 2.0], backlog.Series[1].Data.Values);
        Assert.Equal([25.0, 0.0], Chart(charts, "return-rate").Series.Single().Data.Values);
        var load = Chart(charts, "worker-load");
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6+"], load.Labels);
        Assert.Equal([0.0, 1, 0, 1, 0, 0, 1], load.Series.Single().Data.Values);
    }
}
