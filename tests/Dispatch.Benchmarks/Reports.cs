using static Dispatch.Benchmarks.ResultReport;

namespace Dispatch.Benchmarks;

/// <summary>Each benchmark's result as the rows of its table, with the issue's target beside the measured figure.</summary>
public static class Reports
{
    public const double GrainCallsPerSecondTarget = 20_000;
    public const double WritePathRatioTarget = 0.80;
    public const double ConsoleKbTarget = 400;

    public static ResultReport Of(RunInfo run, GrainThroughputResult result) => new(GrainThroughputBenchmark.Name, run, result,
    [
        ("concurrent lifecycles", Number(result.Concurrency)),
        ("measured", $"{Number(result.MeasuredSeconds, "N1")} s"),
        ("lifecycles completed", Number(result.Lifecycles)),
        ("lifecycles/s", Number(result.LifecyclesPerSecond, "N1")),
        ("demand grain calls", $"{Number(result.Calls)} ({result.CallsPerLifecycle} per lifecycle)"),
        ("demand grain calls/s", $"{Number(result.CallsPerSecond)} (target ≥ {Number(GrainCallsPerSecondTarget)}: {Verdict(result.CallsPerSecond >= GrainCallsPerSecondTarget)})"),
        ("latency per call", Latency(result.PerCall)),
        .. result.PerCommand.Select(c => ($"… {c.Label}", Latency(c.Latency))),
    ]);

    public static ResultReport Of(RunInfo run, WritePathResult result) => new(WritePathBenchmark.Name, run, result,
    [
        ("concurrent writers", Number(result.Concurrency)),
        ("measured per mode", $"{Number(result.MeasuredSecondsPerMode, "N1")} s in {result.Slices} alternating slices"),
        ("bytes per write", $"{Number(result.MeanBytesPerWrite)} mean ({Number(result.MinBytesPerWrite)}–{Number(result.MaxBytesPerWrite)})"),
        ("grain storage writes/s", Number(result.GrainStorage.WritesPerSecond, "N1")),
        ("grain storage latency", Latency(result.GrainStorage.Latency)),
        ("raw upload writes/s", Number(result.RawBlob.WritesPerSecond, "N1")),
        ("raw upload latency", Latency(result.RawBlob.Latency)),
        ("grain storage ÷ raw", $"{Number(result.GrainStorageToRawRatio * 100, "N1")} % (target ≥ {Number(WritePathRatioTarget * 100)} %: {Verdict(result.GrainStorageToRawRatio >= WritePathRatioTarget)})"),
    ]);

    public static ResultReport Of(RunInfo run, ConsoleMemoryResult result) => new(ConsoleMemoryBenchmark.Name, run, result,
    [
        ("on every console", $"{result.SeededDemands} seeded demands, {result.PushesPerPhase} more reported in every phase; settled {Number(result.SettleSeconds, "N1")} s before measuring"),
        .. result.Steps.SelectMany(step => new[]
        {
            ($"K = {step.Pages}: circuits open · pushed to · queue rows", $"{step.OpenCircuits} · {step.PagesWithLivePush} of {step.Pages} pages · {step.QueueRows}"),
            ($"K = {step.Pages}: managed heap", $"{Megabytes(step.Baseline.ManagedHeapBytes)} idle → {Megabytes(step.WithConsoles.ManagedHeapBytes)}: " +
                $"**{Number(step.ManagedHeapKbPerConsole)} KB per console** (target ≤ {Number(ConsoleKbTarget)} KB: {Verdict(step.ManagedHeapKbPerConsole <= ConsoleKbTarget)})"),
            ($"K = {step.Pages}: working set", $"{Megabytes(step.Baseline.WorkingSetBytes)} idle → {Megabytes(step.WithConsoles.WorkingSetBytes)}: {Number(step.WorkingSetKbPerConsole)} KB per console"),
        }),
    ]);

    private static string Megabytes(long bytes) => $"{Number(bytes / 1024.0 / 1024.0, "N1")} MB";

    private static string Verdict(bool met) => met ? "met" : "NOT met";
}
