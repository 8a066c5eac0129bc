using System.Collections.Immutable;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Kpis;
using Orleans.Concurrency;

namespace Dispatch.Contracts.Grains;

/// <summary>
/// One shard of the city-wide list of demand summaries (lists and KPIs read it). Demands are spread over
/// <see cref="DemandIndex.ShardCount"/> shards by a stable hash of their id so no single grain carries them all.
/// </summary>
public interface IDemandIndexGrain : IGrainWithIntegerKey
{
    /// <summary>Keeps the summary unless the shard already holds a newer version of the same demand.</summary>
    Task Upsert(DemandSummary summary);

    /// <summary>The summaries the shard holds (not the archived ones).</summary>
    Task<ImmutableList<DemandSummary>> List();

    /// <summary>
    /// This shard's demands that match the query and its scope and come after its position, in list order, at most its
    /// limit: read from ordered lists kept per station and per worker, so a station's or a worker's question reads
    /// their demands only. A month's query (<see cref="DemandQuery.Month"/>) reads that month's archive too. Reads only,
    /// so it may run while the shard waits on storage.
    /// </summary>
    [AlwaysInterleave]
    Task<ImmutableList<DemandSummary>> Query(DemandQuery query);

    /// <summary>Every demand of this shard that was open at some time in the China month (its first day), archived or not.</summary>
    [AlwaysInterleave]
    Task<ImmutableList<DemandSummary>> ActiveIn(DateOnly month);

    /// <summary>
    /// Moves every finished demand that ended before <paramref name="cutoff"/> to the monthly archive; how many moved. The
    /// shard does it on its own every so often; crash-safe, so each demand is listed exactly once whenever it stops.
    /// </summary>
    Task<int> ArchiveFinishedBefore(DateTimeOffset cutoff);

    /// <summary>This shard's KPI figures of the query's window and station(s), from figures kept as its demands change.</summary>
    Task<KpiShardFigures> Kpis(KpiQuery query);

    /// <summary>This shard's part of each bucket of a KPI series (the wall's 24 hours and 30 days).</summary>
    Task<ImmutableList<KpiSeriesPart>> Series(KpiSeriesQuery query);
}

public static class DemandIndex
{
    public const int ShardCount = 16;

    /// <summary>FNV-1a: stable across processes and restarts, unlike string.GetHashCode.</summary>
    public static int ShardOf(string demandId)
    {
        var hash = 2166136261u;
        foreach (var ch in demandId)
        {
            hash = (hash ^ ch) * 16777619u;
        }
        return (int)(hash % ShardCount);
    }
}
