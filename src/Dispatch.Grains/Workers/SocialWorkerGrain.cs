using System.Collections.Immutable;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Grains;
using Dispatch.Grains.Demands;

namespace Dispatch.Grains.Workers;

[GenerateSerializer]
public sealed class SocialWorkerState
{
    [Id(0)] public OpenDemandBook Cases { get; set; } = new();
    [Id(1)] public bool OnDuty { get; set; } = true;
}

/// <summary>A social worker's open cases and duty status; both go to the city's workload when they change.</summary>
[GrainType("worker")]
public sealed class SocialWorkerGrain([PersistentState("worker")] IPersistentState<SocialWorkerState> state) : Grain, ISocialWorkerGrain
{
    public async Task Track(DemandSummary summary)
    {
        if (state.State.Cases.Track(summary, belongsHere: summary.WorkerId == this.GetPrimaryKeyString()))
        {
            await state.WriteStateAsync();
            await ReportWorkload();
        }
    }

    public Task<ImmutableList<DemandSummary>> OpenCases() => Task.FromResult(state.State.Cases.List());

    public Task<bool> IsOnDuty() => Task.FromResult(state.State.OnDuty);

    public async Task SetOnDuty(bool onDuty)
    {
        if (state.State.OnDuty != onDuty)
        {
            state.State.OnDuty = onDuty;
            await state.WriteStateAsync();
            await ReportWorkload();
        }
    }

    private Task ReportWorkload() =>
        GrainFactory.GetGrain<IWorkloadGrain>(IWorkloadGrain.Key)
            .WorkerChanged(this.GetPrimaryKeyString(), state.State.Cases.Open.Count, state.State.OnDuty);
}
