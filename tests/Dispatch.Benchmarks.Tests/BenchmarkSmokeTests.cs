using Dispatch.Testing;

namespace Dispatch.Benchmarks.Tests;

/// <summary>
/// Each benchmark for about two seconds with a tiny load: it must finish and count sensibly. No speed is asserted here;
/// the targets belong to the full runs (docs/benchmarks.md), never to a timed unit test on a shared machine.
/// </summary>
public sealed class BenchmarkSmokeTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly BenchmarkOptions Smoke = new(Measured: TimeSpan.FromSeconds(2), WarmUp: TimeSpan.FromSeconds(0.5), Concurrency: 2);

    [Fact]
    public async Task Grain_throughput_completes_whole_lifecycles_and_times_every_call()
    {
        var result = await GrainThroughputBenchmark.Run(Smoke);

        Assert.True(result.Lifecycles > 0, "no lifecycle completed");
        // Only each worker's first counted lifecycle may have begun before the window opened, its first calls uncounted.
        var wholeLifecyclesInWindow = result.Lifecycles - result.Concurrency;
        Assert.True(result.Calls >= wholeLifecyclesInWindow * result.CallsPerLifecycle, $"{result.Calls} calls for {result.Lifecycles} lifecycles");
        Assert.Equal(result.Calls, result.PerCall.Samples);
        Assert.Equal(result.Calls, result.PerCommand.Sum(c => c.Latency.Samples));
        AssertOrdered(result.PerCall);
        // Every demand call is a grain call too, and each causes more (its views, storage, the SLA reminder).
        Assert.True(result.AllGrainCalls > result.Calls, $"{result.AllGrainCalls} grain calls in all for {result.Calls} demand calls");
        Assert.Equal(result.AllGrainCalls, result.AllGrainCallsByInterface.Sum(c => c.Calls));
        Assert.Contains(result.AllGrainCallsByInterface, c => c.Interface.EndsWith("IDemandGrain", StringComparison.Ordinal));
        var report = Reports.Of(RunInfo.Now(["grain-throughput"]), result);
        Assert.Contains("all grain calls/s", report.ToMarkdown());
    }

    [Fact]
    public async Task Write_path_measures_grain_storage_and_raw_uploads_alike()
    {
        var result = await WritePathBenchmark.Run(Smoke, azurite.ConnectionString);

        foreach (var mode in new[] { result.GrainStorage, result.RawBlob })
        {
            Assert.True(mode.Writes > 0, "no write counted");
            Assert.Equal(mode.Writes, mode.Latency.Samples);
            AssertOrdered(mode.Latency);
        }
        Assert.True(result.MinBytesPerWrite > 0 && result.MinBytesPerWrite <= result.MeanBytesPerWrite && result.MeanBytesPerWrite <= result.MaxBytesPerWrite);
        Assert.Equal(result.GrainStorage.WritesPerSecond / result.RawBlob.WritesPerSecond, result.GrainStorageToRawRatio, precision: 9);
    }

    [Fact]
    public async Task Time_to_screen_hears_every_report_and_every_floor_broadcast_at_every_client()
    {
        var result = await TimeToScreenBenchmark.Run(Smoke with { Concurrency = 3 }, rate: 5, azurite);

        foreach (var mode in new[] { result.Screen, result.Floor })
        {
            Assert.True(mode.Sent > 0, "nothing sent");
            Assert.Equal(0, mode.Failed);
            Assert.Equal(mode.Sent * result.Clients, mode.ExpectedReceipts);
            Assert.Equal(0, mode.Missing);
            Assert.Equal(mode.Receipts, mode.Latency.Samples);
            Assert.True(0 <= mode.Latency.P50Ms && mode.Latency.P50Ms <= mode.Latency.P99Ms && mode.Latency.P99Ms <= mode.Latency.MaxMs, mode.Latency.ToString());
        }
        Assert.True(result.Acknowledgement.Samples == result.Screen.Sent && result.PayloadBytes > 0, result.ToString());
        Assert.Equal(result.Screen.Latency.P99Ms / result.Floor.Latency.P99Ms, result.P99ToFloorP99, precision: 9);
        Assert.Contains("p99 ÷ floor p99", Reports.Of(RunInfo.Now(["time-to-screen"]), result).ToMarkdown());
    }

    [Fact]
    public async Task Console_memory_measures_live_consoles_against_the_idle_host()
    {
        var result = await ConsoleMemoryBenchmark.Run(new ConsoleMemoryOptions(Pages: [2], Settle: TimeSpan.FromSeconds(1), WaitOutKeepAlive: false), azurite);

        var step = Assert.Single(result.Steps);
        // Every page signed in, became interactive, and received the pushes; no memory target is asserted here.
        Assert.Equal((2, 2, 2), (step.Pages, step.OpenCircuits, step.PagesWithLivePush));
        Assert.True(step.QueueRows >= ConsoleMemoryBenchmark.SeededDemands, $"{step.QueueRows} queue rows");
        foreach (var sample in new[] { step.ColdBaseline, step.Baseline, step.WithConsoles })
        {
            Assert.True(sample.ManagedHeapBytes > 0 && sample.GcHeapSizeBytes > 0 && sample.WorkingSetBytes > 0, sample.ToString());
        }
        Assert.Equal((step.WithConsoles.ManagedHeapBytes - step.Baseline.ManagedHeapBytes) / 1024.0 / 2, step.ManagedHeapKbPerConsole, precision: 6);
        Assert.Equal((step.WithConsoles.ManagedHeapBytes - step.ColdBaseline.ManagedHeapBytes) / 1024.0 / 2, step.ColdManagedHeapKbPerConsole, precision: 6);
        Assert.Equal((step.WithConsoles.WorkingSetBytes - step.Baseline.WorkingSetBytes) / 1024.0 / 2, step.WorkingSetKbPerConsole, precision: 6);
        Assert.Contains("K = 2: managed heap", Reports.Of(RunInfo.Now(["console-memory"]), result).ToMarkdown());
    }

    [Fact]
    public async Task A_run_is_written_as_json_and_markdown()
    {
        var folder = Directory.CreateTempSubdirectory("dispatch-bench-").FullName;
        try
        {
            var report = Reports.Of(RunInfo.Now(["grain-throughput"]), new GrainThroughputResult(
                1, 1, 12, 1, 1, 12, 12, new LatencySummary(12, 1, 2, 3, 4), [new LabelledLatency("Report", new LatencySummary(1, 1, 1, 1, 1))],
                60, 60, [new GrainCalls("IDemandGrain", 12, 12), new GrainCalls("IStationGrain", 48, 48)]));

            var markdown = await report.Save(folder);

            Assert.Contains("| all grain calls/s | 60 (target ≥ 20,000: NOT met) |", await File.ReadAllTextAsync(markdown));
            Assert.Contains("| … IStationGrain | 48 (48.0 per lifecycle) |", await File.ReadAllTextAsync(markdown));
            Assert.Contains("\"CallsPerSecond\": 12", await File.ReadAllTextAsync(Path.ChangeExtension(markdown, ".json")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Percentiles_are_by_nearest_rank()
    {
        var latency = LatencySummary.Of([.. Enumerable.Range(1, 100).Select(ms => ms * System.Diagnostics.Stopwatch.Frequency / 1000)]);

        Assert.Equal((50.0, 90.0, 99.0, 100.0), (latency.P50Ms, latency.P90Ms, latency.P99Ms, latency.MaxMs));
        Assert.Equal(7.0, LatencySummary.Of([7 * System.Diagnostics.Stopwatch.Frequency / 1000]).P99Ms);
    }

    private static void AssertOrdered(LatencySummary latency) =>
        Assert.True(0 < latency.P50Ms && latency.P50Ms <= latency.P90Ms && latency.P90Ms <= latency.P99Ms && latency.P99Ms <= latency.MaxMs, latency.ToString());
}
