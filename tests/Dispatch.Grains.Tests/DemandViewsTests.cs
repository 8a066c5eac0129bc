using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Grains;
using Dispatch.Grains.Demands;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Storage;
using static Dispatch.Grains.Tests.TestCity;

namespace Dispatch.Grains.Tests;

/// <summary>The station, worker and index views follow every written change of a demand.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DemandViewsTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Stations_workers_and_the_index_follow_dispatch_return_redispatch_assign_reassign_and_close()
    {
        var id = NewDemandId("views");
        var grain = fixture.Demand(id);
        var clock = fixture.Clock;

        var demand = await grain.Execute(Report(Yingbin, Urgency.Normal), Dispatcher).Ok();
        await AssertIndexHolds(demand);
        await AssertNotAtStation(ChengxiangStation, id);
        await AssertNotAtStation(ShaxiStation, id);

        // Dispatch to the home station: it shows in that station's order book only.
        clock.Advance(TimeSpan.FromMinutes(3));
        demand = await grain.Execute(new DispatchDemand(ChengxiangStation), Dispatcher).Ok();
        await AssertAtStation(ChengxiangStation, demand);
        await AssertNotAtStation(ShaxiStation, id);
        await AssertIndexHolds(demand);

        // The station returns it: gone from that station, back to Reported in the index.
        clock.Advance(TimeSpan.FromMinutes(4));
        demand = await grain.Execute(new ReturnDemand("该户实际居住在沙溪镇"), ChengxiangHead).Ok();
        Assert.Equal(DemandState.Reported, demand.State);
        await AssertNotAtStation(ChengxiangStation, id);
        await AssertNotAtStation(ShaxiStation, id);
        await AssertIndexHolds(demand);
        var indexed = await IndexedSummary(id);
        Assert.Null(indexed.StationId);
        Assert.Equal([ChengxiangStation], indexed.ReturnedBy);

        // Re-dispatch to the other station: there now, still not at the first one.
        clock.Advance(TimeSpan.FromMinutes(2));
        demand = await grain.Execute(new DispatchDemand(ShaxiStation, "转沙溪镇"), Dispatcher).Ok();
        await AssertAtStation(ShaxiStation, demand);
        await AssertNotAtStation(ChengxiangStation, id);
        await AssertIndexHolds(demand);
        Assert.Equal([ChengxiangStation, ShaxiStation], (await IndexedSummary(id)).DispatchedTo);

        clock.Advance(TimeSpan.FromMinutes(6));
        demand = await grain.Execute(new AcceptDemand(), ShaxiHead).Ok();
        await AssertAtStation(ShaxiStation, demand);
        await AssertIndexHolds(demand);

        // Assign: the worker's open cases hold it; the station still does (it is open there).
        clock.Advance(TimeSpan.FromMinutes(1));
        demand = await grain.Execute(new AssignDemand(WorkerWang), ShaxiHead).Ok();
        await AssertWorkerHas(WorkerWang, demand);
        await AssertWorkerHasNot(WorkerZhao, id);
        await AssertAtStation(ShaxiStation, demand);
        await AssertIndexHolds(demand);

        // Re-assign: it moves from one worker to the other.
        clock.Advance(TimeSpan.FromMinutes(1));
        demand = await grain.Execute(new AssignDemand(WorkerZhao, "王社工休假"), ShaxiHead).Ok();
        await AssertWorkerHas(WorkerZhao, demand);
        await AssertWorkerHasNot(WorkerWang, id);
        await AssertAtStation(ShaxiStation, demand);
        await AssertIndexHolds(demand);

        clock.Advance(TimeSpan.FromMinutes(30));
        demand = await grain.Execute(new RecordContact("已上门"), Zhao).Ok();
        await AssertWorkerHas(WorkerZhao, demand);
        await AssertAtStation(ShaxiStation, demand);
        await AssertIndexHolds(demand);
        foreach (var step in Enum.GetValues<CaseworkStep>())
        {
            clock.Advance(TimeSpan.FromHours(1));
            demand = await grain.Execute(Step(step, clock.GetUtcNow(), $"{step} 完成"), Zhao).Ok();
            await AssertWorkerHas(WorkerZhao, demand);
            await AssertAtStation(ShaxiStation, demand);
            await AssertIndexHolds(demand);
        }

        // Close: both the station and the worker drop it; the index keeps it, closed.
        clock.Advance(TimeSpan.FromHours(1));
        demand = await grain.Execute(new CloseDemand("结案"), Zhao).Ok();
        await AssertNotAtStation(ShaxiStation, id);
        await AssertNotAtStation(ChengxiangStation, id);
        await AssertWorkerHasNot(WorkerZhao, id);
        await AssertWorkerHasNot(WorkerWang, id);
        await AssertIndexHolds(demand);
        Assert.Equal(DemandState.Closed, (await IndexedSummary(id)).State);

        // The callback still reaches the index.
        demand = await grain.Execute(new RecordCallback(4, null), Dispatcher).Ok();
        await AssertIndexHolds(demand);
        Assert.Equal(4, (await IndexedSummary(id)).SatisfactionRating);
    }

    [Fact]
    public async Task A_cancelled_demand_leaves_its_station_and_worker_and_shows_cancelled_in_the_index()
    {
        var id = NewDemandId("cancel");
        var grain = fixture.Demand(id);

        await grain.Execute(Report(Dongmen), Dispatcher).Ok();
        await grain.Execute(new DispatchDemand(ChengxiangStation), Dispatcher).Ok();
        await grain.Execute(new AcceptDemand(), ChengxiangHead).Ok();
        var demand = await grain.Execute(new AssignDemand(WorkerLi), ChengxiangHead).Ok();
        await AssertAtStation(ChengxiangStation, demand);
        await AssertWorkerHas(WorkerLi, demand);

        fixture.Clock.Advance(TimeSpan.FromMinutes(2));
        demand = await grain.Execute(new CancelDemand("居民已自行解决"), Dispatcher).Ok();

        Assert.Equal(DemandState.Cancelled, demand.State);
        await AssertNotAtStation(ChengxiangStation, id);
        await AssertWorkerHasNot(WorkerLi, id);
        await AssertIndexHolds(demand);
        Assert.Equal(fixture.Clock.GetUtcNow(), (await IndexedSummary(id)).CancelledAt);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Views ignore stale versions: a summary older than the one held never replaces it.
    // ---------------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task The_index_shard_keeps_the_newer_summary_when_an_older_one_arrives_late()
    {
        var id = NewDemandId("stale-index");
        var shard = fixture.IndexShardOf(id);
        var newer = Summary(id, 6, DemandState.InService, ShaxiStation, WorkerWang);
        var older = Summary(id, 4, DemandState.Accepted, ShaxiStation, null);

        await shard.Upsert(newer);
        await shard.Upsert(older);

        DemandAssert.Same(newer, Assert.Single(await shard.List(), s => s.Id == id));

        // Same version again (a re-publish) changes nothing either; a newer one replaces it.
        await shard.Upsert(newer with { State = DemandState.Cancelled });
        DemandAssert.Same(newer, Assert.Single(await shard.List(), s => s.Id == id));
        var newest = Summary(id, 7, DemandState.Closed, ShaxiStation, WorkerWang);
        await shard.Upsert(newest);
        DemandAssert.Same(newest, Assert.Single(await shard.List(), s => s.Id == id));
    }

    [Fact]
    public async Task An_index_shard_folds_its_log_into_a_snapshot_and_comes_back_whole_after_deactivation()
    {
        var shard = fixture.Grains.GetGrain<IDemandIndexGrain>(DemandIndex.ShardCount - 1);
        var ids = Enumerable.Range(0, DemandIndexGrain.MinAppendsBeforeCompaction + 50).Select(i => NewDemandId($"fold-{i}")).ToList();
        foreach (var id in ids)
        {
            await shard.Upsert(Summary(id, 1, DemandState.Reported, null, null));
        }
        // Newer versions of every other one, and a stale one that must not win after the reload.
        foreach (var id in ids.Where((_, i) => i % 2 == 0))
        {
            await shard.Upsert(Summary(id, 2, DemandState.Dispatched, ShaxiStation, null));
            await shard.Upsert(Summary(id, 1, DemandState.Reported, null, null));
        }

        var stored = await fixture.RecordLog.Load<DemandSummary>($"demand-index-{DemandIndex.ShardCount - 1}");
        Assert.NotEmpty(stored.Snapshot);
        Assert.True(stored.Position.LogLength < DemandIndexGrain.MinAppendsBeforeCompaction + 50, $"{stored.Position.LogLength} appends since the last compaction");
        await fixture.Cluster.DeactivateAsync(shard);
        Assert.False(fixture.Cluster.TryGetGrainContext(shard.GetGrainId(), out _), "the shard is still active");

        var listed = (await shard.List()).Where(s => ids.Contains(s.Id)).ToDictionary(s => s.Id, s => s.Version);
        Assert.Equal(ids.Count, listed.Count);
        Assert.All(ids.Select((id, i) => (id, expected: i % 2 == 0 ? 2 : 1)), e => Assert.Equal(e.expected, listed[e.id]));
    }

    [Fact]
    public async Task A_shard_stored_the_old_way_moves_into_its_record_log_once_and_keeps_the_newer_version()
    {
        var shard = fixture.Grains.GetGrain<IDemandIndexGrain>(1_000);
        var (closed, updated) = (NewDemandId("legacy-closed"), NewDemandId("legacy-updated"));
        await shard.Upsert(Summary(updated, 3, DemandState.Accepted, ShaxiStation, null));
        await fixture.Cluster.DeactivateAsync(shard);
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        var old = new GrainState<LegacyDemandIndexState>(new LegacyDemandIndexState
        {
            Demands =
            {
                [closed] = Summary(closed, 7, DemandState.Closed, ShaxiStation, WorkerWang),
                [updated] = Summary(updated, 2, DemandState.Dispatched, ShaxiStation, null),
            },
        });
        await storage.WriteStateAsync("index", shard.GetGrainId(), old);

        var listed = (await shard.List()).ToDictionary(s => s.Id, s => s.Version);

        Assert.Equal(7, listed[closed]);
        Assert.Equal(3, listed[updated]);
        var left = new GrainState<LegacyDemandIndexState>();
        await storage.ReadStateAsync("index", shard.GetGrainId(), left);
        Assert.False(left.RecordExists, "the old single-blob state is still there");
        await fixture.Cluster.DeactivateAsync(shard);
        Assert.Equal(7, (await shard.List()).Single(s => s.Id == closed).Version);
    }

    [Fact]
    public async Task A_station_keeps_the_newer_order_when_an_older_summary_arrives_late()
    {
        var id = NewDemandId("stale-station");
        var station = fixture.Station(ChengxiangStation);
        var newer = Summary(id, 3, DemandState.Accepted, ChengxiangStation, null);

        await station.Track(newer);
        await station.Track(Summary(id, 2, DemandState.Dispatched, ChengxiangStation, null));
        DemandAssert.Same(newer, Assert.Single(await station.OpenOrders(), s => s.Id == id));

        // An older summary saying "not here any more" must not drop the newer open order either.
        await station.Track(Summary(id, 1, DemandState.Reported, null, null));
        DemandAssert.Same(newer, Assert.Single(await station.OpenOrders(), s => s.Id == id));
    }

    [Fact]
    public async Task A_worker_keeps_the_newer_case_when_an_older_summary_arrives_late()
    {
        var id = NewDemandId("stale-worker");
        var worker = fixture.Worker(WorkerLi);
        var newer = Summary(id, 6, DemandState.InService, ChengxiangStation, WorkerLi);

        await worker.Track(newer);
        await worker.Track(Summary(id, 5, DemandState.Assigned, ChengxiangStation, WorkerLi));
        DemandAssert.Same(newer, Assert.Single(await worker.OpenCases(), s => s.Id == id));
    }

    /// <summary>
    /// The order left the station (returned at v3); the late v2 ("dispatched here") must not bring it back: nothing
    /// would ever remove it again, since the demand no longer publishes to that station.
    /// </summary>
    [Fact]
    public async Task A_station_does_not_take_back_an_order_it_dropped_when_an_older_summary_arrives_late()
    {
        var id = NewDemandId("stale-dropped");
        var station = fixture.Station(ChengxiangStation);
        var dispatched = Summary(id, 2, DemandState.Dispatched, ChengxiangStation, null);

        await station.Track(dispatched);
        await station.Track(Summary(id, 3, DemandState.Reported, null, null));   // returned
        Assert.DoesNotContain(await station.OpenOrders(), s => s.Id == id);

        await station.Track(dispatched);                                          // v2 again, late

        Assert.DoesNotContain(await station.OpenOrders(), s => s.Id == id);
    }

    /// <summary>Same for a worker: re-assigned away at v5, a late v4 must not put the case back on the old worker.</summary>
    [Fact]
    public async Task A_worker_does_not_take_back_a_case_it_dropped_when_an_older_summary_arrives_late()
    {
        var id = NewDemandId("stale-dropped-case");
        var worker = fixture.Worker(WorkerZhang);
        var assigned = Summary(id, 4, DemandState.Assigned, ChengxiangStation, WorkerZhang);

        await worker.Track(assigned);
        await worker.Track(Summary(id, 5, DemandState.Assigned, ChengxiangStation, WorkerLi));   // re-assigned
        Assert.DoesNotContain(await worker.OpenCases(), s => s.Id == id);

        await worker.Track(assigned);                                                          // v4 again, late

        Assert.DoesNotContain(await worker.OpenCases(), s => s.Id == id);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private async Task<DemandSummary> IndexedSummary(string id) =>
        Assert.Single(await fixture.IndexShardOf(id).List(), s => s.Id == id);

    private async Task AssertIndexHolds(Demand demand) =>
        DemandAssert.Same(demand.ToSummary(), await IndexedSummary(demand.Id));

    private async Task AssertAtStation(string stationId, Demand demand) =>
        DemandAssert.Same(demand.ToSummary(), Assert.Single(await fixture.Station(stationId).OpenOrders(), s => s.Id == demand.Id));

    private async Task AssertNotAtStation(string stationId, string id) =>
        Assert.DoesNotContain(await fixture.Station(stationId).OpenOrders(), s => s.Id == id);

    private async Task AssertWorkerHas(string workerId, Demand demand) =>
        DemandAssert.Same(demand.ToSummary(), Assert.Single(await fixture.Worker(workerId).OpenCases(), s => s.Id == demand.Id));

    private async Task AssertWorkerHasNot(string workerId, string id) =>
        Assert.DoesNotContain(await fixture.Worker(workerId).OpenCases(), s => s.Id == id);
}
