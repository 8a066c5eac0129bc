using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Accounts;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Grains;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.DemoData;
using Dispatch.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Api;

/// <summary>
/// The issue's races, through the real API on the real host (silo, Blob storage on Azurite): of commands fired at one
/// order at once, exactly one wins; every other gets a 409 problem naming the winner (what, who, when, where); the
/// timeline holds one event. Each race runs several rounds, so one lucky ordering cannot hide a bug.
/// </summary>
public sealed class RaceTests(AzuriteFixture azurite) : ApiTest(azurite)
{
    private const int Rounds = 5;
    private const int Accepts = 100;
    /// <summary>Distinct people share the hundred clients, so the winner each loser names is checked against who won.</summary>
    private const int HeadsAccepting = 10;
    private const string Station = "chengxiang";
    private const string OtherStation = "shaxi";

    private static readonly string StationWorker =
        TaicangDemoData.Create().Workers.First(w => w.StationId == Station && w.IsActive).Id;

    [Fact]
    public async Task Of_a_hundred_concurrent_accepts_one_wins_and_ninety_nine_are_told_who_accepted_and_when()
    {
        var heads = new List<Racer>();
        for (var i = 1; i <= HeadsAccepting; i++)
        {
            heads.Add(await Person($"race-head-{i}", $"站长{i}号", ActorRole.StationHead, Station));
        }
        // A hundred clients of their own: separate connections, not one client's requests in a queue.
        var clients = Enumerable.Range(0, Accepts).Select(i => heads[i % heads.Count]).Select(head => (head, Http: head.NewClient())).ToList();

        for (var round = 1; round <= Rounds; round++)
        {
            var id = await DispatchedTo(Station);

            var responses = await Task.WhenAll(clients.Select(c => c.Http.PostAsJsonAsync($"/api/demands/{id}/accept", new { note = "收到" })));

            var winner = clients[Assert.Single(Won(responses))].head;
            var losers = responses.Where(r => !r.IsSuccessStatusCode).ToList();
            Assert.Equal(Accepts - 1, losers.Count);
            foreach (var loser in losers)
            {
                var named = await AssertNamesWinner(loser, "Accepted", winner);
                Assert.Equal(Station, named.GetProperty("stationId").GetString());
            }
            Assert.Equal(1, await EventsOf(id, "Accepted"));
        }
    }

    [Fact]
    public async Task Of_two_dispatchers_dispatching_one_order_to_two_stations_one_wins_and_the_other_is_told_where_it_went()
    {
        var first = await Person(DemoUsers.Dispatcher, "周敏", ActorRole.Dispatcher, null);
        var second = await Person("race-dispatcher", "李调度", ActorRole.Dispatcher, null);
        var (firstHttp, secondHttp) = (first.NewClient(), second.NewClient());

        for (var round = 1; round <= Rounds; round++)
        {
            var id = await Api.ReportId();

            var responses = await Task.WhenAll(
                firstHttp.PostAsJsonAsync($"/api/demands/{id}/dispatch", new { stationId = Station }),
                secondHttp.PostAsJsonAsync($"/api/demands/{id}/dispatch", new { stationId = OtherStation }));

            var won = Assert.Single(Won(responses));
            var (winner, station) = won == 0 ? (first, Station) : (second, OtherStation);
            var named = await AssertNamesWinner(responses[1 - won], "Dispatched", winner);
            Assert.Equal(station, named.GetProperty("stationId").GetString());
            Assert.Equal(1, await EventsOf(id, "Dispatched"));
        }
    }

    [Fact]
    public async Task Of_an_assign_and_a_return_racing_on_one_order_one_wins_and_the_other_is_told_what_happened()
    {
        var assigner = await Person(DemoUsers.HeadOf(Station), null, ActorRole.StationHead, Station);
        var returner = await Person("race-head-returns", "退单站长", ActorRole.StationHead, Station);
        var (assignHttp, returnHttp) = (assigner.NewClient(), returner.NewClient());

        for (var round = 1; round <= Rounds; round++)
        {
            var id = await DispatchedTo(Station);
            await Api.Act(id, "accept");

            var responses = await Task.WhenAll(
                assignHttp.PostAsJsonAsync($"/api/demands/{id}/assign", new { workerId = StationWorker }),
                returnHttp.PostAsJsonAsync($"/api/demands/{id}/return", new { reason = "人手不足" }));

            var won = Assert.Single(Won(responses));
            if (won == 0)
            {
                var named = await AssertNamesWinner(responses[1], "Assigned", assigner);
                Assert.Equal(StationWorker, named.GetProperty("workerId").GetString());
            }
            else
            {
                await AssertNamesWinner(responses[0], "Returned", returner);
            }
            Assert.Equal(1, await EventsOf(id, "Assigned") + await EventsOf(id, "Returned"));
        }
    }

    /// <summary>
    /// The race above when the return lands first, made certain: the returned order is no longer the station's, yet the
    /// assigner lost a race, not a right, and hears who returned it (409), not "forbidden" (403).
    /// </summary>
    [Fact]
    public async Task An_assign_that_arrives_just_after_its_own_station_returned_the_order_is_told_who_returned_it()
    {
        var assigner = await Person(DemoUsers.HeadOf(Station), null, ActorRole.StationHead, Station);
        var returner = await Person("race-head-returns", "退单站长", ActorRole.StationHead, Station);
        var id = await DispatchedTo(Station);
        await Api.Act(id, "accept");
        Assert.Equal(HttpStatusCode.OK, (await returner.NewClient().PostAsJsonAsync($"/api/demands/{id}/return", new { reason = "人手不足" })).StatusCode);

        var late = await assigner.NewClient().PostAsJsonAsync($"/api/demands/{id}/assign", new { workerId = StationWorker });

        await AssertNamesWinner(late, "Returned", returner);
        // Another station's head still may not touch it: that is a right, not a race.
        var stranger = await Person(DemoUsers.HeadOf(OtherStation), null, ActorRole.StationHead, OtherStation);
        var forbidden = await stranger.NewClient().PostAsJsonAsync($"/api/demands/{id}/assign", new { workerId = StationWorker });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    /// <summary>
    /// Two hosts (not one cluster) on the same storage, each with the order active: the second's write carries a stale
    /// ETag, so it is refused as 409 and never overwrites the first's; its next try reads the stored order and names the winner.
    /// </summary>
    [Fact]
    public async Task Two_hosts_racing_on_one_orders_storage_never_overwrite_each_other()
    {
        var id = await DispatchedTo(Station);
        // Signed in before the second host starts: each host's sign-ins write the shared user directory too.
        await App.ClientFor(DemoUsers.HeadOf(Station));
        await using var other = new DispatchAppFactory(Azurite, App.Storage, App.Clock);
        var otherApi = await DemandApi.For(other);
        await otherApi.Demand(id);   // activates the order on the second host, with the stored version's ETag

        await Api.Act(id, "accept");
        var stale = await otherApi.Post(id, "accept");

        var problem = await AssertProblem(stale, HttpStatusCode.Conflict);
        Assert.Equal("Lost a concurrency race.", problem.GetProperty("title").GetString());
        var winner = await Person(DemoUsers.HeadOf(Station), null, ActorRole.StationHead, Station);
        await AssertNamesWinner(await otherApi.Post(id, "accept"), "Accepted", winner);
        Assert.Equal(1, await EventsOf(id, "Accepted"));
    }

    /// <summary>Someone who acts: their user name, the name the timeline shows, and a token the host issued them.</summary>
    private sealed record Racer(string UserName, string DisplayName, string Token, DispatchAppFactory App)
    {
        public HttpClient NewClient()
        {
            var client = App.Anonymous();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            return client;
        }
    }

    /// <summary>
    /// The user (made by the admin when not a demo user), with a token from the host's own token service: a hundred
    /// sign-ins would only exercise the sign-in's deliberate slowness and its limits.
    /// </summary>
    private async Task<Racer> Person(string userName, string? displayName, ActorRole role, string? stationId)
    {
        var directory = App.Grains.GetGrain<IUserDirectoryGrain>(IUserDirectoryGrain.Key);
        if (await directory.Get(userName) is null)
        {
            var admin = new DispatchUser(DemoUsers.Admin, "admin", ActorRole.Admin);
            var problem = await App.Services.GetRequiredService<AccountService>()
                .Create(admin, new NewAccount(userName, displayName!, role, stationId, null, DemoUsers.Password));
            Assert.True(problem is null or AccountError.UserNameTaken, $"creating {userName}: {problem}");
        }
        var account = (await directory.Get(userName))!;
        return new Racer(userName, account.DisplayName, App.Services.GetRequiredService<TokenService>().Issue(account).AccessToken, App);
    }

    private async Task<string> DispatchedTo(string stationId)
    {
        var id = await Api.ReportId();
        await Api.Act(id, "dispatch", new { stationId });
        return id;
    }

    private static IEnumerable<int> Won(HttpResponseMessage[] responses) =>
        responses.Select((r, i) => (r, i)).Where(p => p.r.IsSuccessStatusCode).Select(p => p.i);

    private async Task<int> EventsOf(string id, string kind) =>
        (await Api.Demand(id)).GetProperty("demand").GetProperty("timeline").EnumerateArray()
            .Count(e => e.GetProperty("kind").GetString() == kind);

    /// <summary>A 409 problem whose <c>winner</c> says what was done, by whom and when, and whose detail says it in words.</summary>
    private static async Task<JsonElement> AssertNamesWinner(HttpResponseMessage response, string action, Racer winner)
    {
        var problem = await AssertProblem(response, HttpStatusCode.Conflict);
        var named = problem.GetProperty("winner");
        Assert.Equal(action, named.GetProperty("action").GetString());
        Assert.Equal(winner.UserName, named.GetProperty("by").GetProperty("id").GetString());
        Assert.Equal(winner.DisplayName, named.GetProperty("by").GetProperty("name").GetString());
        var at = named.GetProperty("at").GetDateTimeOffset();
        Assert.Contains($"Already {action.ToLowerInvariant()}", problem.GetProperty("detail").GetString());
        Assert.Contains($"by {winner.DisplayName} at {at:u}.", problem.GetProperty("detail").GetString());
        return named;
    }

    private static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
