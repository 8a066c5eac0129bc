using System.Collections.Immutable;
using Dispatch.BlobStorage;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Grains;
using Dispatch.Contracts.Kpis;
using Dispatch.Contracts.Sla;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Serialization;

namespace Dispatch.Grains.Demands;

/// <summary>How a shard was stored before it became a record log: its whole state in one blob.</summary>
[GenerateSerializer]
public sealed class LegacyDemandIndexState
{
    [Id(0)] public Dictionary<string, DemandSummary> Demands { get; set; } = [];
}

/// <summary>
/// One shard of the city-wide demand list. Keeps the newest version of each summary; older ones arriving late are
/// ignored. Stored as a record log: an upsert appends one summary instead of rewriting the shard, whose size grows
/// with every demand reported; the log is folded into a snapshot once it is as long as the shard is large.
/// Queries are answered from its <see cref="DemandShardIndex"/>, in the grain that holds the demands. Finished demands
/// move to the shard's monthly <see cref="DemandArchive"/> after <see cref="DemandArchiveOptions.AfterDays"/>, so what
/// it holds in memory is its open and recent demands, not its history.
/// </summary>
[GrainType("demand-index")]
public sealed class DemandIndexGrain(
    IRecordLog log,
    [PersistentState("index")] IPersistentState<LegacyDemandIndexState> legacy,
    [PersistentState("archive")] IPersistentState<DemandArchiveCatalog> catalog,
    [PersistentState("kpis")] IPersistentState<ShardKpiSnapshot> storedKpis,
    Serializer<KpiLedger> ledgers,
    IOptions<DemandArchiveOptions> archiveOptions,
    [FromKeyedServices(DomainClock.Key)] TimeProvider clock,
    ILogger<DemandIndexGrain> logger) : Grain, IDemandIndexGrain
{
    /// <summary>Compaction waits for at least this many appends, so a small shard is not rewritten every few upserts.</summary>
    public const int MinAppendsBeforeCompaction = 256;

    /// <summary>An append blob takes 50,000 blocks (one per append); compaction comes well before that.</summary>
    public const int MaxAppendsBeforeCompaction = 40_000;

    /// <summary>Demands moved to the archive in one step (one append per month and one to the shard's log).</summary>
    public const int ArchiveBatch = 500;

    private readonly DemandShardIndex demands = new();
    private readonly ShardKpis kpis = new();
    private RecordLogPosition position = RecordLogPosition.Empty;
    private ImmutableList<DemandSummary>? snapshot;
    private DemandArchive archive = null!;
    private IGrainTimer? storeFolded;

    private string LogName => $"demand-index-{this.GetPrimaryKeyLong()}";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        archive = new DemandArchive(log, this.GetPrimaryKeyLong());
        await Reload(startFromStoredKpis: true);
        if (legacy.RecordExists)
        {
            await MoveLegacyState();
        }
        if (archiveOptions.Value is { AfterDays: > 0, Every: var every })
        {
            this.RegisterGrainTimer(ArchiveDue, new GrainTimerCreationOptions(every, every));
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        archive.Dispose();
        return Task.CompletedTask;
    }

    public async Task Upsert(DemandSummary summary)
    {
        if (await ArchivedVersionOf(summary) is { } archived)
        {
            await ChangeArchived(archived, summary);
            return;
        }
        if (!IsNewer(summary))
        {
            return;
        }
        // Stored first: memory never runs ahead of storage.
        position = await log.Append(LogName, [summary], position);
        Keep(summary);
        await CompactWhenLong();
    }

    public Task<ImmutableList<DemandSummary>> List() =>
        Task.FromResult(snapshot ??= [.. demands.Summaries]);

    public async Task<ImmutableList<DemandSummary>> Query(DemandQuery query)
    {
        if (query.Month is not { } month)
        {
            return demands.Query(query);
        }
        var archived = await ArchivedIn(month);
        // Read after the archive: a demand that moved meanwhile is in both, and is taken once.
        return [.. query.Page(Union(archived, demands.Summaries.Where(d => DemandMonths.Of(d.ReportedAt) == month)))];
    }

    public async Task<ImmutableList<DemandSummary>> ActiveIn(DateOnly month)
    {
        var archived = await ArchivedIn(month);
        return [.. Union(archived, demands.Summaries.Where(d => DemandMonths.WasActiveIn(d, month)))];
    }

    public async Task<KpiShardFigures> Kpis(KpiQuery query)
    {
        await KeepKpisWith(query.Targets, query.Now);
        return kpis.Answer(query, demands.Open);
    }

    public async Task<ImmutableList<KpiSeriesPart>> Series(KpiSeriesQuery query)
    {
        await KeepKpisWith(query.Targets, query.Now);
        return [.. kpis.Series(query, demands.Open)];
    }

    public async Task<int> ArchiveFinishedBefore(DateTimeOffset cutoff)
    {
        var moved = 0;
        while (demands.FinishedBefore(cutoff, ArchiveBatch) is { Count: > 0 } due)
        {
            // Catalogued first, archived second, marked gone from the shard's log last: a crash between any two leaves
            // each demand in the shard (and perhaps in the archive too, where readers take the shard's), never in neither.
            await Catalogue(due);
            await archive.Append(due);
            position = await log.Append(LogName, [.. due.Select(d => d with { Archived = true })], position);
            foreach (var demand in due)
            {
                demands.Forget(demand.Id);
            }
            snapshot = null;
            moved += due.Count;
        }
        if (moved > 0)
        {
            logger.LogInformation("Index shard {Log}: {Count} finished demands moved to the archive", LogName, moved);
            await CompactWhenLong();
        }
        return moved;
    }

    private async Task ArchiveDue()
    {
        try
        {
            await ArchiveFinishedBefore(clock.GetUtcNow().AddDays(-archiveOptions.Value.AfterDays));
        }
        catch (Exception exception)
        {
            // Whatever moved is stored; the rest stays in the shard and is tried again on the next tick.
            logger.LogWarning(exception, "Archiving from {Log} failed; tried again in {Every}", LogName, archiveOptions.Value.Every);
        }
    }

    /// <summary>
    /// The archived version of a demand the shard does not hold, when the archive has it: a late change of an archived
    /// demand (a callback after it moved) goes to the archive, not back into memory.
    /// </summary>
    private async Task<DemandSummary?> ArchivedVersionOf(DemandSummary summary) =>
        demands.Find(summary.Id) is null && !summary.IsOpen && catalog.State.Months.Contains(DemandMonths.Of(summary.ReportedAt))
            ? (await archive.Month(DemandMonths.Of(summary.ReportedAt))).GetValueOrDefault(summary.Id)
            : null;

    private async Task ChangeArchived(DemandSummary archived, DemandSummary summary)
    {
        if (archived.Version >= summary.Version)
        {
            return;
        }
        // The stored ledger would miss this change (it is in no record the shard replays): it goes, and the next start
        // folds the archive instead.
        if (storedKpis.RecordExists)
        {
            await storedKpis.ClearStateAsync();
        }
        await Catalogue([summary]);
        await archive.Append([summary]);
        kpis.Apply(archived, summary);
    }

    /// <summary>The months' archives are listed before anything is written to them, so the KPIs' fold never misses one.</summary>
    private async Task Catalogue(IEnumerable<DemandSummary> moving)
    {
        var months = moving.SelectMany(DemandMonths.Active).Where(m => !catalog.State.Months.Contains(m)).Distinct().ToList();
        if (months.Count == 0)
        {
            return;
        }
        catalog.State.Months.UnionWith(months);
        await catalog.WriteStateAsync();
    }

    private async Task<IReadOnlyDictionary<string, DemandSummary>> ArchivedIn(DateOnly month) =>
        catalog.State.Months.Contains(month) ? await archive.Month(month) : ImmutableDictionary<string, DemandSummary>.Empty;

    /// <summary>The archived demands the shard does not hold, then the held ones: each demand once, the shard's version first.</summary>
    private IEnumerable<DemandSummary> Union(IReadOnlyDictionary<string, DemandSummary> archived, IEnumerable<DemandSummary> held) =>
        archived.Values.Where(a => demands.Find(a.Id) is null).Concat(held);

    /// <summary>
    /// Folds the KPI ledger from every demand the shard holds and every archived one it does not, each counted in the log of
    /// the month it was reported in: on the first question and when the SLA targets change. The archive is read then only.
    /// </summary>
    private async Task KeepKpisWith(SlaTargets targets, DateTimeOffset now)
    {
        if (kpis.IsKeptWith(targets))
        {
            return;
        }
        var ledger = new KpiLedger(targets);
        // Coarse from the start: a year of archive folds into months, never into hours it would drop at once.
        ledger.Coarsen(ShardKpis.HorizonAt(now));
        foreach (var summary in demands.Summaries)
        {
            ledger.Apply(null, summary);
        }
        foreach (var month in catalog.State.Months.ToList())
        {
            foreach (var archived in (await archive.Month(month)).Values)
            {
                if (DemandMonths.Of(archived.ReportedAt) == month && demands.Find(archived.Id) is null)
                {
                    ledger.Apply(null, archived);
                }
            }
        }
        kpis.Fold(ledger);
        // Stored as soon as the question is answered, so the next start (after a crash too) reads it instead of folding again.
        storeFolded ??= this.RegisterGrainTimer(StoreFolded, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    /// <summary>A stored ledger counts a compacted log: with nothing appended since the snapshot it is stored as it is.</summary>
    private async Task StoreFolded()
    {
        storeFolded?.Dispose();
        storeFolded = null;
        if (position.LogLength > 0)
        {
            await Compact();
            return;
        }
        try
        {
            await StoreKpis();
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Storing the KPI ledger of {Log} failed; the next start folds it again", LogName);
        }
    }

    private async Task CompactWhenLong()
    {
        if (position.LogLength >= Math.Clamp(demands.Count, MinAppendsBeforeCompaction, MaxAppendsBeforeCompaction))
        {
            await Compact();
        }
    }

    private async Task Compact()
    {
        try
        {
            // Null: another activation wrote meanwhile (a partition); take in what it wrote, compact next time.
            if (await log.Compact(LogName, demands.Summaries, position) is { } compacted)
            {
                position = compacted;
                await StoreKpis();
            }
            else
            {
                await Reload();
            }
        }
        catch (Exception exception)
        {
            // The upsert is stored already; compaction is only housekeeping and is tried again on the next append.
            logger.LogWarning(exception, "Compacting {Log} failed; its appends stay and are merged on load", LogName);
        }
    }

    /// <summary>
    /// A shard written before the record log (e.g. a demo's <c>.azurite</c> data) is folded into the log once, then its
    /// old blob removed: without this its closed demands, which never activate again, would vanish from lists and KPIs.
    /// </summary>
    private async Task MoveLegacyState()
    {
        var moved = legacy.State.Demands.Count;
        Merge(legacy.State.Demands.Values);
        if (await log.Compact(LogName, demands.Summaries, position) is not { } compacted)
        {
            // Another activation is writing this shard: it moves the old state itself.
            return;
        }
        position = compacted;
        await legacy.ClearStateAsync();
        logger.LogInformation("Index shard {Log}: {Count} summaries moved from its old single-blob state", LogName, moved);
    }

    private async Task Reload(bool startFromStoredKpis = false)
    {
        var loaded = await log.Load<DemandSummary>(LogName);
        Merge(loaded.Snapshot);
        if (startFromStoredKpis && StoredLedger(loaded.Position) is { } stored)
        {
            kpis.Fold(stored);
        }
        // Replayed onto the stored ledger, if one was taken: it counted the snapshot, these move it on.
        Merge(loaded.Appended);
        position = loaded.Position;
    }

    /// <summary>The stored ledger when it counts the log's snapshot; else null, and the first question folds one.</summary>
    private KpiLedger? StoredLedger(RecordLogPosition loaded)
    {
        if (loaded.SnapshotETag is not { } version || !storedKpis.RecordExists || storedKpis.State.LogSnapshot != version
            || storedKpis.State.Format != ShardKpiSnapshot.CurrentFormat)
        {
            return null;
        }
        try
        {
            return ledgers.Deserialize(storedKpis.State.Ledger);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "The stored KPI ledger of {Log} does not read; folding it again", LogName);
            return null;
        }
        finally
        {
            // Read once per activation: the bytes need not stay beside the ledger made from them.
            storedKpis.State.Ledger = [];
        }
    }

    /// <summary>The ledger as it counts the log's new snapshot (and the archive); a failure only means a slower next start.</summary>
    private async Task StoreKpis()
    {
        if (kpis.Ledger is not { } ledger || position.SnapshotETag is not { } version)
        {
            return;
        }
        storedKpis.State = new ShardKpiSnapshot
        {
            LogSnapshot = version, Ledger = ledgers.SerializeToArray(ledger), Format = ShardKpiSnapshot.CurrentFormat,
        };
        await storedKpis.WriteStateAsync();
        storedKpis.State.Ledger = [];
    }

    /// <summary>
    /// Keeps the newest version of each, and forgets those marked archived at the version held: merging is idempotent,
    /// whatever order the records come in.
    /// </summary>
    private void Merge(IEnumerable<DemandSummary> summaries)
    {
        foreach (var summary in summaries)
        {
            if (summary.Archived)
            {
                if (demands.Find(summary.Id) is { } held && held.Version <= summary.Version)
                {
                    demands.Forget(summary.Id);
                    snapshot = null;
                }
            }
            else if (IsNewer(summary))
            {
                Keep(summary);
            }
        }
    }

    private bool IsNewer(DemandSummary summary) =>
        demands.Find(summary.Id) is not { } known || known.Version < summary.Version;

    private void Keep(DemandSummary summary)
    {
        kpis.Apply(demands.Find(summary.Id), summary);
        demands.Keep(summary);
        snapshot = null;
    }
}
