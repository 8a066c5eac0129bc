using System.Collections.Immutable;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Grains;

namespace Dispatch.Grains.Demands;

[GenerateSerializer]
public sealed class DemandIndexState
{
    [Id(0)] public Dictionary<string, DemandSummary> Demands { get; set; } = [];
}

/// <summary>One shard of the city-wide demand list. Keeps the newest version of each summary; older ones arriving late are ignored.</summary>
[GrainType("demand-index")]
public sealed class DemandIndexGrain([PersistentState("index")] IPersistentState<DemandIndexState> state) : Grain, IDemandIndexGrain
{
    private ImmutableList<DemandSummary>? snapshot;

    public async Task Upsert(DemandSummary summary)
    {
        if (state.State.Demands.TryGetValue(summary.Id, out var known) && known.Version >= summary.Version)
        {
            return;
        }
        state.State.Demands[summary.Id] = summary;
        snapshot = null;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not acknowledged: forget it in memory too, so memory never runs ahead of storage.
            if (known is null) { state.State.Demands.Remove(summary.Id); } else { state.State.Demands[summary.Id] = known; }
            throw;
        }
    }

    public Task<ImmutableList<DemandSummary>> List() =>
        Task.FromResult(snapshot ??= [.. state.State.Demands.Values]);
}
