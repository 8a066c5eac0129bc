using System.Collections.Immutable;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Sla;

namespace Dispatch.Contracts.Kpis;

/// <summary>Count, mean, median and 90th percentile (nearest rank) of a duration KPI; null figures when there is nothing to measure.</summary>
public sealed record DurationStats(int Count, TimeSpan? Mean, TimeSpan? Median, TimeSpan? P90);

/// <summary>Orders whose SLA outcome is decided for one urgency and one target: measured, or still waiting past the deadline.</summary>
public sealed record SlaCompliance(Urgency Urgency, SlaKind Kind, int Met, int Missed)
{
    public double? Rate => Met + Missed == 0 ? null : (double)Met / (Met + Missed);
}

public enum BacklogAge { UnderOneHour, OneToFourHours, FourToTwentyFourHours, OneToThreeDays, OverThreeDays }

/// <summary>Open orders now, whatever the time window.</summary>
public sealed record BacklogFigures(
    int Open,
    int Overdue,
    ImmutableSortedDictionary<DemandState, int> ByState,
    ImmutableSortedDictionary<Urgency, int> ByUrgency,
    ImmutableSortedDictionary<BacklogAge, int> ByAge);

public sealed record SatisfactionFigures(int Callbacks, double? MeanRating, double? ShareAtLeastFour);

/// <summary>Completed services (closed orders) by service type and person category.</summary>
public sealed record ServiceCount(ServiceType ServiceType, string CategoryId, int Count);

public sealed record KpiFigures(
    int Reported,
    int Closed,
    int Cancelled,
    DurationStats DispatchTime,
    DurationStats AcceptanceTime,
    DurationStats ResponseTime,
    DurationStats ResolutionTime,
    ImmutableList<SlaCompliance> Sla,
    double? SlaComplianceRate,
    BacklogFigures Backlog,
    int Dispatches,
    int Returns,
    double? ReturnRate,
    SatisfactionFigures Satisfaction,
    ImmutableList<ServiceCount> Services);

public sealed record StationKpis(string StationId, string StationName, KpiFigures Figures);

/// <summary>Open cases per worker and the communities they cover (target 2–3).</summary>
public sealed record WorkerLoad(string WorkerId, string WorkerName, string StationId, int OpenCases, int CommunitiesCovered);

/// <summary>
/// The overall figures of a scope (the city, or a station head's station) and its coverage, with the rows of stations'
/// figures and workers' load that were asked for (<see cref="KpiRows"/>): all, a page, or none.
/// </summary>
public sealed record KpiReport(
    DateTimeOffset ComputedAt,
    DateTimeOffset? From,
    DateTimeOffset? To,
    KpiFigures Overall,
    ImmutableList<StationKpis> Stations,
    ImmutableList<WorkerLoad> WorkerLoad,
    CoverageReport Coverage);
