using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Grains;
using Dispatch.Contracts.Kpis;
using Dispatch.Contracts.Sla;
using Dispatch.Grains.Demands;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Storage;
using static Dispatch.Grains.Tests.TestCity;

namespace Dispatch.Grains.Tests;

/// <summary>
/// An index shard stores its KPI ledger when it compacts its log and starts from it again, replaying only what was
/// appended since; archived demands stay counted whether the ledger is stored or folded from the archive.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ShardKpiStoreTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_shard_starts_from_its_stored_ledger_and_the_records_appended_after_it()
    {
        var shard = fixture.Grains.GetGrain<IDemandIndexGrain>(2_000);
        var query = new KpiQuery(SlaTargets.Default, ClusterFixture.Start.AddDays(1), null, null, null, []);
        await shard.Kpis(query);
        // Enough changes for a compaction, which stores the ledger; a few more after it, which a start replays.
        var ids = Enumerable.Range(0, DemandIndexGrain.MinAppendsBeforeCompaction + 40).Select(i => NewDemandId($"stored-{i}")).ToList();
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            await shard.Upsert(i % 3 == 0 ? Closed(id, 2) : Summary(id, 1, DemandState.Dispatched, ShaxiStation, null));
        }
        var before = await shard.Kpis(query);
        Assert.Equal(ids.Count, before.Overall.Reported);

        var log = await fixture.RecordLog.Load<DemandSummary>("demand-index-2000");
        Assert.NotEmpty(log.Appended);
        var stored = new GrainState<ShardKpiSnapshot>();
        await Storage.ReadStateAsync("kpis", shard.GetGrainId(), stored);
        Assert.True(stored.RecordExists, "no ledger was stored at the compaction");
        Assert.Equal(log.Position.SnapshotETag, stored.State!.LogSnapshot);

        await fixture.Cluster.DeactivateAsync(shard);
        Assert.Equal(Figures(before), Figures(await shard.Kpis(query)));

        // The start read the stored ledger: one emptied under the same snapshot leaves only what was appended after it.
        await fixture.Cluster.DeactivateAsync(shard);
        stored.State.Ledger = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<Orleans.Serialization.Serializer<KpiLedger>>()
            .SerializeToArray(new KpiLedger(SlaTargets.Default));
        await Storage.WriteStateAsync("kpis", shard.GetGrainId(), stored);
        var replayed = await shard.Kpis(query);
        Assert.Equal(log.Appended.Count, replayed.Overall.Reported);

        // A ledger stored in another form is not read: the start folds every demand again.
        await fixture.Cluster.DeactivateAsync(shard);
        stored.State.Format = ShardKpiSnapshot.CurrentFormat - 1;
        await Storage.WriteStateAsync("kpis", shard.GetGrainId(), stored);
        Assert.Equal(Figures(before), Figures(await shard.Kpis(query)));
    }

    [Fact]
    public async Task A_fold_is_stored_at_once_so_the_next_start_reads_it_even_after_a_crash()
    {
        var shard = fixture.Grains.GetGrain<IDemandIndexGrain>(2_002);
        var query = new KpiQuery(SlaTargets.Default, ClusterFixture.Start.AddDays(1), null, null, null, []);
        foreach (var i in Enumerable.Range(0, 12))
        {
            await shard.Upsert(Closed(NewDemandId($"folded-{i}"), 2));
        }
        var before = await shard.Kpis(query);

        // No compaction came (a dozen appends), yet the fold is stored, with the log compacted under it.
        var stored = new GrainState<ShardKpiSnapshot>();
        await Eventually(async () =>
        {
            await Storage.ReadStateAsync("kpis", shard.GetGrainId(), stored);
            return stored.RecordExists;
        });
        var log = await fixture.RecordLog.Load<DemandSummary>("demand-index-2002");
        Assert.Empty(log.Appended);
        Assert.Equal(log.Position.SnapshotETag, stored.State!.LogSnapshot);

        // The start reads it: emptied under the same snapshot, it counts nothing, as nothing was appended after it.
        await fixture.Cluster.DeactivateAsync(shard);
        stored.State.Ledger = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<Orleans.Serialization.Serializer<KpiLedger>>()
            .SerializeToArray(new KpiLedger(SlaTargets.Default));
        await Storage.WriteStateAsync("kpis", shard.GetGrainId(), stored);
        Assert.Equal(0, (await shard.Kpis(query)).Overall.Reported);
        Assert.Equal(12, before.Overall.Reported);
    }

    private static async Task Eventually(Func<Task<bool>> done)
    {
        for (var waited = TimeSpan.Zero; !await done(); waited += TimeSpan.FromMilliseconds(50))
        {
            Assert.True(waited < TimeSpan.FromSeconds(10), "the folded ledger was not stored within 10 s");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Archived_demands_stay_counted_after_a_start_and_a_late_change_moves_their_figures()
    {
        var shard = fixture.Grains.GetGrain<IDemandIndexGrain>(2_001);
        var query = new KpiQuery(SlaTargets.Default, ClusterFixture.Start.AddDays(60), null, null, null, []);
        var ids = Enumerable.Range(0, 5).Select(i => NewDemandId($"archived-{i}")).ToList();
        foreach (var id in ids)
        {
            await shard.Upsert(Closed(id, 2));
        }
        await shard.Upsert(Summary(NewDemandId("hot"), 1, DemandState.Dispatched, ShaxiStation, null));
        var before = await shard.Kpis(query);

        Assert.Equal(ids.Count, await shard.ArchiveFinishedBefore(ClusterFixture.Start.AddDays(30)));
        Assert.Single(await shard.List());
        Assert.Equal(Figures(before), Figures(await shard.Kpis(query)));
        var month = new DemandQuery(DemandScope.City, null, null, null, null, false, false, null, 100) { Month = DemandMonths.Of(ClusterFixture.Start) };
        Assert.Equal(ids.Order(), (await shard.Query(month)).Where(d => d.Archived).Select(d => d.Id).Order());

        await fixture.Cluster.DeactivateAsync(shard);
        Assert.Equal(Figures(before), Figures(await shard.Kpis(query)));

        // A callback recorded after the move: the archive takes the new version and the figures follow it, also after a start.
        await shard.Upsert(Closed(ids[0], 3) with { SatisfactionRating = 2 });
        var rated = await shard.Kpis(query);
        Assert.Equal(1, rated.Overall.Figures(rated.OverallNow).Satisfaction.Callbacks);
        Assert.Equal(2, (await shard.Query(month)).Single(d => d.Id == ids[0]).SatisfactionRating);
        Assert.Single(await shard.List());
        await fixture.Cluster.DeactivateAsync(shard);
        Assert.Equal(Figures(rated), Figures(await shard.Kpis(query)));
    }

    private IGrainStorage Storage =>
        fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);

    private static DemandSummary Closed(string id, int version) => Summary(id, version, DemandState.Closed, ShaxiStation, WorkerWang) with
    {
        DispatchedAt = ClusterFixture.Start.AddMinutes(5),
        AcceptedAt = ClusterFixture.Start.AddMinutes(20),
        ClosedAt = ClusterFixture.Start.AddHours(6),
    };

    private static string Figures(KpiShardFigures figures) =>
        System.Text.Json.JsonSerializer.Serialize(figures.Overall.Figures(figures.OverallNow));
}
