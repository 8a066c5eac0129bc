using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Grains;
using Dispatch.Contracts.Recommendations;
using Microsoft.Extensions.Logging;

namespace Dispatch.Grains.Workload;

[GenerateSerializer]
public sealed class WorkloadState
{
    [Id(0)] public Dictionary<string, int> OpenOrdersByStation { get; set; } = [];
    [Id(1)] public Dictionary<string, WorkerWorkload> Workers { get; set; } = [];
}

[GenerateSerializer]
public sealed record WorkerWorkload([property: Id(0)] int OpenCases, [property: Id(1)] bool OnDuty);

/// <summary>
/// The city's load as the station and worker grains last reported it. The figures are absolute, so a report repeated
/// or lost to a crash is healed by the owner's next one. Written at most once per <see cref="WriteEvery"/>: at province
/// size the state is thousands of entries, and a write per change would cost more than the change.
/// </summary>
[GrainType("workload")]
public sealed class WorkloadGrain(
    [PersistentState("workload")] IPersistentState<WorkloadState> state, ILogger<WorkloadGrain> logger) : Grain, IWorkloadGrain
{
    public static readonly TimeSpan WriteEvery = TimeSpan.FromSeconds(2);

    private IGrainTimer? pendingWrite;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!state.RecordExists)
        {
            await Gather();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (pendingWrite is not null)
        {
            await Write(cancellationToken);
        }
    }

    public Task StationChanged(string stationId, int openOrders)
    {
        if (state.State.OpenOrdersByStation.GetValueOrDefault(stationId) != openOrders)
        {
            state.State.OpenOrdersByStation[stationId] = openOrders;
            WriteSoon();
        }
        return Task.CompletedTask;
    }

    public Task WorkerChanged(string workerId, int openCases, bool onDuty)
    {
        var figures = new WorkerWorkload(openCases, onDuty);
        if (state.State.Workers.GetValueOrDefault(workerId) != figures)
        {
            state.State.Workers[workerId] = figures;
            WriteSoon();
        }
        return Task.CompletedTask;
    }

    public async Task<Recommendations> Recommend(Demand demand)
    {
        var reference = await GrainFactory.GetGrain<ICityDirectoryGrain>(ICityDirectoryGrain.Key).Get();
        var stationId = demand.StationId ?? demand.HomeStationId;
        // A worker never reported is new and idle: no open cases, on duty (the worker grain's defaults).
        var workers = reference.Workers.Where(w => w.IsActive)
            .Select(w => (w.Id, w.StationId, Load: state.State.Workers.GetValueOrDefault(w.Id) ?? new WorkerWorkload(0, true)))
            .ToList();
        var stations = Recommender.RankStations(
            demand, reference, state.State.OpenOrdersByStation,
            workers.Where(w => w.Load.OnDuty).CountBy(w => w.StationId).ToDictionary(p => p.Key, p => p.Value));
        var ranked = Recommender.RankWorkers(
            demand, stationId, reference,
            workers.Where(w => w.StationId == stationId).ToDictionary(w => w.Id, w => w.Load.OpenCases),
            workers.Where(w => w.Load.OnDuty).Select(w => w.Id).ToHashSet());
        return new Recommendations(demand.Id, stationId, stations, ranked);
    }

    /// <summary>
    /// A store from before this grain existed holds the figures only in the station and worker grains: asked once, on
    /// the first activation, after which their reports keep them.
    /// </summary>
    private async Task Gather()
    {
        var reference = await GrainFactory.GetGrain<ICityDirectoryGrain>(ICityDirectoryGrain.Key).Get();
        var stations = await Task.WhenAll(reference.Stations.Select(async s =>
            (s.Id, Open: (await GrainFactory.GetGrain<IStationGrain>(s.Id).OpenOrders()).Count)));
        var workers = await Task.WhenAll(reference.Workers.Select(async w =>
        {
            var grain = GrainFactory.GetGrain<ISocialWorkerGrain>(w.Id);
            return (w.Id, Load: new WorkerWorkload((await grain.OpenCases()).Count, await grain.IsOnDuty()));
        }));
        state.State.OpenOrdersByStation = stations.ToDictionary(s => s.Id, s => s.Open);
        state.State.Workers = workers.ToDictionary(w => w.Id, w => w.Load);
        await state.WriteStateAsync();
        logger.LogInformation("Workload gathered from {Stations} stations and {Workers} workers", stations.Length, workers.Length);
    }

    private void WriteSoon() =>
        pendingWrite ??= this.RegisterGrainTimer(Write, new GrainTimerCreationOptions(WriteEvery, Timeout.InfiniteTimeSpan) { KeepAlive = true });

    private async Task Write(CancellationToken cancellation)
    {
        pendingWrite?.Dispose();
        pendingWrite = null;
        try
        {
            await state.WriteStateAsync(cancellation);
        }
        catch (Exception exception)
        {
            // The figures stay in memory and are written again after WriteEvery.
            logger.LogWarning(exception, "Writing the city's workload failed; trying again with the next change");
            WriteSoon();
        }
    }
}
