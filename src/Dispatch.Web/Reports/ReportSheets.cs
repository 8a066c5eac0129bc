using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Kpis;
using Dispatch.Contracts.Reports;
using Dispatch.Contracts.Sla;
using Dispatch.Web.Components.Pages.Console;
using Dispatch.Web.Components.Pages.Reports;
using Dispatch.Web.Localization;
using Dispatch.Web.Spreadsheets;
using Microsoft.Extensions.Localization;

namespace Dispatch.Web.Reports;

/// <summary>
/// How a figure is written: counts as whole numbers, shares as percentages and durations as minutes (one decimal), mean
/// ratings to two decimals; numbers rather than text, so a sheet can sum and chart them.
/// </summary>
public enum FigureKind { Count, Share, Minutes, Rating }

/// <summary>One figure of the month: its label (a key of the report page's resources), how it is written, and its value.</summary>
public sealed record ReportFigure(string Key, FigureKind Kind, Func<MonthlyFigures, double?> Value)
{
    public object? Cell(MonthlyFigures figures) => Write(Kind, Value(figures));

    public string Label(IStringLocalizer<ReportPage> t) => Label(t, Key, Kind);

    public static object? Write(FigureKind kind, double? value) => value is not { } written
        ? null
        : kind switch
        {
            // Boxed as written: a count stays an int, not the double the other arms would make of it.
            FigureKind.Count => (object)(int)written,
            FigureKind.Share => Math.Round(written * 100, 1),
            FigureKind.Minutes => Math.Round(written, 1),
            _ => Math.Round(written, 2),
        };

    /// <summary>The label with the unit its cells are written in.</summary>
    public static string Label(IStringLocalizer<ReportPage> t, string key, FigureKind kind) => kind switch
    {
        FigureKind.Share => t["WithPercent", t[key]],
        FigureKind.Minutes => t["WithMinutes", t[key]],
        _ => t[key],
    };
}

/// <summary>
/// The monthly report as tables, headers and names in the current UI language: the workbook's sheets, and the tables the
/// report page prints. Empty figures stay empty cells (null), never zero or NaN.
/// </summary>
public static class ReportSheets
{
    /// <summary>Every figure of the summary, in reading order.</summary>
    public static readonly IReadOnlyList<ReportFigure> Summary =
    [
        new("Reported", FigureKind.Count, f => f.Orders.Reported),
        new("Closed", FigureKind.Count, f => f.Orders.Closed),
        new("Cancelled", FigureKind.Count, f => f.Orders.Cancelled),
        new("Returned", FigureKind.Count, f => f.Orders.Returned),
        new("VisitsDue", FigureKind.Count, f => f.Visits.Due),
        new("VisitsDone", FigureKind.Count, f => f.Visits.Visited),
        new("VisitsOverdue", FigureKind.Count, f => f.Visits.Overdue),
        new("VisitRate", FigureKind.Share, f => f.Visits.Rate),
        new("PersonTimes", FigureKind.Count, f => f.Services.PersonTimes),
        .. Durations("Acceptance", f => f.AcceptanceTime),
        .. Durations("Response", f => f.ResponseTime),
        new("SlaRate", FigureKind.Share, f => f.Sla.Rate),
        new("Callbacks", FigureKind.Count, f => f.Satisfaction.Callbacks),
        new("MeanRating", FigureKind.Rating, f => f.Satisfaction.MeanRating),
        new("ShareAtLeastFour", FigureKind.Share, f => f.Satisfaction.ShareAtLeastFour),
        new("ResourceLinks", FigureKind.Count, f => f.Resources.Links),
    ];

    /// <summary>The figures the per-station table compares, one column each.</summary>
    public static readonly IReadOnlyList<ReportFigure> StationColumns =
    [
        .. Summary.Where(f => f.Key is "Reported" or "Closed" or "Cancelled" or "Returned" or "VisitRate" or "PersonTimes"
            or "AcceptanceMedian" or "ResponseMedian" or "SlaRate" or "MeanRating"),
    ];

    public static IReadOnlyList<SheetTable> Build(
        MonthlyReport report, ReferenceData reference, IStringLocalizer<ReportPage> t, IStringLocalizer<SharedResource> l)
    {
        var figures = report.Figures;
        var services = figures.Services;
        var sheets = new List<SheetTable>
        {
            new(t["SheetSummary"], [t["Figure"], t["Value"]],
            [
                Row(t["Month"].Value, ReportMonth.Text(report.Month)),
                Row(t["Scope"].Value, report.StationName ?? t["City"].Value),
                Row(t["AsOf"].Value, StationTime.Format(report.AsOf, format: "yyyy-MM-dd HH:mm")),
                .. Summary.Select(f => Row(f.Label(t), f.Cell(figures))),
            ]),
            new(t["SheetServicesByType"], [l["ServiceTypeLabel"], t["PersonTimes"], t["ClosedOrders"]],
                [.. services.ByServiceType.Select(s => Row(l.Label(s.ServiceType), s.PersonTimes, s.ClosedOrders))]),
            new(t["SheetServicesByCategory"], [l["Category"], t["PersonTimes"], t["ClosedOrders"]],
                [.. services.ByCategory.Select(c => Row(reference.CategoryName(c.CategoryId), c.PersonTimes, c.ClosedOrders))]),
            new(t["SheetServiceCells"], [l["ServiceTypeLabel"], l["Category"], t["PersonTimes"], t["ClosedOrders"]],
                [.. services.Cells.Select(c => Row(l.Label(c.ServiceType), reference.CategoryName(c.CategoryId), c.PersonTimes, c.ClosedOrders))]),
        };
        if (report.IsCity)
        {
            sheets.Add(new(t["SheetStations"], [l["Station"], .. StationColumns.Select(f => f.Label(t))],
                [.. report.Stations.Select(s => Row([s.StationName, .. StationColumns.Select(f => f.Cell(s.Figures))]))]));
        }
        sheets.Add(Sla(figures.Sla, t, l));
        sheets.Add(new(t["SheetResources"], [t["ResourceName"], t["Links"]],
            [.. figures.Resources.Names.Select(r => Row(r.Name, r.Links))]));
        return sheets;
    }

    private static IEnumerable<ReportFigure> Durations(string measure, Func<MonthlyFigures, DurationStats> stats) =>
    [
        new($"{measure}Count", FigureKind.Count, f => stats(f).Count),
        new($"{measure}Mean", FigureKind.Minutes, f => stats(f).Mean?.TotalMinutes),
        new($"{measure}Median", FigureKind.Minutes, f => stats(f).Median?.TotalMinutes),
        new($"{measure}P90", FigureKind.Minutes, f => stats(f).P90?.TotalMinutes),
    ];

    /// <summary>Met and missed for each urgency and target, each urgency over both targets, and overall.</summary>
    private static SheetTable Sla(SlaMonth sla, IStringLocalizer<ReportPage> t, IStringLocalizer<SharedResource> l)
    {
        IReadOnlyList<object?> Line(string urgency, string target, IReadOnlyCollection<SlaCompliance> decided, double? share) =>
            Row(urgency, target, decided.Sum(s => s.Met), decided.Sum(s => s.Missed), ReportFigure.Write(FigureKind.Share, share));
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var urgency in Enum.GetValues<Urgency>())
        {
            var ofUrgency = sla.Targets.Where(s => s.Urgency == urgency).ToList();
            rows.AddRange(ofUrgency.Select(s => Line(l.Label(urgency), l.Label(s.Kind), [s], s.Rate)));
            rows.Add(Line(l.Label(urgency), t["AllTargets"], ofUrgency, sla.ByUrgency.GetValueOrDefault(urgency)));
        }
        rows.Add(Line(t["Overall"], t["AllTargets"], sla.Targets, sla.Rate));
        return new(t["SheetSla"], [l["UrgencyLabel"], t["Target"], t["Met"], t["Missed"], ReportFigure.Label(t, "SlaRate", FigureKind.Share)], rows);
    }

    private static IReadOnlyList<object?> Row(params object?[] cells) => cells;
}
