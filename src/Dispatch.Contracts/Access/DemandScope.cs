using Dispatch.Contracts.Demands;

namespace Dispatch.Contracts.Access;

public enum DemandScopeKind
{
    Nothing,
    City,
    Station,
    Worker,
}

/// <summary>
/// Which demands a user may see (see <see cref="AccessPolicy.ViewScope"/>): the whole city, the orders at one station, one
/// worker's cases, or nothing. It travels with a query so the grains that hold the demands apply it themselves.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DemandScope([property: Id(0)] DemandScopeKind Kind, [property: Id(1)] string? Id = null)
{
    public static DemandScope City { get; } = new(DemandScopeKind.City);

    public static DemandScope Nothing { get; } = new(DemandScopeKind.Nothing);

    public bool Includes(DemandSummary? demand) => Kind switch
    {
        DemandScopeKind.City => true,
        DemandScopeKind.Station => Id is not null && demand?.StationId == Id,
        DemandScopeKind.Worker => Id is not null && demand?.WorkerId == Id,
        _ => false,
    };
}
