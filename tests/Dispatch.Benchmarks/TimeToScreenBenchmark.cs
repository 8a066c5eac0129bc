using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Contracts.Live;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.Live;
using Dispatch.Web.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Benchmarks;

/// <summary>
/// One way of reaching the clients, measured over all its slices: every (sent item, client) pair is one receipt.
/// <see cref="Latency"/> runs from the acknowledgement (the floor: the send), <see cref="SinceRequest"/> from the start
/// of the request (the floor: the same). A send that <see cref="Failed"/> (the API did not take the demand) expects no receipt.
/// </summary>
public sealed record ScreenModeResult(long Sent, long Failed, long ExpectedReceipts, long Receipts, long Missing, long BeforeStart, LatencySummary Latency, LatencySummary SinceRequest);

/// <summary>Demands reported through the API against a bare broadcast of the same payload, same clients, same rate, same run.</summary>
public sealed record TimeToScreenResult(
    int Clients,
    double RatePerSecond,
    double MeasuredSecondsPerMode,
    int Slices,
    int PayloadBytes,
    LatencySummary Acknowledgement,
    ScreenModeResult Screen,
    ScreenModeResult Floor,
    double P99ToFloorP99,
    double ProcessCores);

/// <summary>
/// Time to screen: <c>--concurrency</c> hub clients (the official .NET SignalR client, signed in as the dispatcher, so
/// each hears every demand change) on the real app (co-hosted silo, Blob storage on Azurite, Kestrel on a loopback
/// port), while demands are reported through <c>POST /api/demands</c> at <c>--rate</c> per second, open loop (each report
/// starts on schedule, however many are still in flight). A receipt's latency runs from the API's acknowledgement (its
/// response read by the caller) to the moment a client's handler gets the change for that demand.
/// The floor, in the same run: the same clients get a bare broadcast of a batch holding one such change, sent at the
/// same rate through the same hub, group and serializer (<see cref="IHubContext{DispatchHub}"/> to the city group, under
/// <see cref="FloorMethod"/>), timed from just before the send. The two modes alternate in short slices
/// (screen, floor, floor, screen, …) and each slice waits for its receipts before the next begins, so they never overlap.
/// Every timestamp is read from one <see cref="Stopwatch"/> in this one process.
/// </summary>
public static class TimeToScreenBenchmark
{
    public const string Name = "time-to-screen";
    public const int DefaultConcurrency = 200;
    public const double DefaultRate = 50;
    public const string FloorMethod = "benchmark-floor";

    private static readonly TimeSpan SliceLength = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);
    private static readonly string[] Stations = ["chengxiang", "shaxi", "liuhe", "fuqiao", "huangjing", "shuangfeng"];

    public static async Task<TimeToScreenResult> Run(BenchmarkOptions options, double rate, AzuriteFixture azurite)
    {
        await using var app = new DispatchAppFactory(azurite, settings: new Dictionary<string, string>
        {
            // The host's own information logs would fill the console; warnings and errors still show.
            ["Logging:LogLevel:Default"] = "Warning",
        }) { RealTime = true };
        var root = app.StartOnKestrel();
        var api = await DemandApi.For(app);
        var token = await app.TokenFor(DemoUsers.Dispatcher);
        var hub = app.Services.GetRequiredService<IHubContext<DispatchHub>>();

        var clients = new List<ScreenClient>();
        try
        {
            // A few at a time: hundreds of negotiations at once only measure the connect storm.
            foreach (var chunk in Enumerable.Range(0, options.Concurrency).Chunk(20))
            {
                clients.AddRange(await Task.WhenAll(chunk.Select(_ => ScreenClient.Connect(root, token))));
            }

            var reports = new ReportDriver(api);
            var floor = new FloorDriver(hub, clients[0]);
            var screenMode = new Mode(reports.Send);
            var floorMode = new Mode(floor.Send);

            // Warm-up: both modes, not counted (the screen first: its first change is the floor's payload).
            await screenMode.Slice(clients, rate, options.WarmUp / 2, counted: false);
            await floorMode.Slice(clients, rate, options.WarmUp / 2, counted: false);
            reports.Acknowledgements.Clear();

            // How much of the machine this process (app, silo and clients; not Azurite) got while measuring.
            var (cpuBefore, wallBefore) = (Process.GetCurrentProcess().TotalProcessorTime, Stopwatch.GetTimestamp());
            var slices = Math.Max(1, (int)Math.Round(options.Measured / SliceLength));
            var sliceLength = options.Measured / slices;
            for (var slice = 0; slice < slices; slice++)
            {
                // ABBA order: whichever mode runs second in a pair runs first in the next, so neither always follows the other.
                foreach (var mode in slice % 2 == 0 ? new[] { screenMode, floorMode } : [floorMode, screenMode])
                {
                    await mode.Slice(clients, rate, sliceLength, counted: true);
                }
            }

            var cores = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore) / Stopwatch.GetElapsedTime(wallBefore);
            var screen = screenMode.Result();
            var bare = floorMode.Result();
            return new TimeToScreenResult(
                options.Concurrency,
                rate,
                options.Measured.TotalSeconds,
                slices,
                floor.PayloadBytes,
                LatencySummary.Of([.. reports.Acknowledgements]),
                screen,
                bare,
                screen.Latency.P99Ms / bare.Latency.P99Ms,
                cores);
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    /// <summary>What one send started: the key its receipts carry, when it counts from, and when its request began.</summary>
    private sealed record Sent(string Key, long At, long Started);

    /// <summary>One hub client: the first arrival of each key (a demand id, or a floor send's key), by the one clock.</summary>
    private sealed class ScreenClient(HubConnection connection) : IAsyncDisposable
    {
        public ConcurrentDictionary<string, long> Arrivals { get; } = new();

        /// <summary>The first change this client heard, as the floor's payload.</summary>
        public LiveBatch? First { get; private set; }

        public static async Task<ScreenClient> Connect(Uri root, string token)
        {
            var connection = HubListener.Build(root, token);
            var client = new ScreenClient(connection);
            connection.On<LiveBatch>(DispatchHubPush.Changes, batch =>
            {
                var now = Stopwatch.GetTimestamp();
                foreach (var message in batch.Messages)
                {
                    if (message.Change.Demand?.Summary.Id is { } id)
                    {
                        client.Arrivals.TryAdd(id, now);
                    }
                }
                client.First ??= new LiveBatch(batch.Epoch, [batch.Messages[0]]);
            });
            connection.On<LiveBatch>(FloorMethod, batch => client.Arrivals.TryAdd(FloorKey(batch.Messages[0].Sequence), Stopwatch.GetTimestamp()));
            await connection.StartAsync();
            return client;
        }

        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }

    private static string FloorKey(long sequence) => $"floor-{sequence}";

    /// <summary>Reports a demand as the dispatcher; it counts from the API's answer, read in full. A refusal is counted, not thrown.</summary>
    private sealed class ReportDriver(DemandApi api)
    {
        public ConcurrentBag<long> Acknowledgements { get; } = [];

        public async Task<Sent?> Send(int index)
        {
            var body = DemandApi.NewDemand($"{Stations[index % Stations.Length]}-c01");
            var started = Stopwatch.GetTimestamp();
            var response = await api.Http.PostAsJsonAsync("/api/demands", body);
            var acknowledged = Stopwatch.GetTimestamp();
            if (response.StatusCode != HttpStatusCode.Created)
            {
                // On an overloaded machine the grain call can time out (503): the run goes on and says how many.
                Console.Error.WriteLine($"report {index}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                return null;
            }
            Acknowledgements.Add(acknowledged - started);
            var id = (await DemandApi.Read(response)).GetProperty("demand").GetProperty("id").GetString()!;
            return new Sent(id, acknowledged, started);
        }
    }

    /// <summary>Broadcasts the first change the screen path delivered, each send numbered, to the city group under <see cref="FloorMethod"/>.</summary>
    private sealed class FloorDriver(IHubContext<DispatchHub> hub, ScreenClient sampler)
    {
        private long sequence;

        public int PayloadBytes => sampler.First is { } batch ? JsonSerializer.SerializeToUtf8Bytes(batch, DemandApi.Json).Length : 0;

        public async Task<Sent?> Send(int index)
        {
            var sample = sampler.First ?? throw new InvalidOperationException("no change reached the clients during the warm-up");
            var number = Interlocked.Increment(ref sequence);
            var batch = sample with { Messages = [sample.Messages[0] with { Sequence = number }] };
            var at = Stopwatch.GetTimestamp();
            await hub.Clients.Group(LiveGroups.City).SendAsync(FloorMethod, batch);
            return new Sent(FloorKey(number), at, at);
        }
    }

    /// <summary>One way of reaching the clients: its slices send open loop at the rate, then wait for every receipt.</summary>
    private sealed class Mode(Func<int, Task<Sent?>> send)
    {
        private readonly List<long> latencies = [];
        private readonly List<long> sinceRequest = [];
        private long sends;
        private long failed;
        private long expected;
        private long missing;
        private long beforeStart;
        private int index;

        public async Task Slice(IReadOnlyList<ScreenClient> clients, double rate, TimeSpan length, bool counted)
        {
            var inFlight = new List<Task<Sent?>>();
            // Open loop: the next send starts on time whatever this one is doing.
            await LoadRun.OpenLoop(rate, length, _ =>
            {
                var number = index++;
                inFlight.Add(Task.Run(() => send(number)));
            });
            var answers = await Task.WhenAll(inFlight);
            var sent = answers.OfType<Sent>().ToArray();
            await Drain(clients, sent);
            if (counted)
            {
                failed += answers.Length - sent.Length;
                Tally(clients, sent);
            }
        }

        public ScreenModeResult Result() =>
            new(sends + failed, failed, expected, expected - missing, missing, beforeStart, LatencySummary.Of(latencies), LatencySummary.Of(sinceRequest));

        /// <summary>Waits until every client has every key of the slice, or <see cref="DrainTimeout"/> has passed.</summary>
        private static async Task Drain(IReadOnlyList<ScreenClient> clients, Sent[] sent)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(DrainTimeout.TotalSeconds * Stopwatch.Frequency);
            while (!clients.All(c => sent.All(s => c.Arrivals.ContainsKey(s.Key))) && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(20);
            }
        }

        private void Tally(IReadOnlyList<ScreenClient> clients, Sent[] sent)
        {
            sends += sent.Length;
            foreach (var client in clients)
            {
                foreach (var item in sent)
                {
                    expected++;
                    if (!client.Arrivals.TryGetValue(item.Key, out var arrived))
                    {
                        missing++;
                        continue;
                    }
                    // The live log takes the change before the API answers, so a push can beat the answer: that is no wait at all.
                    if (arrived < item.At)
                    {
                        beforeStart++;
                    }
                    latencies.Add(Math.Max(0, arrived - item.At));
                    sinceRequest.Add(arrived - item.Started);
                }
            }
        }
    }
}
