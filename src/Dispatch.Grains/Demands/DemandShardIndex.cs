using System.Collections.Immutable;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;

namespace Dispatch.Grains.Demands;

/// <summary>
/// What one index shard holds, the newest summary of each demand, with the ordered lists a query reads instead of the
/// whole shard: everything, the open ones (both newest reported first) and the finished ones (latest ended first), each
/// for the whole shard, per station and per worker. Every <see cref="Keep"/> moves the demand between lists as its
/// station, worker or state changed.
/// </summary>
public sealed class DemandShardIndex
{
    private enum Listing
    {
        All,
        Open,
        Finished,
    }

    /// <summary>A list's owner: the whole shard (no id), a station or a worker.</summary>
    private readonly record struct Owner(DemandScopeKind Kind, string? Id);

    private static readonly Owner Shard = new(DemandScopeKind.City, null);

    private readonly Dictionary<string, DemandSummary> summaries = [];

    // Immutable sorted sets: a position is found by binary search and the list read from there, where a SortedSet's
    // view would first count everything after the position.
    private readonly Dictionary<(Listing, Owner), ImmutableSortedSet<DemandPosition>> lists = [];

    public int Count => summaries.Count;

    public IReadOnlyCollection<DemandSummary> Summaries => summaries.Values;

    public DemandSummary? Find(string demandId) => summaries.GetValueOrDefault(demandId);

    /// <summary>The shard's open demands, newest reported first.</summary>
    public IReadOnlyList<DemandSummary> Open =>
        lists.TryGetValue((Listing.Open, Shard), out var open) ? [.. open.Select(p => summaries[p.Id])] : [];

    public void Keep(DemandSummary summary)
    {
        Forget(summary.Id);
        foreach (var (key, position) in Entries(summary))
        {
            lists[key] = lists.GetValueOrDefault(key, []).Add(position);
        }
        summaries[summary.Id] = summary;
    }

    /// <summary>Takes the demand out of the shard and every list (it moved to the archive).</summary>
    public void Forget(string demandId)
    {
        if (!summaries.Remove(demandId, out var previous))
        {
            return;
        }
        foreach (var (key, position) in Entries(previous))
        {
            var list = lists[key].Remove(position);
            if (list.IsEmpty)
            {
                lists.Remove(key);
            }
            else
            {
                lists[key] = list;
            }
        }
    }

    /// <summary>Up to <paramref name="limit"/> demands that ended before <paramref name="cutoff"/>, those ended first first.</summary>
    public IReadOnlyList<DemandSummary> FinishedBefore(DateTimeOffset cutoff, int limit)
    {
        if (!lists.TryGetValue((Listing.Finished, Shard), out var finished))
        {
            return [];
        }
        // The list runs latest ended first: the ones due are at its end.
        var due = new List<DemandSummary>();
        for (var index = finished.Count - 1; index >= 0 && due.Count < limit && finished[index].SortKey < cutoff; index--)
        {
            due.Add(summaries[finished[index].Id]);
        }
        return due;
    }

    public ImmutableList<DemandSummary> Query(DemandQuery query)
    {
        if (query.Limit <= 0 || OwnerOf(query) is not { } owner || !lists.TryGetValue((ListingOf(query), owner), out var list))
        {
            return [];
        }
        var answer = ImmutableList.CreateBuilder<DemandSummary>();
        for (var index = Start(list, query.After); index < list.Count && answer.Count < query.Limit; index++)
        {
            var summary = summaries[list[index].Id];
            if (query.Matches(summary))
            {
                answer.Add(summary);
            }
        }
        return answer.ToImmutable();
    }

    private static int Start(ImmutableSortedSet<DemandPosition> list, DemandPosition? after)
    {
        if (after is null)
        {
            return 0;
        }
        var found = list.IndexOf(after);
        return found >= 0 ? found + 1 : ~found;
    }

    /// <summary>The narrowest list holding every answer: the scope's own, else the filtered station's, else the shard's.</summary>
    private static Owner? OwnerOf(DemandQuery query) => query.Scope.Kind switch
    {
        DemandScopeKind.Station or DemandScopeKind.Worker => new Owner(query.Scope.Kind, query.Scope.Id),
        DemandScopeKind.City => query.StationId is { } stationId ? new Owner(DemandScopeKind.Station, stationId) : Shard,
        _ => null,
    };

    private static Listing ListingOf(DemandQuery query) =>
        query.FinishedOnly ? Listing.Finished : query.OpenOnly ? Listing.Open : Listing.All;

    private static IEnumerable<((Listing, Owner) Key, DemandPosition Position)> Entries(DemandSummary d)
    {
        var reported = new DemandPosition(d.ReportedAt, d.Id);
        var (listing, position) = d.IsOpen ? (Listing.Open, reported) : (Listing.Finished, new DemandPosition(DemandQuery.EndOf(d), d.Id));
        foreach (var owner in Owners(d))
        {
            yield return ((Listing.All, owner), reported);
            yield return ((listing, owner), position);
        }
    }

    private static IEnumerable<Owner> Owners(DemandSummary d)
    {
        yield return Shard;
        if (d.StationId is { } stationId)
        {
            yield return new Owner(DemandScopeKind.Station, stationId);
        }
        if (d.WorkerId is { } workerId)
        {
            yield return new Owner(DemandScopeKind.Worker, workerId);
        }
    }
}
