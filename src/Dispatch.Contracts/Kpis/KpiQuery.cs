using Dispatch.Contracts.Sla;

namespace Dispatch.Contracts.Kpis;

/// <summary>
/// What a KPI question asks each index shard: the window [From, To) in whole hours, the SLA targets to decide outcomes
/// with, "now" for the figures that depend on it, and one station (a station head's question) or all of them.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record KpiQuery(
    [property: Id(0)] SlaTargets Targets,
    [property: Id(1)] DateTimeOffset Now,
    [property: Id(2)] DateTimeOffset? From,
    [property: Id(3)] DateTimeOffset? To,
    [property: Id(4)] string? StationId);

/// <summary>
/// One shard's answer: per station, the tally of the window and the figures of its open orders now. Made fresh for each
/// question and never changed after, so it travels by reference within a silo instead of being copied.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record KpiShardFigures(
    [property: Id(0)] Dictionary<string, KpiTally> Tallies, [property: Id(1)] Dictionary<string, KpiNow> Now)
{
    /// <summary>The shards' answers added up station by station.</summary>
    public static KpiShardFigures Merge(IReadOnlyCollection<KpiShardFigures> shards) => new(
        shards.SelectMany(s => s.Tallies).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Select(p => p.Value).Merged()),
        shards.SelectMany(s => s.Now).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Select(p => p.Value).Merged()));
}

/// <summary>What a series question asks each shard: <see cref="Count"/> buckets of <see cref="BucketSize"/> ending now.</summary>
[GenerateSerializer, Immutable]
public sealed record KpiSeriesQuery(
    [property: Id(0)] SlaTargets Targets, [property: Id(1)] DateTimeOffset Now, [property: Id(2)] TimeSpan BucketSize, [property: Id(3)] int Count);
