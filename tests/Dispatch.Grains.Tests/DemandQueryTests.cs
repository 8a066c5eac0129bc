using System.Collections.Immutable;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Grains.Demands;
using static Dispatch.Grains.Tests.TestCity;

namespace Dispatch.Grains.Tests;

/// <summary>
/// Lists are answered by the index shards that hold the demands: filtered, kept to the asking user's scope, newest first,
/// a page at a time after a position that holds however the demands change between pages.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DemandQueryTests(ClusterFixture fixture)
{
    private const int PageSize = 7;

    /// <summary>More than any test here lists: a bound that stops a paging bug from looping for ever.</summary>
    private const int MaxListed = 1_000;

    // This test's own stations and workers: the shared silo's other demands never reach its answers.
    private readonly string north = NewDemandId("st-north");
    private readonly string south = NewDemandId("st-south");
    private readonly string workerA = NewDemandId("w-a");
    private readonly string workerB = NewDemandId("w-b");

    private DemandScope North => new(DemandScopeKind.Station, north);

    private DemandScope WorkerA => new(DemandScopeKind.Worker, workerA);

    [Fact]
    public async Task Each_query_answers_its_matches_in_the_user_s_scope_newest_first_whole_or_a_page_at_a_time()
    {
        var random = new Random(16);
        var demands = Enumerable.Range(0, 200).Select(i => RandomDemand(random, i)).ToList();
        foreach (var demand in demands)
        {
            await Upsert(demand);
        }
        DemandQuery[] queries =
        [
            Query(North), Query(North) with { OpenOnly = true }, Query(North) with { FinishedOnly = true },
            Query(North) with { State = DemandState.Accepted }, Query(North) with { Urgency = Urgency.Urgent, Overdue = true },
            Query(WorkerA), Query(WorkerA) with { OpenOnly = true }, Query(WorkerA) with { FinishedOnly = true, Urgency = Urgency.Routine },
            Query(DemandScope.City) with { StationId = north }, Query(DemandScope.City) with { StationId = south, FinishedOnly = true },
        ];

        foreach (var query in queries)
        {
            // What the query means, read from every demand in memory; each shard answers its part of it from its lists.
            var expected = query.Page(demands).Select(d => d.Id).ToList();
            Assert.True(expected.Count >= 3, $"{query} matches only {expected.Count} of the test's demands");
            var whole = await fixture.Grains.QueryDemands(query);
            Assert.Equal(expected, whole.Select(d => d.Id));
            AssertInListOrder(query, whole);
            Assert.Equal(expected, (await AllPages(query)).Select(d => d.Id));
        }
        Assert.All(await fixture.Grains.QueryDemands(Query(North)), d => Assert.Equal(north, d.StationId));
        Assert.All(await fixture.Grains.QueryDemands(Query(WorkerA)), d => Assert.Equal(workerA, d.WorkerId));
        // A station head filtering by another station, and a user who may see nothing, get nothing.
        Assert.Empty(await fixture.Grains.QueryDemands(Query(North) with { StationId = south }));
        Assert.Empty(await fixture.Grains.QueryDemands(Query(DemandScope.Nothing)));
    }

    [Fact]
    public async Task A_demand_moves_between_the_lists_of_stations_workers_and_states_as_it_changes()
    {
        var id = NewDemandId("moves");
        var demand = Summary(id, 1, DemandState.Dispatched, north, null);
        await Upsert(demand);
        Assert.Equal([id], await Ids(Query(North) with { OpenOnly = true }));

        // Returned and dispatched to the other station: gone from the first one's lists.
        demand = Summary(id, 3, DemandState.Dispatched, south, null);
        await Upsert(demand);
        Assert.Empty(await Ids(Query(North)));
        Assert.Equal([id], await Ids(Query(new DemandScope(DemandScopeKind.Station, south))));

        demand = Summary(id, 5, DemandState.Assigned, south, workerA);
        await Upsert(demand);
        Assert.Equal([id], await Ids(Query(WorkerA) with { OpenOnly = true }));

        // Reassigned: it leaves the first worker's list for the second's; a late copy of an older version changes nothing.
        await Upsert(Summary(id, 6, DemandState.Assigned, south, workerB));
        await Upsert(Summary(id, 5, DemandState.Assigned, south, workerA));
        Assert.Empty(await Ids(Query(WorkerA)));
        Assert.Equal([id], await Ids(Query(new DemandScope(DemandScopeKind.Worker, workerB))));

        // Closed: out of the open lists, into the finished ones.
        await Upsert(Summary(id, 8, DemandState.Closed, south, workerB) with { ClosedAt = ClusterFixture.Start.AddHours(3) });
        var southHead = Query(new DemandScope(DemandScopeKind.Station, south));
        Assert.Empty(await Ids(southHead with { OpenOnly = true }));
        Assert.Equal([id], await Ids(southHead with { FinishedOnly = true }));
        Assert.Equal([id], await Ids(southHead));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task Paging_while_demands_are_reported_closed_reassigned_and_moved_shows_every_one_present_throughout_exactly_once(
        bool openOnly, bool finishedOnly)
    {
        var random = new Random(openOnly ? 1 : finishedOnly ? 2 : 3);
        var current = new Dictionary<string, DemandSummary>();
        foreach (var demand in Enumerable.Range(0, 240).Select(i => RandomDemand(random, i)))
        {
            current[demand.Id] = demand;
            await Upsert(demand);
        }
        var query = Query(North) with { OpenOnly = openOnly, FinishedOnly = finishedOnly, Limit = PageSize };
        var throughout = current.Values.Where(query.Matches).Select(d => d.Id).ToHashSet();
        Assert.True(throughout.Count > 3 * PageSize, $"only {throughout.Count} demands to page through");
        var now = ClusterFixture.Start.AddDays(1);
        var seen = new List<string>();

        for (var page = await fixture.Grains.QueryDemands(query); page.Count > 0;
             page = await fixture.Grains.QueryDemands(query with { After = query.PositionOf(page[^1]) }))
        {
            AssertInListOrder(query, page);
            seen.AddRange(page.Select(d => d.Id));
            Assert.True(seen.Count <= MaxListed, "paging does not end");
            // Between pages the city goes on: each change lands in its shard before the next page is asked for.
            for (var change = 0; change < 6; change++)
            {
                now = now.AddMinutes(1);
                var changed = Change(random, current, now);
                current[changed.Id] = changed;
                await Upsert(changed);
                if (!query.Matches(changed))
                {
                    throughout.Remove(changed.Id);
                }
            }
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Empty(throughout.Except(seen));
    }

    private DemandQuery Query(DemandScope scope) => new(scope, null, null, null, null, false, false, null, int.MaxValue);

    private async Task<List<string>> Ids(DemandQuery query) => [.. (await fixture.Grains.QueryDemands(query)).Select(d => d.Id)];

    private async Task<List<DemandSummary>> AllPages(DemandQuery query)
    {
        var all = new List<DemandSummary>();
        var paged = query with { Limit = PageSize };
        for (var page = await fixture.Grains.QueryDemands(paged); page.Count > 0;
             page = await fixture.Grains.QueryDemands(paged with { After = paged.PositionOf(page[^1]) }))
        {
            Assert.True(page.Count <= PageSize);
            all.AddRange(page);
            // A page that does not move past the one before would loop for ever.
            Assert.True(all.Count <= MaxListed, "paging does not end");
        }
        return all;
    }

    private static void AssertInListOrder(DemandQuery query, ImmutableList<DemandSummary> answer) =>
        Assert.All(answer.Zip(answer.Skip(1)), pair => Assert.True(
            query.PositionOf(pair.First).CompareTo(query.PositionOf(pair.Second)) < 0, $"{pair.First.Id} listed before {pair.Second.Id}"));

    private Task Upsert(DemandSummary demand) => fixture.IndexShardOf(demand.Id).Upsert(demand);

    /// <summary>
    /// A demand at one of the test's stations or none, maybe with one of its workers, in any state; reported within a
    /// few minutes of many others and ended on the hour, so the id often breaks the tie.
    /// </summary>
    private DemandSummary RandomDemand(Random random, int i)
    {
        var state = random.GetItems(Enum.GetValues<DemandState>(), 1)[0];
        var reported = ClusterFixture.Start.AddMinutes(random.Next(60));
        var ended = reported.AddHours(random.Next(1, 4)).AddMinutes(-reported.Minute);
        return Summary(NewDemandId($"q{i}"), 1, state, random.GetItems([north, north, south, null], 1)[0],
            random.GetItems([workerA, workerB, null], 1)[0]) with
        {
            ReportedAt = reported,
            Urgency = random.GetItems(Enum.GetValues<Urgency>(), 1)[0],
            IsOverdue = random.Next(2) == 0,
            ClosedAt = state == DemandState.Closed ? ended : null,
            CancelledAt = state == DemandState.Cancelled ? ended : null,
        };
    }

    /// <summary>One thing happening in the city: a report (some reach the index late), a close, a reassignment, a move.</summary>
    private DemandSummary Change(Random random, Dictionary<string, DemandSummary> current, DateTimeOffset now)
    {
        var demands = current.Values.OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        var open = demands.Where(d => d.IsOpen).ToList();
        var some = demands[random.Next(demands.Count)];
        return random.Next(5) switch
        {
            0 => RandomDemand(random, current.Count) with { ReportedAt = random.Next(2) == 0 ? now : some.ReportedAt },
            1 when open.Count > 0 => Next(open[random.Next(open.Count)]) with { State = DemandState.Closed, ClosedAt = now },
            2 => Next(some) with { WorkerId = some.WorkerId == workerA ? workerB : workerA },
            3 => Next(some) with { StationId = some.StationId == north ? south : north },
            _ => Next(some) with { IsOverdue = !some.IsOverdue },
        };
    }

    private static DemandSummary Next(DemandSummary demand) => demand with { Version = demand.Version + 1 };
}
