using System.Collections.Immutable;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Grains;
using Dispatch.Grains.Demands;

namespace Dispatch.Grains.Stations;

/// <summary>A station's live order book: the open orders dispatched to it. Its count goes to the city's workload.</summary>
[GrainType("station")]
public sealed class StationGrain([PersistentState("station")] IPersistentState<OpenDemandBook> state) : Grain, IStationGrain
{
    public async Task Track(DemandSummary summary)
    {
        if (state.State.Track(summary, belongsHere: summary.StationId == this.GetPrimaryKeyString()))
        {
            await state.WriteStateAsync();
            await GrainFactory.GetGrain<IWorkloadGrain>(IWorkloadGrain.Key).StationChanged(this.GetPrimaryKeyString(), state.State.Open.Count);
        }
    }

    public Task<ImmutableList<DemandSummary>> OpenOrders() => Task.FromResult(state.State.List());
}
