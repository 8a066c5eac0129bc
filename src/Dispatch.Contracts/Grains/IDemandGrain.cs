using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;

namespace Dispatch.Contracts.Grains;

/// <summary>One grain per demand, keyed by demand id: the only writer of that demand and its timeline.</summary>
public interface IDemandGrain : IGrainWithStringKey
{
    /// <summary>Runs the command as <paramref name="user"/>: refused unless <see cref="AccessPolicy"/> lets this user act on this demand.</summary>
    Task<DemandResult> Execute(DemandCommand command, DispatchUser user);

    Task<Demand?> Get();

    /// <summary>
    /// Takes in a finished demand made elsewhere (the demo's past, a benchmark's history) as this grain's own, and shows
    /// it in every view. Only into an empty grain, and only a closed or cancelled demand with this grain's id: refused
    /// otherwise, changing nothing.
    /// </summary>
    Task<DemandResult> Import(Demand finished);
}
