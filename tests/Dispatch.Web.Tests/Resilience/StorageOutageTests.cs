using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.Extensions;
using Dispatch.Web.Health;
using Dispatch.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Dispatch.Web.Tests.Resilience;

/// <summary>
/// Storage stops under a running host (a private Azurite, stopped and restarted on the same port and data): writes
/// fail fast with a 503 that says the change may not have been saved, nothing acknowledged is lost, and the host
/// saves again by itself once storage is back, including on the grains whose writes failed.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class StorageOutageTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const int Clients = 4;
    private const string Station = "liuhe";

    /// <summary>Generous: the storage client gives up on a refused connection in about two seconds (BlobStorageOptions).</summary>
    private static readonly TimeSpan FailWithin = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly DispatchAppFactory app = new(azurite);

    public Task InitializeAsync() => azurite.StartAsync();

    public async Task DisposeAsync()
    {
        await azurite.StartAsync(); // a failed test must not leave the next one without storage
        await app.DisposeAsync();
    }

    [Fact]
    public async Task Mid_load_outage_refuses_writes_with_503_loses_nothing_acknowledged_and_recovers_by_itself()
    {
        if (azurite.IsExternal)
        {
            return; // External storage cannot be stopped from here (xunit 2 has no runtime skip).
        }

        var flow = await Flow();
        var log = new ConcurrentQueue<Attempt>();
        using var stopLoad = new CancellationTokenSource();
        var load = Enumerable.Range(0, Clients).Select(client => Task.Run(() => Load(client, flow, log, stopLoad.Token))).ToArray();

        await Until(() => log.Count(a => a.Acknowledged) >= 3 * Clients, "acknowledged writes before the outage");
        await azurite.StopAsync();
        var down = DateTimeOffset.UtcNow;
        // Long enough for every client to run into the outage a few times.
        await Until(() => log.Count(a => a.Started > down) >= 3 * Clients, "refused writes during the outage");
        var up = DateTimeOffset.UtcNow;
        await azurite.StartAsync();
        var back = DateTimeOffset.UtcNow;
        await Until(() => Enumerable.Range(0, Clients).All(c => log.Any(a => a.Client == c && a.Started > back && a.Acknowledged)),
            "an acknowledged write from every client after storage returned");
        stopLoad.Cancel();
        await Task.WhenAll(load);

        var attempts = log.ToList();
        Assert.All(attempts, a => Assert.True(a.Status is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable,
            $"client {a.Client} {a.Action} {a.DemandId}: {(int)a.Status} {a.Body}"));

        var duringOutage = attempts.Where(a => a.Started > down && a.Finished < up).ToList();
        Assert.NotEmpty(duringOutage);
        Assert.All(duringOutage, a =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, a.Status);
            Assert.Equal("application/problem+json", a.ContentType);
            var problem = JsonDocument.Parse(a.Body).RootElement;
            Assert.Equal(ProblemHandlingExtensions.StorageUnavailable, problem.GetProperty("title").GetString());
            Assert.Equal(ProblemHandlingExtensions.NotConfirmed, problem.GetProperty("detail").GetString());
            Assert.True(a.Took < FailWithin, $"{a.Action} took {a.Took} to fail");
        });

        // Jepsen-style: one final read of everything, compared with what each client was told.
        var dispatcher = flow.Dispatcher;
        var acknowledged = attempts.Where(a => a.Acknowledged).ToList();
        // The list is a view: a change stored just as storage went down reaches it when its retry gets through.
        HashSet<string> listed = [];
        var listCaughtUp = Stopwatch.StartNew();
        await Eventually(async () =>
        {
            listed = (await DemandApi.Read(await dispatcher.GetAsync("/api/demands?limit=5000")))
                .EnumerateArray().Select(d => d.GetProperty("id").GetString()!).ToHashSet();
            return acknowledged.All(a => listed.Contains(a.DemandId!));
        });
        var landedThoughRefused = 0;
        foreach (var demand in acknowledged.GroupBy(a => a.DemandId!))
        {
            Assert.Contains(demand.Key, listed);
            var timeline = (await DemandApi.Read(await dispatcher.GetAsync($"/api/demands/{demand.Key}")))
                .GetProperty("demand").GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
            foreach (var ack in demand)
            {
                Assert.True(timeline.Count >= ack.Version, $"{demand.Key}: acknowledged {ack.Action} as version {ack.Version}, stored {timeline.Count}");
                Assert.Equal(KindOf(ack.Action), timeline[ack.Version!.Value - 1]);
            }
            // Each client stops a demand's flow at its first refusal, so anything stored beyond the last acknowledged
            // version is that refused write: it may only be there because its answer said "may not have been saved".
            var beyond = timeline.Count - demand.Max(a => a.Version!.Value);
            Assert.InRange(beyond, 0, 1);
            landedThoughRefused += beyond;
            if (beyond == 1 && timeline.Count <= flow.Steps.Length)
            {
                // Its grain was told the write failed, though it landed: it must have reloaded, or its next write would
                // conflict with its own change.
                var (action, http, body) = flow.Steps[timeline.Count - 1];
                var next = await http.PostAsJsonAsync($"/api/demands/{demand.Key}/{action}", body);
                Assert.True(next.IsSuccessStatusCode, $"{action} on {demand.Key} after its refused write landed: {(int)next.StatusCode} {await next.Content.ReadAsStringAsync()}");
            }
        }
        var acknowledgedIds = acknowledged.Select(a => a.DemandId).ToHashSet();
        var intakesLandedThoughRefused = listed.Count(id => !acknowledgedIds.Contains(id));
        Assert.True(intakesLandedThoughRefused <= attempts.Count(a => a.Action == "report" && !a.Acknowledged));

        var refused = attempts.Where(a => !a.Acknowledged).ToList();
        var firstAfter = attempts.Where(a => a.Started > back && a.Acknowledged).Min(a => a.Finished);
        output.WriteLine($"attempts {attempts.Count}: acknowledged {acknowledged.Count} ({acknowledged.Select(a => a.DemandId).Distinct().Count()} demands), refused {refused.Count}");
        output.WriteLine($"refused during the outage: {duringOutage.Count}, took median {Median(duringOutage):0.00} s, max {duringOutage.Max(a => a.Took.TotalSeconds):0.00} s");
        output.WriteLine($"outage {(up - down).TotalSeconds:0.0} s; Azurite restart {(back - up).TotalSeconds:0.0} s; first acknowledged write {(firstAfter - back).TotalSeconds:0.00} s after it listened");
        output.WriteLine($"the demand list held every acknowledged demand {listCaughtUp.Elapsed.TotalSeconds:0.0} s after the load stopped");
        output.WriteLine($"refused but stored (answer said 'may not have been saved'): {landedThoughRefused} transitions (their grains took the next step), {intakesLandedThoughRefused} intakes");
    }

    [Fact]
    public async Task A_demand_whose_write_failed_keeps_the_stored_version_and_saves_again_when_storage_returns()
    {
        if (azurite.IsExternal)
        {
            return;
        }

        var flow = await Flow();
        var id = (await Acknowledge(flow.Dispatcher, "/api/demands", DemandApi.NewDemand($"{Station}-c01")))
            .GetProperty("demand").GetProperty("id").GetString()!;
        await Acknowledge(flow.Dispatcher, $"/api/demands/{id}/dispatch", new { stationId = Station });

        await azurite.StopAsync();
        var refused = await flow.Head.PostAsJsonAsync($"/api/demands/{id}/accept", new { });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        // The grain that failed reloads from storage on its next call rather than answer from a memory that may be
        // ahead of storage or, had the write landed unanswered, behind it: while storage is down it cannot.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await flow.Dispatcher.GetAsync($"/api/demands/{id}")).StatusCode);
        Assert.True(await Eventually(() => app.Services.GetRequiredService<StorageStatus>().Degraded), "the failed write did not mark storage degraded");
        await azurite.StartAsync();

        var after = await DemandApi.Read(await flow.Dispatcher.GetAsync($"/api/demands/{id}"));
        Assert.Equal("Dispatched", State(after));
        Assert.Equal(2, after.GetProperty("demand").GetProperty("timeline").GetArrayLength());
        var accepted = await Acknowledge(flow.Head, $"/api/demands/{id}/accept", new { });
        Assert.Equal("Accepted", State(accepted));
        Assert.Equal(3, accepted.GetProperty("demand").GetProperty("timeline").GetArrayLength());
        Assert.True(await Eventually(() => !app.Services.GetRequiredService<StorageStatus>().Degraded), "the degraded state did not clear");
    }

    private static string? State(JsonElement details) => details.GetProperty("demand").GetProperty("state").GetString();

    private static async Task<JsonElement> Acknowledge(HttpClient http, string path, object body)
    {
        var response = await http.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await DemandApi.Read(response);
    }

    /// <summary>The people who move a demand through one station (the dispatcher, its head and one of its workers) and the steps they take after intake.</summary>
    private sealed record People(HttpClient Dispatcher, HttpClient Head, HttpClient Worker, string WorkerId)
    {
        public (string Action, HttpClient Http, object Body)[] Steps { get; } =
        [
            ("dispatch", Dispatcher, new { stationId = Station }),
            ("accept", Head, new { }),
            ("assign", Head, new { workerId = WorkerId }),
            ("contact", Worker, new { note = "已电话联系" }),
        ];
    }

    private async Task<People> Flow()
    {
        var dispatcher = await app.ClientFor(DemoUsers.Dispatcher);
        var workers = await DemandApi.Read(await dispatcher.GetAsync($"/api/workers?station={Station}"));
        var workerId = workers[0].GetProperty("id").GetString()!;
        return new People(dispatcher, await app.ClientFor(DemoUsers.HeadOf(Station)), await app.ClientFor(await app.WorkerUser(workerId)), workerId);
    }

    /// <summary>One client: takes in a demand and moves it along until a step is refused, then starts the next.</summary>
    private static async Task Load(int client, People people, ConcurrentQueue<Attempt> log, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var intake = await Try(client, "report", null, people.Dispatcher, "/api/demands",
                DemandApi.NewDemand($"{Station}-c01", description: $"客户端 {client}：独居老人需要探访"), log);
            if (!intake.Acknowledged)
            {
                continue;
            }
            foreach (var (action, http, body) in people.Steps)
            {
                if (!(await Try(client, action, intake.DemandId, http, $"/api/demands/{intake.DemandId}/{action}", body, log)).Acknowledged)
                {
                    break;
                }
            }
        }
    }

    private static async Task<Attempt> Try(int client, string action, string? id, HttpClient http, string path, object body, ConcurrentQueue<Attempt> log)
    {
        var started = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        var response = await http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        watch.Stop();
        int? version = null;
        if (response.IsSuccessStatusCode)
        {
            var demand = JsonDocument.Parse(text).RootElement.GetProperty("demand");
            id = demand.GetProperty("id").GetString();
            version = demand.GetProperty("timeline").GetArrayLength();
        }
        var attempt = new Attempt(client, action, id, response.StatusCode, response.Content.Headers.ContentType?.MediaType,
            text, started, DateTimeOffset.UtcNow, watch.Elapsed, version);
        log.Enqueue(attempt);
        if (!attempt.Acknowledged)
        {
            await Task.Delay(100); // a person would not hammer the button either
        }
        return attempt;
    }

    private sealed record Attempt(
        int Client, string Action, string? DemandId, HttpStatusCode Status, string? ContentType, string Body,
        DateTimeOffset Started, DateTimeOffset Finished, TimeSpan Took, int? Version)
    {
        public bool Acknowledged => Version is not null;
    }

    private static string KindOf(string action) => action switch
    {
        "report" => "Reported",
        "dispatch" => "Dispatched",
        "accept" => "Accepted",
        "assign" => "Assigned",
        "contact" => "Contacted",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    private static double Median(IReadOnlyList<Attempt> attempts) =>
        attempts.Select(a => a.Took.TotalSeconds).Order().ElementAt(attempts.Count / 2);

    private static async Task Until(Func<bool> condition, string what)
    {
        if (!await Eventually(condition))
        {
            Assert.Fail($"no {what} within {Patience.TotalSeconds:0} s");
        }
    }

    private static Task<bool> Eventually(Func<bool> condition) => Eventually(() => Task.FromResult(condition()));

    private static async Task<bool> Eventually(Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > Patience)
            {
                return false;
            }
            await Task.Delay(100);
        }
        return true;
    }
}
