using System.Collections.Immutable;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Contracts.Kpis;
using Dispatch.Contracts.Sla;

namespace Dispatch.Contracts.Reports;

/// <summary>
/// The monthly report as a pure function of its inputs; which demands count in which figure is written on
/// <see cref="MonthlyFigures"/>. Months are China-local (<see cref="ChinaCalendar"/>): a demand reported at
/// 2026-10-31T16:30Z is November's.
/// </summary>
public static class MonthlyReportCalculator
{
    /// <summary>
    /// The report of <paramref name="month"/> (any day of it) for the station <paramref name="stationId"/>, or the city
    /// with a per-station breakdown when it is null, computed at <paramref name="now"/>.
    /// </summary>
    public static MonthlyReport Compute(
        ReportInputs inputs, ReferenceData reference, DateOnly month, string? stationId, DateTimeOffset now)
    {
        var first = ChinaCalendar.FirstOfMonth(month);
        var window = new Window(first, ChinaCalendar.StartOf(first), ChinaCalendar.StartOf(first.AddMonths(1)));
        // A report stands at the month's end once the month is over, so it does not drift as time passes: an order still
        // waiting at the end is charged a missed SLA only if its deadline had passed by then, and the visit plan judges
        // overdue visits on the day after the month (when every owed visit is late). Before the end, it stands now.
        var asOf = now < window.End ? now : window.End;
        var visits = VisitPlan.Rates(inputs.Persons, reference, first, ChinaCalendar.DateOf(asOf));

        MonthlyFigures FiguresOf(string? station) => Figures(inputs, reference.Sla, window, asOf, station,
            station is null ? visits.City : visits.ByStation.GetValueOrDefault(station, VisitRate.None));

        var stations = stationId is null
            ? [.. reference.Stations.Select(s => new StationMonth(s.Id, s.Name, FiguresOf(s.Id)))]
            : ImmutableList<StationMonth>.Empty;
        return new MonthlyReport(first, stationId, stationId is null ? null : reference.FindStation(stationId)?.Name,
            now, asOf, FiguresOf(stationId), stations);
    }

    /// <summary>The month as local dates (for services and links) and as the instants [Start, End) (for timestamps).</summary>
    private sealed record Window(DateOnly First, DateTimeOffset Start, DateTimeOffset End)
    {
        public bool Contains(DateTimeOffset? at) => at >= Start && at < End;

        public bool Contains(DateOnly day) => day >= First && day < First.AddMonths(1);
    }

    private static MonthlyFigures Figures(
        ReportInputs inputs, SlaTargets targets, Window window, DateTimeOffset asOf, string? stationId, VisitRate visits)
    {
        IReadOnlyCollection<DemandSummary> mine = stationId is null
            ? inputs.Demands
            : [.. inputs.Demands.Where(d => KpiCalculator.AttributedStation(d) == stationId)];
        var reported = mine.Where(d => window.Contains(d.ReportedAt)).ToList();
        var closed = mine.Where(d => window.Contains(d.ClosedAt)).ToList();
        // Returns count against the station that returned, whoever holds the demand now (as in the KPIs).
        var returned = inputs.Demands
            .Where(d => window.Contains(d.ReportedAt))
            .Sum(d => d.ReturnedBy.Count(s => stationId is null || s == stationId));
        var sla = KpiCalculator.SlaFigures(reported, targets, asOf);

        return new MonthlyFigures(
            new OrderCounts(reported.Count, closed.Count, mine.Count(d => window.Contains(d.CancelledAt)), returned),
            visits,
            Services(mine, closed, window),
            KpiCalculator.Stats(reported, KpiCalculator.ResponseTimeOf),
            KpiCalculator.Stats(reported, KpiCalculator.AcceptanceTimeOf),
            new SlaMonth(
                sla,
                Enum.GetValues<Urgency>().ToImmutableSortedDictionary(
                    u => u, u => KpiCalculator.ComplianceRate([.. sla.Where(s => s.Urgency == u)])),
                KpiCalculator.ComplianceRate(sla)),
            Satisfaction(closed),
            Resources(mine, window));
    }

    private static ServiceFigures Services(
        IEnumerable<DemandSummary> mine, IReadOnlyCollection<DemandSummary> closed, Window window)
    {
        var delivered = mine
            .SelectMany(d => d.Services.Where(s => window.Contains(s.On)).Select(s => (s.ServiceType, d.CategoryId, s.PersonTimes)))
            .ToList();
        var cells = delivered.Select(s => (s.ServiceType, s.CategoryId))
            .Concat(closed.Select(d => (d.ServiceType, d.CategoryId)))
            .Distinct()
            .Select(key => new ServiceCell(key.ServiceType, key.CategoryId,
                delivered.Where(s => (s.ServiceType, s.CategoryId) == key).Sum(s => s.PersonTimes),
                closed.Count(d => (d.ServiceType, d.CategoryId) == key)))
            .OrderBy(c => c.ServiceType).ThenBy(c => c.CategoryId, StringComparer.Ordinal)
            .ToImmutableList();
        return new ServiceFigures(
            cells.Sum(c => c.PersonTimes),
            cells.Sum(c => c.ClosedOrders),
            [.. Enum.GetValues<ServiceType>().Select(t => new ServiceTypeTotal(t,
                cells.Where(c => c.ServiceType == t).Sum(c => c.PersonTimes),
                cells.Where(c => c.ServiceType == t).Sum(c => c.ClosedOrders)))],
            [.. cells.GroupBy(c => c.CategoryId)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new CategoryTotal(g.Key, g.Sum(c => c.PersonTimes), g.Sum(c => c.ClosedOrders)))],
            cells);
    }

    /// <summary>Callbacks of the demands closed in the month: a monthly report judges the work finished in it.</summary>
    private static SatisfactionFigures Satisfaction(IEnumerable<DemandSummary> closed)
    {
        var ratings = closed.Select(d => d.SatisfactionRating).OfType<int>().ToList();
        return ratings.Count == 0
            ? new SatisfactionFigures(0, null, null)
            : new SatisfactionFigures(ratings.Count, ratings.Average(), ratings.Count(r => r >= 4) / (double)ratings.Count);
    }

    private static ResourceFigures Resources(
        IEnumerable<DemandSummary> mine, Window window)
    {
        var names = mine.SelectMany(d => d.ResourcesLinked).Where(r => window.Contains(r.On)).Select(r => r.Name).ToList();
        return new ResourceFigures(names.Count, [.. names
            .CountBy(n => n)
            .Select(p => new ResourceCount(p.Key, p.Value))
            .OrderByDescending(r => r.Links).ThenBy(r => r.Name, StringComparer.Ordinal)]);
    }
}
