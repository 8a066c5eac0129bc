using System.Collections.Immutable;
using Dispatch.BlobStorage;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Grains;
using Dispatch.Contracts.Kpis;
using Microsoft.Extensions.Logging;

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
/// with every demand ever reported; the log is folded into a snapshot once it is as long as the shard is large.
/// Queries are answered from its <see cref="DemandShardIndex"/>, in the grain that holds the demands.
/// </summary>
[GrainType("demand-index")]
public sealed class DemandIndexGrain(
    IRecordLog log,
    [PersistentState("index")] IPersistentState<LegacyDemandIndexState> legacy,
    ILogger<DemandIndexGrain> logger) : Grain, IDemandIndexGrain
{
    /// <summary>Compaction waits for at least this many appends, so a small shard is not rewritten every few upserts.</summary>
    public const int MinAppendsBeforeCompaction = 256;

    /// <summary>An append blob takes 50,000 blocks (one per append); compaction comes well before that.</summary>
    public const int MaxAppendsBeforeCompaction = 40_000;

    private readonly DemandShardIndex demands = new();
    private readonly ShardKpis kpis = new();
    private RecordLogPosition position = RecordLogPosition.Empty;
    private ImmutableList<DemandSummary>? snapshot;

    private string LogName => $"demand-index-{this.GetPrimaryKeyLong()}";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await Reload();
        if (legacy.RecordExists)
        {
            await MoveLegacyState();
        }
    }

    public async Task Upsert(DemandSummary summary)
    {
        if (!IsNewer(summary))
        {
            return;
        }
        // Stored first: memory never runs ahead of storage.
        position = await log.Append(LogName, [summary], position);
        Keep(summary);
        if (position.LogLength >= Math.Clamp(demands.Count, MinAppendsBeforeCompaction, MaxAppendsBeforeCompaction))
        {
            await Compact();
        }
    }

    public Task<ImmutableList<DemandSummary>> List() =>
        Task.FromResult(snapshot ??= [.. demands.Summaries]);

    public Task<ImmutableList<DemandSummary>> Query(DemandQuery query) => Task.FromResult(demands.Query(query));

    public Task<KpiShardFigures> Kpis(KpiQuery query) => Task.FromResult(kpis.Answer(query, () => demands.Summaries));

    public Task<ImmutableList<KpiSeriesPart>> Series(KpiSeriesQuery query) =>
        Task.FromResult<ImmutableList<KpiSeriesPart>>([.. kpis.Series(query, () => demands.Summaries)]);

    private async Task Compact()
    {
        try
        {
            // Null: another activation wrote meanwhile (a partition); take in what it wrote, compact next time.
            if (await log.Compact(LogName, demands.Summaries, position) is { } compacted)
            {
                position = compacted;
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

    private async Task Reload()
    {
        var loaded = await log.Load<DemandSummary>(LogName);
        Merge(loaded.Snapshot.Concat(loaded.Appended));
        position = loaded.Position;
    }

    /// <summary>Keeps the newest version of each: merging is idempotent, whatever order the records come in.</summary>
    private void Merge(IEnumerable<DemandSummary> summaries)
    {
        foreach (var summary in summaries.Where(IsNewer))
        {
            Keep(summary);
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
