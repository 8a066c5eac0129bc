using System.Collections.Immutable;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Contracts.Kpis;

namespace Dispatch.Contracts.Reports;

/// <summary>
/// Order counts of the month, each by the month its own event falls in: <see cref="Reported"/> by report time,
/// <see cref="Closed"/> by close time, <see cref="Cancelled"/> by cancel time. A summary does not date its returns, so
/// <see cref="Returned"/> counts the returns (退回) of demands reported in the month, charged to the station that returned.
/// </summary>
public sealed record OrderCounts(int Reported, int Closed, int Cancelled, int Returned);

/// <summary>One service type for one person category: person-times delivered in the month, and orders closed in it.</summary>
public sealed record ServiceCell(ServiceType ServiceType, string CategoryId, int PersonTimes, int ClosedOrders);

public sealed record ServiceTypeTotal(ServiceType ServiceType, int PersonTimes, int ClosedOrders);

public sealed record CategoryTotal(string CategoryId, int PersonTimes, int ClosedOrders);

/// <summary>
/// 服务人次 and closed orders. Person-times: the sum of the person-times of services delivered (at the Execution step) on
/// a day of the month, by the service's own type and the demand's person category, whatever month the demand was
/// reported or closed in. Closed orders: demands closed in the month, by the demand's service type and person category.
/// <see cref="ByServiceType"/> lists all six types, zeros included; the category and cell lists only what has a figure.
/// </summary>
public sealed record ServiceFigures(
    int PersonTimes,
    int ClosedOrders,
    ImmutableList<ServiceTypeTotal> ByServiceType,
    ImmutableList<CategoryTotal> ByCategory,
    ImmutableList<ServiceCell> Cells);

public sealed record ResourceCount(string Name, int Links);

/// <summary>Resources linked on a day of the month: every link, and each distinct name with its links, most linked first.</summary>
public sealed record ResourceFigures(int Links, ImmutableList<ResourceCount> Names);

/// <summary>
/// SLA compliance of the demands reported in the month (see <see cref="KpiCalculator.SlaFigures"/>): each urgency and
/// target, each urgency over both targets, and overall; a rate is null when nothing is decided.
/// </summary>
public sealed record SlaMonth(
    ImmutableList<SlaCompliance> Targets,
    ImmutableSortedDictionary<Urgency, double?> ByUrgency,
    double? Rate);

/// <summary>
/// The month's figures for one scope (a station or the city). Which demands count where:
/// <list type="bullet">
/// <item>reported in the month: <see cref="OrderCounts.Reported"/>, <see cref="OrderCounts.Returned"/>,
/// <see cref="AcceptanceTime"/>, <see cref="ResponseTime"/> and <see cref="Sla"/>;</item>
/// <item>closed in the month: <see cref="OrderCounts.Closed"/>, <see cref="ServiceFigures.ClosedOrders"/> and
/// <see cref="Satisfaction"/> (their callbacks, whenever recorded);</item>
/// <item>cancelled in the month: <see cref="OrderCounts.Cancelled"/>;</item>
/// <item>any demand, by the date of the service or link: <see cref="ServiceFigures.PersonTimes"/> and <see cref="Resources"/>;</item>
/// <item>key persons due in the month: <see cref="Visits"/> (走访率, <see cref="VisitPlan.Rates"/>).</item>
/// </list>
/// A demand belongs to the station holding it, or its home station while undispatched (<see cref="KpiCalculator.AttributedStation"/>).
/// Durations are measured with whatever timestamps exist when the report is computed.
/// </summary>
public sealed record MonthlyFigures(
    OrderCounts Orders,
    VisitRate Visits,
    ServiceFigures Services,
    DurationStats ResponseTime,
    DurationStats AcceptanceTime,
    SlaMonth Sla,
    SatisfactionFigures Satisfaction,
    ResourceFigures Resources);

public sealed record StationMonth(string StationId, string StationName, MonthlyFigures Figures);

/// <summary>
/// The monthly report (月报) of one China-local month for one station (<see cref="StationId"/> set, no
/// <see cref="Stations"/>) or the city (<see cref="StationId"/> null, one entry per station). <see cref="AsOf"/> is the
/// instant the report stands at: the month's end once it is over, otherwise when it was computed.
/// </summary>
public sealed record MonthlyReport(
    DateOnly Month,
    string? StationId,
    string? StationName,
    DateTimeOffset ComputedAt,
    DateTimeOffset AsOf,
    MonthlyFigures Figures,
    ImmutableList<StationMonth> Stations)
{
    public bool IsCity => StationId is null;

    /// <summary>Whether the month was over when the report was computed; until then its figures still move.</summary>
    public bool IsComplete => AsOf < ComputedAt;
}
