using System.Diagnostics;
using System.Runtime;
using Dispatch.Testing;
using Dispatch.Web.Testing;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dispatch.Benchmarks;

/// <summary>How many consoles to open, one step after another, and how long each phase settles before it is measured.</summary>
/// <param name="WaitOutKeepAlive">
/// Take the warm baseline and the measurement only once the host's keep-alive timeout has passed since the pages loaded.
/// Loading a page, the browser opens several HTTP connections for its scripts and styles and leaves them idle until the
/// server closes them (Kestrel: 130 s by default); a heap dump counted about five per console. A console kept open holds
/// only its circuit's connection. Both wait alike, so what Kestrel's pool lets go of meanwhile is out of both.
/// </param>
public sealed record ConsoleMemoryOptions(IReadOnlyList<int> Pages, TimeSpan Settle, bool WaitOutKeepAlive = true);

/// <summary>The host process's memory after a full, compacting, blocking collection.</summary>
public sealed record MemorySample(long ManagedHeapBytes, long GcHeapSizeBytes, long WorkingSetBytes)
{
    /// <summary>
    /// What the process holds after everything collectable is gone: two full blocking, compacting collections (the
    /// large object heap too) around the finalizers. The median of three, a second apart, smooths what timers allocate.
    /// </summary>
    public static MemorySample Take()
    {
        var samples = new List<MemorySample>();
        for (var i = 0; i < 3; i++)
        {
            if (i > 0)
            {
                Thread.Sleep(TimeSpan.FromSeconds(1));
            }
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            using var process = Process.GetCurrentProcess();
            samples.Add(new MemorySample(GC.GetTotalMemory(forceFullCollection: false), GC.GetGCMemoryInfo().HeapSizeBytes, process.WorkingSet64));
        }
        return samples.OrderBy(s => s.ManagedHeapBytes).ElementAt(1);
    }

}

/// <summary>
/// One step. <see cref="ColdBaseline"/> is the idle host before it first served K consoles; <see cref="Baseline"/> the
/// same idle host after K consoles opened and closed once, its buffer pools grown to what K page loads take; then the
/// host with <see cref="Pages"/> live consoles. Per console counts against the warm baseline; against the cold one it
/// also counts the free buffers the pools keep after the burst of page loads (shown, not the target's measure).
/// </summary>
public sealed record ConsoleMemoryStep(
    int Pages,
    int OpenCircuits,
    int PagesWithLivePush,
    int QueueRows,
    MemorySample ColdBaseline,
    MemorySample Baseline,
    MemorySample WithConsoles,
    double ManagedHeapKbPerConsole,
    double ColdManagedHeapKbPerConsole,
    double WorkingSetKbPerConsole);

public sealed record ConsoleMemoryResult(double SettleSeconds, double MeasuredAfterSeconds, int SeededDemands, int PushesPerPhase, IReadOnlyList<ConsoleMemoryStep> Steps);

/// <summary>
/// Server memory per live console circuit: the real web host (co-hosted silo, Blob storage on Azurite) on Kestrel in
/// this process, K dispatchers' consoles in headless Chromium driven from another process (<see cref="ConsoleBrowsers"/>),
/// so the only thing that differs between the idle baseline and the measurement is the K circuits and what the server
/// holds for them. Per console = (managed heap with K consoles − idle baseline) / K, the baseline taken after K consoles
/// opened and closed once: a heap dump showed that the first opening of K pages grows Kestrel's block pool and the shared
/// array pools, whose free buffers stay in the heap whether or not the consoles stay (docs/benchmarks.md).
/// </summary>
public static class ConsoleMemoryBenchmark
{
    public const string Name = "console-memory";
    public static readonly IReadOnlyList<int> DefaultPages = [10, 50];
    public static readonly TimeSpan DefaultSettle = TimeSpan.FromSeconds(5);

    /// <summary>Demands reported before anything is measured, so every console loads and renders a queue.</summary>
    public const int SeededDemands = 20;

    /// <summary>Demands reported in every phase, idle or not, so the pushes flow and the server does the same work in both.</summary>
    public const int PushesPerPhase = 3;

    private static readonly TimeSpan CircuitsGone = TimeSpan.FromSeconds(60);

    // Kestrel checks its connections' timeouts once a second.
    private static readonly TimeSpan KeepAliveMargin = TimeSpan.FromSeconds(5);

    public static async Task<ConsoleMemoryResult> Run(ConsoleMemoryOptions options, AzuriteFixture azurite)
    {
        var circuits = new CircuitCount();
        await using var app = new DispatchAppFactory(azurite, settings: new Dictionary<string, string>
        {
            // The host's own logs would go to this program's output. The silo's warnings about stalls are expected: the
            // measurement forces full blocking collections.
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Orleans"] = "Error",
        })
        {
            RealTime = true,
            TestServices = services =>
            {
                services.AddSingleton(circuits);
                services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, CircuitCount.Handler>());
                // A closed tab's circuit goes at once when its page says goodbye; one whose goodbye got lost is kept for
                // reconnection (3 minutes by default). A short retention keeps such a one out of the next baseline.
                // Live circuits, the ones measured, are not affected.
                services.Configure<CircuitOptions>(o => o.DisconnectedCircuitRetentionPeriod = TimeSpan.FromSeconds(1));
            },
        };
        var root = app.StartOnKestrel();
        var keepAlive = app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits.KeepAliveTimeout;
        var measureAfter = options.WaitOutKeepAlive ? Max(options.Settle, keepAlive + KeepAliveMargin) : options.Settle;
        var api = await DemandApi.For(app);
        for (var i = 0; i < SeededDemands; i++)
        {
            await api.Report(DemandApi.NewDemand(description: $"基准测试：控制台内存，第 {i + 1} 单。"));
        }

        await using var browsers = ConsoleBrowsers.Start(root);
        // Warm-up: one console opened, interactive and closed, so JIT, Blazor's and MudBlazor's caches and the
        // dispatcher's sign-in are in the baseline rather than counted against the first consoles.
        await browsers.Open(1);
        await browsers.Close();

        var steps = new List<ConsoleMemoryStep>();
        foreach (var pages in options.Pages)
        {
            var cold = await Idle(api, circuits, options.Settle);
            await browsers.Open(pages);
            await browsers.Close();
            // As long after the page loads as the measurement below: Kestrel's pool lets go of idle blocks over time.
            var baseline = await Idle(api, circuits, measureAfter);

            await browsers.Open(pages);
            var pushed = await Push(api);
            var seen = await browsers.Seen(pushed);
            var rows = await browsers.QueueRows();
            await Task.Delay(measureAfter);
            var open = circuits.Open;
            var withConsoles = MemorySample.Take();
            await browsers.Close();

            steps.Add(new ConsoleMemoryStep(
                pages, open, seen, rows, cold, baseline, withConsoles,
                PerConsoleKb(withConsoles.ManagedHeapBytes - baseline.ManagedHeapBytes, pages),
                PerConsoleKb(withConsoles.ManagedHeapBytes - cold.ManagedHeapBytes, pages),
                PerConsoleKb(withConsoles.WorkingSetBytes - baseline.WorkingSetBytes, pages)));
        }
        return new ConsoleMemoryResult(options.Settle.TotalSeconds, measureAfter.TotalSeconds, SeededDemands, PushesPerPhase, steps);
    }

    /// <summary>The host with no console open, doing the same background work (pushes) as when measured.</summary>
    private static async Task<MemorySample> Idle(DemandApi api, CircuitCount circuits, TimeSpan settle)
    {
        await Push(api);
        await Task.Delay(settle);
        await circuits.WaitUntilNone(CircuitsGone);
        return MemorySample.Take();
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    public static double PerConsoleKb(long bytes, int pages) => bytes / 1024.0 / pages;

    /// <summary>Reports <see cref="PushesPerPhase"/> demands (each pushed to every open console); returns the last one's id.</summary>
    private static async Task<string> Push(DemandApi api)
    {
        var id = "";
        for (var i = 0; i < PushesPerPhase; i++)
        {
            id = await api.ReportId(DemandApi.NewDemand(description: "基准测试：控制台内存，实时推送。"));
        }
        return id;
    }

    /// <summary>The host's circuits: opened and not yet disposed (connected or kept for reconnection).</summary>
    public sealed class CircuitCount
    {
        private int open;

        public int Open => Volatile.Read(ref open);

        public async Task WaitUntilNone(TimeSpan patience)
        {
            var deadline = Stopwatch.StartNew();
            while (Open > 0)
            {
                if (deadline.Elapsed > patience)
                {
                    throw new TimeoutException($"{Open} circuits still open {patience.TotalSeconds:0} s after their pages closed");
                }
                await Task.Delay(100);
            }
        }

        public sealed class Handler(CircuitCount count) : CircuitHandler
        {
            public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref count.open);
                return Task.CompletedTask;
            }

            public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
            {
                Interlocked.Decrement(ref count.open);
                return Task.CompletedTask;
            }
        }
    }
}
