using System.Collections.Immutable;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Sla;

namespace Dispatch.Contracts.Kpis;

/// <summary>
/// The KPI definitions of DESIGN.md as a pure function of demand summaries. Time-based figures cover demands reported in
/// [from, to); backlog, overdue and worker load are always "now". A demand counts for the station it is dispatched to,
/// or its home station while undispatched; returns count against the station that returned.
/// </summary>
public static class KpiCalculator
{
    public static KpiReport Compute(
        IReadOnlyCollection<DemandSummary> demands, ReferenceData reference, DateTimeOffset now,
        DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        bool InWindow(DemandSummary d) => (from is null || d.ReportedAt >= from) && (to is null || d.ReportedAt < to);
        var windowed = demands.Where(InWindow).ToList();
        var open = demands.Where(d => d.IsOpen).ToList();
        // Grouped once: a province has thousands of stations, and scanning every demand for each was quadratic.
        var windowedBy = windowed.ToLookup(AttributedStation);
        var openBy = open.ToLookup(AttributedStation);
        var dispatchesTo = windowed.SelectMany(d => d.DispatchedTo).CountBy(s => s).ToDictionary(p => p.Key, p => p.Value);
        var returnsBy = windowed.SelectMany(d => d.ReturnedBy).CountBy(s => s).ToDictionary(p => p.Key, p => p.Value);
        var stations = reference.Stations
            .Select(s => new StationKpis(s.Id, s.Name, Figures(
                [.. windowedBy[s.Id]], [.. openBy[s.Id]], dispatchesTo.GetValueOrDefault(s.Id), returnsBy.GetValueOrDefault(s.Id), reference.Sla, now)))
            .ToImmutableList();
        var openCases = open
            .Where(d => d.WorkerId is not null)
            .CountBy(d => d.WorkerId!)
            .ToDictionary(p => p.Key, p => p.Value);
        var load = reference.Workers
            .Where(w => w.IsActive)
            .Select(w => new WorkerLoad(w.Id, w.Name, w.StationId, openCases.GetValueOrDefault(w.Id), w.CommunityIds.Count))
            .ToImmutableList();
        var overall = Figures(windowed, open, windowed.Sum(d => d.DispatchedTo.Count), windowed.Sum(d => d.ReturnedBy.Count), reference.Sla, now);
        return new KpiReport(now, from, to, overall, stations, load, Coverage.Analyse(reference));
    }

    public static string AttributedStation(DemandSummary demand) => demand.StationId ?? demand.HomeStationId;

    /// <summary>
    /// The figures of one scope (the city, or a station): <paramref name="mine"/> are its demands reported in the window,
    /// <paramref name="open"/> its open ones now, with the dispatches to it and the returns by it in the window.
    /// </summary>
    private static KpiFigures Figures(
        List<DemandSummary> mine, List<DemandSummary> open, int dispatches, int returns, SlaTargets targets, DateTimeOffset now)
    {
        var sla = SlaFigures(mine, targets, now);
        var ratings = mine.Where(d => d.SatisfactionRating is not null).Select(d => d.SatisfactionRating!.Value).ToList();

        return new KpiFigures(
            Reported: mine.Count,
            Closed: mine.Count(d => d.State == DemandState.Closed),
            Cancelled: mine.Count(d => d.State == DemandState.Cancelled),
            DispatchTime: Stats(mine, d => d.FirstDispatchedAt - d.ReportedAt),
            AcceptanceTime: Stats(mine, AcceptanceTimeOf),
            ResponseTime: Stats(mine, ResponseTimeOf),
            ResolutionTime: Stats(mine, d => d.ClosedAt - d.ReportedAt),
            Sla: sla,
            SlaComplianceRate: ComplianceRate(sla),
            Backlog: Backlog(open, now),
            Dispatches: dispatches,
            Returns: returns,
            ReturnRate: dispatches == 0 ? null : (double)returns / dispatches,
            Satisfaction: new SatisfactionFigures(
                ratings.Count,
                ratings.Count == 0 ? null : ratings.Average(),
                ratings.Count == 0 ? null : (double)ratings.Count(r => r >= 4) / ratings.Count),
            Services: mine
                .Where(d => d.State == DemandState.Closed)
                .GroupBy(d => (d.ServiceType, d.CategoryId))
                .Select(g => new ServiceCount(g.Key.ServiceType, g.Key.CategoryId, g.Count()))
                .OrderBy(s => s.ServiceType).ThenBy(s => s.CategoryId, StringComparer.Ordinal)
                .ToImmutableList());
    }

    /// <summary>Acceptance time: acceptance − last dispatch; null until accepted.</summary>
    public static TimeSpan? AcceptanceTimeOf(DemandSummary demand) => demand.AcceptedAt - demand.DispatchedAt;

    /// <summary>Response time: first contact − report; null until contacted.</summary>
    public static TimeSpan? ResponseTimeOf(DemandSummary demand) => demand.FirstContactAt - demand.ReportedAt;

    /// <summary>Met ÷ decided over every urgency and target; null when nothing is decided yet.</summary>
    public static double? ComplianceRate(IReadOnlyCollection<SlaCompliance> figures)
    {
        var met = figures.Sum(s => s.Met);
        var decided = met + figures.Sum(s => s.Missed);
        return decided == 0 ? null : (double)met / decided;
    }

    /// <summary>
    /// An order's outcome for a target is decided once it is measured (the timestamp exists) or once it is still
    /// waiting past the deadline (missed); orders still within their deadline are not counted yet.
    /// </summary>
    public static ImmutableList<SlaCompliance> SlaFigures(IEnumerable<DemandSummary> demands, SlaTargets targets, DateTimeOffset now)
    {
        var figures = ImmutableList.CreateBuilder<SlaCompliance>();
        foreach (var urgency in Enum.GetValues<Urgency>())
        {
            var target = targets.For(urgency);
            var ofUrgency = demands.Where(d => d.Urgency == urgency).ToList();
            int acceptMet = 0, acceptMissed = 0, contactMet = 0, contactMissed = 0;
            foreach (var d in ofUrgency)
            {
                if (d is { AcceptedAt: { } accepted, DispatchedAt: { } dispatched })
                {
                    if (accepted - dispatched <= target.AcceptWithin) { acceptMet++; } else { acceptMissed++; }
                }
                else if (d is { State: DemandState.Dispatched, DispatchedAt: { } waiting } && now - waiting > target.AcceptWithin)
                {
                    acceptMissed++;
                }

                if (d.FirstContactAt is { } contact)
                {
                    if (contact - d.ReportedAt <= target.ContactWithin) { contactMet++; } else { contactMissed++; }
                }
                else if (d.IsOpen && now - d.ReportedAt > target.ContactWithin)
                {
                    contactMissed++;
                }
            }
            figures.Add(new SlaCompliance(urgency, SlaKind.Acceptance, acceptMet, acceptMissed));
            figures.Add(new SlaCompliance(urgency, SlaKind.Contact, contactMet, contactMissed));
        }
        return figures.ToImmutable();
    }

    private static BacklogFigures Backlog(List<DemandSummary> open, DateTimeOffset now) => new(
        open.Count,
        open.Count(d => d.IsOverdue),
        Count(open, d => d.State),
        Count(open, d => d.Urgency),
        Count(open, d => AgeOf(now - d.ReportedAt)));

    public static BacklogAge AgeOf(TimeSpan age) => age switch
    {
        _ when age < TimeSpan.FromHours(1) => BacklogAge.UnderOneHour,
        _ when age < TimeSpan.FromHours(4) => BacklogAge.OneToFourHours,
        _ when age < TimeSpan.FromHours(24) => BacklogAge.FourToTwentyFourHours,
        _ when age < TimeSpan.FromDays(3) => BacklogAge.OneToThreeDays,
        _ => BacklogAge.OverThreeDays,
    };

    private static ImmutableSortedDictionary<TKey, int> Count<TKey>(List<DemandSummary> demands, Func<DemandSummary, TKey> key)
        where TKey : struct, Enum =>
        Enum.GetValues<TKey>().ToImmutableSortedDictionary(k => k, k => demands.Count(d => key(d).Equals(k)));

    /// <summary>Nearest-rank percentiles: the p-th percentile is the value at rank ⌈p·n⌉ of the sorted sample.</summary>
    public static DurationStats Stats(IEnumerable<DemandSummary> demands, Func<DemandSummary, TimeSpan?> measure)
    {
        var values = demands.Select(measure).Where(v => v is not null).Select(v => v!.Value).Order().ToList();
        if (values.Count == 0)
        {
            return new DurationStats(0, null, null, null);
        }
        TimeSpan Percentile(double p) => values[Math.Max(0, (int)Math.Ceiling(p * values.Count) - 1)];
        var mean = TimeSpan.FromTicks((long)values.Average(v => v.Ticks));
        return new DurationStats(values.Count, mean, Percentile(0.5), Percentile(0.9));
    }
}
