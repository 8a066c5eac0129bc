using Dispatch.Contracts.Demands;

namespace Dispatch.Contracts.Grains;

/// <summary>One grain per demand, keyed by demand id: the only writer of that demand and its timeline.</summary>
public interface IDemandGrain : IGrainWithStringKey
{
    Task<DemandResult> Execute(DemandCommand command, Actor actor);

    Task<Demand?> Get();
}
