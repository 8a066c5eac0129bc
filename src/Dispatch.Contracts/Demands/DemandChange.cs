namespace Dispatch.Contracts.Demands;

/// <summary>A written change of a demand: its new summary and the event that made it. Published once per change.</summary>
[GenerateSerializer, Immutable]
public sealed record DemandChange(
    [property: Id(0)] DemandSummary Summary,
    [property: Id(1)] DemandEvent Event);
