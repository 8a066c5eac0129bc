using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.KeyPersons;

namespace Dispatch.Contracts.Reports;

/// <summary>A service delivered at the Execution step (执行方案): 服务人次 counts its person-times.</summary>
public sealed record ServiceDelivered(ServiceType ServiceType, int PersonTimes, DateOnly On);

/// <summary>A resource linked in a demand's plan (资源链接), on a China-local date.</summary>
public sealed record ResourceLinked(string Name, DateOnly On);

/// <summary>
/// Everything a monthly report is computed from: the demand summaries, the key persons (for the visit rate), and how to
/// read the services delivered and resources linked of a demand. The last two are functions so the report does not
/// depend on where the casework records keep them.
/// </summary>
public sealed record ReportInputs(
    IReadOnlyCollection<DemandSummary> Demands,
    IReadOnlyCollection<KeyPersonSummary> Persons,
    Func<DemandSummary, IEnumerable<ServiceDelivered>> ServicesOf,
    Func<DemandSummary, IEnumerable<ResourceLinked>> ResourcesOf)
{
    /// <summary>
    /// The inputs as the summaries carry them. Summaries do not record services and resources yet (the casework forms add
    /// <c>Services</c> and <c>Resources</c> to <see cref="DemandSummary"/>), so until then every demand has none.
    /// </summary>
    public static ReportInputs Of(IReadOnlyCollection<DemandSummary> demands, IReadOnlyCollection<KeyPersonSummary> persons) =>
        new(demands, persons, _ => [], _ => []);
}
