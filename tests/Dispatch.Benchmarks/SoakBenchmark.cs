using System.Collections.Concurrent;
using System.Diagnostics;
using Dispatch.Contracts.Live;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.DemoData;
using Dispatch.Web.Live;
using Dispatch.Web.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dispatch.Benchmarks;

/// <summary>
/// The soak's settings: how long it runs, how often it samples, how much of the start is warm-up (not judged), how many
/// whole order flows start per second, and how many live screens listen.
/// </summary>
public sealed record SoakOptions(TimeSpan Duration, TimeSpan Interval, TimeSpan WarmUp, double FlowsPerSecond, int Listeners)
{
    /// <summary>The documented soak (scripts/soak.sh): half an hour, a sample a minute, the first two minutes warm-up.</summary>
    public static readonly SoakOptions Default = new(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), 1, 5);

    /// <summary>Flows still running when this many more would start are skipped, and counted: the host fell behind.</summary>
    public const int MaxFlowsInFlight = 50;
}

/// <summary>Everything the soak saw: every sample (warm-up ones included, marked by time), the flows, and the verdict.</summary>
public sealed record SoakResult(
    SoakOptions Options,
    IReadOnlyList<SoakSample> Samples,
    int WarmUpSamples,
    long FlowsStarted,
    long FlowsCompleted,
    long FlowsFailed,
    long FlowsSkipped,
    SoakVerdict Verdict);

/// <summary>
/// The soak (issue 6): the real app (co-hosted silo, Blob storage on Azurite, Kestrel on a loopback port) under steady
/// load for a bounded time. Whole order flows start at a fixed rate, open loop (report, dispatch, accept, assign,
/// contact, the five casework steps, close, callback: twelve API calls, each by the user whose role it is, across six
/// stations), while <see cref="SoakOptions.Listeners"/> hub clients signed in as the dispatcher hear every change.
/// Every <see cref="SoakOptions.Interval"/> it samples this process (the host, its silo and the load generator; Azurite
/// runs apart): managed heap after a full blocking collection, working set, open file descriptors, threads, and the
/// latency of the API calls that ended in that interval. <see cref="GrowthRule"/> judges the samples after the warm-up.
/// </summary>
public static class SoakBenchmark
{
    public const string Name = "soak";

    private static readonly string[] Stations = ["chengxiang", "shaxi", "liuhe", "fuqiao", "huangjing", "shuangfeng"];

    public static async Task<SoakResult> Run(SoakOptions options, AzuriteFixture azurite, TextWriter? progress = null)
    {
        await using var app = new DispatchAppFactory(azurite, settings: new Dictionary<string, string>
        {
            // The host's own information logs would fill the console and the process; warnings and errors still show.
            ["Logging:LogLevel:Default"] = "Warning",
        });
        var root = app.StartOnKestrel();
        var lanes = await Task.WhenAll(Stations.Select(station => Lane.For(app, station)));
        var token = await app.TokenFor(DemoUsers.Dispatcher);
        var listeners = new List<HubConnection>();
        long pushes = 0;
        try
        {
            for (var i = 0; i < options.Listeners; i++)
            {
                // Counts pushes and keeps none: a listener that stored them would be the leak the soak looks for.
                var connection = HubListener.Build(root, token);
                connection.On<LiveBatch>(DispatchHubPush.Changes, _ => Interlocked.Increment(ref pushes));
                await connection.StartAsync();
                listeners.Add(connection);
            }

            var load = new SteadyLoad(lanes, options.FlowsPerSecond);
            var samples = new List<SoakSample>();
            var started = Stopwatch.GetTimestamp();
            var loadTask = load.Run(options.Duration);
            (long Pushes, long Failed) last = (0, 0);
            for (var next = options.Interval; next <= options.Duration; next += options.Interval)
            {
                var wait = next - Stopwatch.GetElapsedTime(started);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }
                var heard = Interlocked.Read(ref pushes);
                var sample = Sample(Stopwatch.GetElapsedTime(started), load.DrainLatencies(), load.Failed - last.Failed, heard - last.Pushes);
                last = (heard, load.Failed);
                samples.Add(sample);
                progress?.WriteLine(Reports.SoakRow(sample));
            }
            await loadTask;

            // By schedule, not by the clock read at each sample: the sample due at the warm-up's end is still warm-up.
            var warmUp = Math.Min(samples.Count, (int)(options.WarmUp / options.Interval));
            return new SoakResult(options, samples, warmUp, load.Started, load.Completed, load.Failed, load.Skipped,
                GrowthRule.Judge([.. samples.Skip(warmUp)]));
        }
        finally
        {
            await Task.WhenAll(listeners.Select(l => l.DisposeAsync().AsTask()));
        }
    }

    private static SoakSample Sample(TimeSpan elapsed, IReadOnlyList<long> latencyTicks, long failedFlows, long pushes)
    {
        // Live objects only: a full blocking collection first, so garbage not yet collected is not mistaken for growth.
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return new SoakSample(elapsed, heap, process.WorkingSet64, OpenHandles(process), process.Threads.Count,
            latencyTicks.Count, failedFlows, LatencySummary.Of(latencyTicks), pushes);
    }

    /// <summary>Open file descriptors (sockets, files, pipes) on Linux; the runtime's own count elsewhere.</summary>
    private static int OpenHandles(Process process) =>
        Directory.Exists("/proc/self/fd") ? Directory.GetFileSystemEntries("/proc/self/fd").Length : process.HandleCount;

    /// <summary>One station's share of the flows: a community it covers, its head, and one of its workers, each signed in.</summary>
    private sealed record Lane(string StationId, string CommunityId, string WorkerId, DemandApi Dispatcher, DemandApi Head, DemandApi Worker)
    {
        public static async Task<Lane> For(DispatchAppFactory app, string stationId)
        {
            var city = TaicangDemoData.Create();
            var worker = city.Workers.First(w => w.StationId == stationId && w.IsActive);
            var dispatcher = await DemandApi.For(app, DemoUsers.Dispatcher);
            return new Lane(stationId, city.Communities.First(c => c.StationId == stationId).Id, worker.Id,
                dispatcher, await dispatcher.AsHeadOf(stationId), await dispatcher.AsWorker(worker.Id));
        }
    }

    /// <summary>Starts whole flows at a fixed rate, open loop, and times every API call.</summary>
    private sealed class SteadyLoad(IReadOnlyList<Lane> lanes, double flowsPerSecond)
    {
        private readonly ConcurrentQueue<long> latencies = new();
        private long started;
        private long completed;
        private long failed;
        private long skipped;
        private int inFlight;

        public long Started => Interlocked.Read(ref started);

        public long Completed => Interlocked.Read(ref completed);

        public long Failed => Interlocked.Read(ref failed);

        public long Skipped => Interlocked.Read(ref skipped);

        public IReadOnlyList<long> DrainLatencies()
        {
            var drained = new List<long>();
            while (latencies.TryDequeue(out var ticks))
            {
                drained.Add(ticks);
            }
            return drained;
        }

        public async Task Run(TimeSpan duration)
        {
            var flows = new List<Task>();
            await LoadRun.OpenLoop(flowsPerSecond, duration, i =>
            {
                if (Volatile.Read(ref inFlight) >= SoakOptions.MaxFlowsInFlight)
                {
                    Interlocked.Increment(ref skipped);
                    return;
                }
                var lane = lanes[i % lanes.Count];
                flows.Add(Task.Run(() => Flow(lane)));
                flows.RemoveAll(f => f.IsCompleted);
            });
            await Task.WhenAll(flows);
        }

        private async Task Flow(Lane lane)
        {
            Interlocked.Increment(ref started);
            Interlocked.Increment(ref inFlight);
            try
            {
                var id = await Timed(() => lane.Dispatcher.ReportId(DemandApi.NewDemand(lane.CommunityId)));
                await Timed(() => lane.Dispatcher.Act(id, "dispatch", new { stationId = lane.StationId }));
                await Timed(() => lane.Head.Act(id, "accept"));
                await Timed(() => lane.Head.Act(id, "assign", new { workerId = lane.WorkerId }));
                await Timed(() => lane.Worker.Act(id, "contact", new { note = "已电话联系，约定上门。" }));
                foreach (var step in DemandApi.Steps)
                {
                    await Timed(() => lane.Worker.Step(id, step));
                }
                await Timed(() => lane.Worker.Act(id, "close", new { summary = "服务完成" }));
                await Timed(() => lane.Dispatcher.Act(id, "callback", new { rating = 5, note = "满意" }));
                Interlocked.Increment(ref completed);
            }
            catch (Exception exception)
            {
                // On a shared machine a call can time out (503): the run goes on, and the failure is counted and shown.
                Interlocked.Increment(ref failed);
                Console.Error.WriteLine($"flow at {lane.StationId} failed: {exception.Message}");
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        }

        private async Task<T> Timed<T>(Func<Task<T>> call)
        {
            var begun = Stopwatch.GetTimestamp();
            var result = await call();
            latencies.Enqueue(Stopwatch.GetTimestamp() - begun);
            return result;
        }
    }
}
