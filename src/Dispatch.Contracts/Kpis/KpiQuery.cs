using System.Collections.Immutable;
using Dispatch.Contracts.Sla;

namespace Dispatch.Contracts.Kpis;

/// <summary>
/// What a KPI question asks each index shard: the window [From, To) in whole hours, the SLA targets to decide outcomes
/// with, "now" for the figures that depend on it, the scope of the overall figures (one station, a station head's
/// question, or the city) and the stations whose own figures are wanted: a page of them, or none, so the shards do not
/// tally thousands of stations for an answer that shows the overall figures alone.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record KpiQuery(
    [property: Id(0)] SlaTargets Targets,
    [property: Id(1)] DateTimeOffset Now,
    [property: Id(2)] DateTimeOffset? From,
    [property: Id(3)] DateTimeOffset? To,
    [property: Id(4)] string? StationId,
    [property: Id(5)] ImmutableHashSet<string> Stations);

/// <summary>
/// One shard's answer: the overall scope's tally of the window and figures of its open orders now, and the same per
/// asked station. Made fresh for each question and never changed after, so it travels by reference within a silo
/// instead of being copied.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record KpiShardFigures(
    [property: Id(0)] KpiTally Overall,
    [property: Id(1)] KpiNow OverallNow,
    [property: Id(2)] Dictionary<string, KpiTally> Tallies,
    [property: Id(3)] Dictionary<string, KpiNow> Now)
{
    /// <summary>The shards' answers added up, the overall scope and station by station.</summary>
    public static KpiShardFigures Merge(IReadOnlyCollection<KpiShardFigures> shards) => new(
        shards.Select(s => s.Overall).Merged(),
        shards.Select(s => s.OverallNow).Merged(),
        shards.SelectMany(s => s.Tallies).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Select(p => p.Value).Merged()),
        shards.SelectMany(s => s.Now).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Select(p => p.Value).Merged()));
}

/// <summary>What a series question asks each shard: <see cref="Count"/> buckets of <see cref="BucketSize"/> ending now.</summary>
[GenerateSerializer, Immutable]
public sealed record KpiSeriesQuery(
    [property: Id(0)] SlaTargets Targets, [property: Id(1)] DateTimeOffset Now, [property: Id(2)] TimeSpan BucketSize, [property: Id(3)] int Count);
