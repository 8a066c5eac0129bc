using System.Collections.Immutable;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Grains;

namespace Dispatch.Grains.Demands;

public static class DemandIndexQueries
{
    /// <summary>
    /// Asks every index shard the query and merges their answers, each in list order, into at most its limit. Every
    /// shard reads only its part of what the query may return: a station head's page costs the same in a small city and
    /// a large province.
    /// </summary>
    public static async Task<ImmutableList<DemandSummary>> QueryDemands(this IGrainFactory grains, DemandQuery query)
    {
        // A user who may see nothing costs no shard a call.
        if (query.Scope == DemandScope.Nothing)
        {
            return [];
        }
        var answers = await Task.WhenAll(Enumerable.Range(0, DemandIndex.ShardCount)
            .Select(shard => grains.GetGrain<IDemandIndexGrain>(shard).Query(query)));
        return [.. query.Merge(answers)];
    }
}
