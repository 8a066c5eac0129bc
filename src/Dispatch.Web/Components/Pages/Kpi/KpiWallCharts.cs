using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Kpis;
using Dispatch.Web.Components.Shared;
using Dispatch.Web.Kpis;
using Dispatch.Web.Localization;
using Microsoft.Extensions.Localization;
using MudBlazor;
using MudBlazor.Charts;

namespace Dispatch.Web.Components.Pages.Kpi;

/// <summary>One chart card of the wall: what MudChart needs, already in the user's language.</summary>
public sealed record WallChart(
    string Test, string Title, ChartType Type, string[] Labels, List<ChartSeries<double>> Series, IChartOptions Options);

/// <summary>Turns a <see cref="KpiDashboard"/> into the wall's eight charts (built once per refresh, not per render).</summary>
internal static class KpiWallCharts
{
    /// <summary>Workers with this many open cases or more share the last bar of the load chart.</summary>
    public const int LoadCap = 6;

    // A quarter-width chart has room for a handful of gridlines, not the default twenty.
    private const int YTicks = 6;

    // Station places and duration bands are too long to stand side by side under a quarter-width chart: slanted, the first
    // reaching into the card's padding (the chart may draw there). Upright, they ran into the legend and out of the card.
    private const int LabelRotation = 30;

    // Urgent, normal, routine: the colours of the urgency chips.
    private static readonly string[] UrgencyPalette = ["#f44336", "#ff9800", "#9e9e9e"];

    public static IReadOnlyList<WallChart> Build(
        KpiDashboard dashboard, IStringLocalizer<KpiWall> t, IStringLocalizer<SharedResource> l) =>
    [
        Orders("orders-hourly", t["ChartOrdersHourly"], t["SeriesOrders"], dashboard.Hourly, "HH", labelEvery: 3),
        Compliance("sla-hourly", t["ChartSlaHourly"], t["SeriesSla"], dashboard.Hourly, "HH", labelEvery: 3),
        Orders("orders-daily", t["ChartOrdersDaily"], t["SeriesOrders"], dashboard.Daily, "MM-dd", labelEvery: 7),
        Compliance("sla-daily", t["ChartSlaDaily"], t["SeriesSla"], dashboard.Daily, "MM-dd", labelEvery: 7),
        Durations(dashboard.Daily, t),
        Backlog(dashboard.Today, l, t),
        ReturnRates(dashboard.Month, t),
        WorkerLoad(dashboard.Today, t),
    ];

    private static WallChart Orders(string test, string title, string series, KpiTimeSeries data, string format, int labelEvery) =>
        new(test, title, ChartType.Bar, Labels(data, format, labelEvery),
            [new ChartSeries<double> { Name = series, Data = data.Buckets.Select(b => (double)b.Reported).ToArray() }],
            new BarChartOptions { ShowLegend = false, MaxNumYAxisTicks = YTicks });

    /// <summary>Buckets where nothing is decided yet are gaps, not zeros.</summary>
    private static WallChart Compliance(string test, string title, string series, KpiTimeSeries data, string format, int labelEvery) =>
        new(test, title, ChartType.Line, Labels(data, format, labelEvery),
            [new ChartSeries<double> { Name = series, Data = data.Buckets.Select(b => Percent(b.SlaComplianceRate)).ToArray() }],
            new LineChartOptions { ShowLegend = false, YAxisRequireZeroPoint = true, YAxisSuggestedMax = 100, ShowDataMarkers = true, MaxNumYAxisTicks = YTicks });

    private static WallChart Durations(KpiTimeSeries data, IStringLocalizer<KpiWall> t) =>
        new("durations", t["ChartDurations"], ChartType.Bar,
            [.. Enum.GetValues<DurationBand>().Select(b => t[$"DurationBand.{b}"].Value)],
            [
                new ChartSeries<double> { Name = t["SeriesAcceptance"], Data = data.AcceptanceTime.Values.Select(v => (double)v).ToArray() },
                new ChartSeries<double> { Name = t["SeriesResponse"], Data = data.ResponseTime.Values.Select(v => (double)v).ToArray() },
            ],
            new BarChartOptions { XAxisLabelRotation = LabelRotation, MaxNumYAxisTicks = YTicks });

    private static WallChart Backlog(KpiReport report, IStringLocalizer<SharedResource> l, IStringLocalizer<KpiWall> t) =>
        new("backlog", t["ChartBacklog"], ChartType.StackedBar,
            StationLabels(report),
            [
                .. Enum.GetValues<Urgency>().Select(u => new ChartSeries<double>
                {
                    Name = l.Label(u),
                    Data = report.Stations.Select(s => (double)s.Figures.Backlog.ByUrgency.GetValueOrDefault(u)).ToArray(),
                }),
            ],
            new StackedBarChartOptions { ChartPalette = UrgencyPalette, XAxisLabelRotation = LabelRotation, MaxNumYAxisTicks = YTicks });

    /// <summary>
    /// Stations under their bars by place, without the "社工站" every name ends with: whole names ran out of the chart's
    /// card (the list beside the charts names each station whole). MudBlazor writes
    /// a bar chart's axis labels into the page as raw markup, so a name is encoded here or markup in it would render (its
    /// hover tooltip then shows the encoded form of such a name, which is the lesser harm).
    /// </summary>
    private static string[] StationLabels(KpiReport report) => [.. report.Stations.Select(s => HtmlText.Encode(AxisName(s.StationName)))];

    private const string StationSuffix = "社工站";

    internal static string AxisName(string stationName) =>
        stationName.Length > StationSuffix.Length && stationName.EndsWith(StationSuffix, StringComparison.Ordinal)
            ? stationName[..^StationSuffix.Length]
            : stationName;

    /// <summary>A station nobody dispatched to has no rate; it shows as an empty bar.</summary>
    private static WallChart ReturnRates(KpiReport report, IStringLocalizer<KpiWall> t) =>
        new("return-rate", t["ChartReturnRate"], ChartType.Bar,
            StationLabels(report),
            [new ChartSeries<double> { Name = t["SeriesReturnRate"], Data = report.Stations.Select(s => Percent(s.Figures.ReturnRate) ?? 0).ToArray() }],
            new BarChartOptions { ShowLegend = false, XAxisLabelRotation = LabelRotation, MaxNumYAxisTicks = YTicks });

    private static WallChart WorkerLoad(KpiReport report, IStringLocalizer<KpiWall> t)
    {
        var counts = new double[LoadCap + 1];
        foreach (var worker in report.WorkerLoad)
        {
            counts[Math.Min(worker.OpenCases, LoadCap)]++;
        }
        string[] labels = [.. Enumerable.Range(0, LoadCap).Select(n => n.ToString()), t["OpenCasesOrMore", LoadCap]];
        return new("worker-load", t["ChartWorkerLoad"], ChartType.Bar, labels,
            [new ChartSeries<double> { Name = t["SeriesWorkers"], Data = counts }],
            new BarChartOptions { ShowLegend = false, MaxNumYAxisTicks = YTicks });
    }

    /// <summary>Local times of the buckets' starts; only every n-th is written, counting back from now, so labels never crowd.</summary>
    private static string[] Labels(KpiTimeSeries data, string format, int every)
    {
        var last = data.Buckets.Count - 1;
        return [.. data.Buckets.Select((b, i) => (last - i) % every == 0 ? StationTime.Format(b.Start, format: format) : "")];
    }

    private static double? Percent(double? rate) => rate is { } value ? Math.Round(value * 100, 1) : null;
}
