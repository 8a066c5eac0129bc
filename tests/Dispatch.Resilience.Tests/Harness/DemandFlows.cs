using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Contracts.Demands;
using Dispatch.Web.Accounts;
using Dispatch.Web.DemoData;
using Dispatch.Web.Testing;

namespace Dispatch.Resilience.Tests.Harness;

/// <summary>One acknowledged (2xx) operation as its client saw it: the demand, the event it made and where in the timeline.</summary>
public sealed record Acknowledged(string DemandId, DemandEventKind Kind, int Version, DateTimeOffset At, DateTime AckedAt, string Node);

/// <summary>
/// Clients that take demands through the flow (take in → dispatch → accept → assign → first contact) over the HTTP API,
/// each as the user whose job it is, spreading over the nodes and moving to the next node when one cannot be reached.
/// Every 2xx is recorded (<see cref="Acknowledged"/>); an operation whose answer never came is not, since it may or may
/// not have happened. After a refusal or an unknown outcome the client reads the demand and carries on from there.
/// </summary>
public sealed class DemandFlows(IReadOnlyList<IApiHost> nodes) : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan FailoverPause = TimeSpan.FromMilliseconds(250);

    private readonly HttpClient http = new() { Timeout = RequestTimeout };
    private readonly ConcurrentQueue<Acknowledged> acknowledged = new();
    private readonly ConcurrentDictionary<string, string> tokens = new();
    private int unknownOutcomes;

    /// <summary>Demands go to these: a community, the station covering it and a worker there with a demo account.</summary>
    public IReadOnlyList<Lane> Lanes { get; } = CreateLanes();

    public IReadOnlyList<Acknowledged> Acknowledged => [.. acknowledged];

    /// <summary>Requests that got no answer or a 5xx (connection lost mid-request, timeout): their outcome is unknown.</summary>
    public int UnknownOutcomes => unknownOutcomes;

    /// <summary>Signs in every user the flows act as (once: signing in is deliberately slow; tokens hold on every node).</summary>
    public async Task SignIn(IApiHost node)
    {
        var users = Lanes.SelectMany(l => new[] { DemoUsers.HeadOf(l.StationId), DemoUsers.WorkerUser(l.WorkerId) }).Append(DemoUsers.Dispatcher);
        foreach (var user in users.Distinct())
        {
            var response = await http.PostAsJsonAsync(new Uri(node.Root, "api/auth/token"), new { userName = user, password = DemoUsers.Password });
            Assert.True(response.IsSuccessStatusCode, $"sign-in as {user}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            tokens[user] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        }
    }

    public string TokenOf(string user) => tokens[user];

    /// <summary>Runs <paramref name="clients"/> clients until <paramref name="stop"/>; each finishes the request it is in.</summary>
    public Task Run(int clients, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(() => Client(client, stop))));

    /// <summary>Takes in a demand as the dispatcher; null when no node acknowledged it before <paramref name="stop"/>.</summary>
    public async Task<JsonElement?> Report(Lane lane, Urgency urgency, int client, CancellationToken stop) =>
        await Send(client, DemoUsers.Dispatcher, "api/demands", DemandApi.NewDemand(lane.CommunityId, urgency.ToString()), stop);

    /// <summary>One step of the flow for a demand in <paramref name="state"/>; null when none is left or it was not acknowledged.</summary>
    public async Task<JsonElement?> Advance(string id, DemandState state, Lane lane, int client, CancellationToken stop)
    {
        (string User, string Action, object Body)? next = state switch
        {
            DemandState.Reported => (DemoUsers.Dispatcher, "dispatch", new { stationId = lane.StationId }),
            DemandState.Dispatched => (DemoUsers.HeadOf(lane.StationId), "accept", new { note = "接单" }),
            DemandState.Accepted => (DemoUsers.HeadOf(lane.StationId), "assign", new { workerId = lane.WorkerId }),
            DemandState.Assigned => (DemoUsers.WorkerUser(lane.WorkerId), "contact", new { note = "已电话联系" }),
            _ => null,
        };
        return next is { } step ? await Send(client, step.User, $"api/demands/{id}/{step.Action}", step.Body, stop) : null;
    }

    /// <summary>The demand as <paramref name="node"/> reads it now; null when it answers anything but 200.</summary>
    public async Task<JsonElement?> Read(IApiHost node, string id)
    {
        try
        {
            using var request = Request(HttpMethod.Get, node, $"api/demands/{id}", DemoUsers.Dispatcher);
            using var response = await http.SendAsync(request);
            return response.StatusCode == HttpStatusCode.OK ? Demand(await response.Content.ReadFromJsonAsync<JsonElement>()) : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>GET <paramref name="path"/> on <paramref name="node"/> as the dispatcher answers 200.</summary>
    public async Task<bool> Answers(IApiHost node, string path, TimeSpan timeout)
    {
        try
        {
            using var request = Request(HttpMethod.Get, node, path, DemoUsers.Dispatcher);
            using var cancel = new CancellationTokenSource(timeout);
            using var response = await http.SendAsync(request, cancel.Token);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose() => http.Dispose();

    public static DemandState StateOf(JsonElement demand) => Enum.Parse<DemandState>(demand.GetProperty("state").GetString()!);

    public static string IdOf(JsonElement demand) => demand.GetProperty("id").GetString()!;

    private async Task Client(int client, CancellationToken stop)
    {
        var lane = Lanes[client % Lanes.Count];
        while (!stop.IsCancellationRequested)
        {
            if (await Report(lane, Urgency.Normal, client, stop) is not { } demand)
            {
                continue;
            }
            var id = IdOf(demand);
            var state = StateOf(demand);
            while (!stop.IsCancellationRequested && state != DemandState.InService)
            {
                var after = await Advance(id, state, lane, client, stop)
                    // Refused or unknown: the demand as it stands now says what is next.
                    ?? await ReadAnywhere(id, client, stop);
                state = after is { } known ? StateOf(known) : state;
            }
        }
    }

    private async Task<JsonElement?> ReadAnywhere(string id, int client, CancellationToken stop)
    {
        for (var attempt = 0; !stop.IsCancellationRequested; attempt++)
        {
            if (await Read(nodes[(client + attempt) % nodes.Count], id) is { } demand)
            {
                return demand;
            }
            await Pause(stop);
        }
        return null;
    }

    /// <summary>
    /// POSTs, moving to the next node only while none can be connected to (the request never left). A 2xx is recorded
    /// and returns the demand; a 4xx (e.g. 409: someone got there first) returns null, and so does a request without an
    /// answer (connection lost, timeout, 5xx): it may or may not have happened, so it is not sent again blindly (assign,
    /// for one, is allowed twice); the caller reads the demand and decides.
    /// </summary>
    private async Task<JsonElement?> Send(int client, string user, string path, object body, CancellationToken stop)
    {
        for (var attempt = 0; !stop.IsCancellationRequested; attempt++)
        {
            var node = nodes[(client + attempt) % nodes.Count];
            try
            {
                using var request = Request(HttpMethod.Post, node, path, user);
                request.Content = JsonContent.Create(body);
                using var response = await http.SendAsync(request, CancellationToken.None);
                if (response.IsSuccessStatusCode)
                {
                    var demand = Demand(await response.Content.ReadFromJsonAsync<JsonElement>());
                    Record(demand, node);
                    return demand;
                }
                if ((int)response.StatusCode >= 500)
                {
                    Interlocked.Increment(ref unknownOutcomes);
                }
                return null;
            }
            catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConnectionError)
            {
                await Pause(stop);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
            {
                Interlocked.Increment(ref unknownOutcomes);
                return null;
            }
        }
        return null;
    }

    private void Record(JsonElement demand, IApiHost node)
    {
        var version = demand.GetProperty("version").GetInt32();
        var newest = demand.GetProperty("timeline")[version - 1];
        acknowledged.Enqueue(new Acknowledged(
            IdOf(demand), Enum.Parse<DemandEventKind>(newest.GetProperty("kind").GetString()!), version,
            newest.GetProperty("at").GetDateTimeOffset(), DateTime.UtcNow, node.Name));
    }

    private HttpRequestMessage Request(HttpMethod method, IApiHost node, string path, string user)
    {
        var request = new HttpRequestMessage(method, new Uri(node.Root, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[user]);
        return request;
    }

    private static JsonElement Demand(JsonElement details) => details.GetProperty("demand").Clone();

    private static async Task Pause(CancellationToken stop)
    {
        try
        {
            await Task.Delay(FailoverPause, stop);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static IReadOnlyList<Lane> CreateLanes()
    {
        var city = TaicangDemoData.Create();
        // Three stations, so the station heads' and workers' grains spread over the cluster too.
        return [.. city.Stations.Take(3)
            .Select(station => city.Workers.First(w => w.StationId == station.Id))
            .Select(worker => new Lane(worker.CommunityIds[0], worker.StationId, worker.Id))];
    }
}

public sealed record Lane(string CommunityId, string StationId, string WorkerId);
