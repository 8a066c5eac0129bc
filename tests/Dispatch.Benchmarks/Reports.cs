using static Dispatch.Benchmarks.ResultReport;

namespace Dispatch.Benchmarks;

/// <summary>Each benchmark's result as the rows of its table, with the issue's target beside the measured figure.</summary>
public static class Reports
{
    public const double GrainCallsPerSecondTarget = 20_000;
    public const double WritePathRatioTarget = 0.80;
    public const double TimeToScreenP99TargetMs = 250;
    public const double TimeToScreenFloorRatioTarget = 2;

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

    public static ResultReport Of(RunInfo run, TimeToScreenResult result) => new(TimeToScreenBenchmark.Name, run, result,
    [
        ("hub clients (dispatcher: every change)", Number(result.Clients)),
        ("rate", $"{Number(result.RatePerSecond, "N1")} per second, open loop"),
        ("measured per mode", $"{Number(result.MeasuredSecondsPerMode, "N1")} s in {result.Slices} alternating slices"),
        ("payload (one change's batch, JSON)", $"{Number(result.PayloadBytes)} bytes"),
        ("CPU of this process while measuring", $"{Number(result.ProcessCores, "N2")} cores of {Environment.ProcessorCount} (app, silo and clients; Azurite runs apart)"),
        ("API acknowledgement (POST /api/demands)", Latency(result.Acknowledgement)),
        ("demands reported", $"{Number(result.Screen.Sent)}: {Receipts(result.Screen)}"),
        ("time to screen (acknowledgement → client)", Latency(result.Screen.Latency)),
        ("… from the request (POST sent → client)", Latency(result.Screen.SinceRequest)),
        ("floor broadcasts", $"{Number(result.Floor.Sent)}: {Receipts(result.Floor)}"),
        ("floor (bare broadcast → client)", Latency(result.Floor.Latency)),
        ("time to screen p99", $"{Number(result.Screen.Latency.P99Ms, "N2")} ms (target ≤ {Number(TimeToScreenP99TargetMs)} ms: {Verdict(result.Screen.Latency.P99Ms <= TimeToScreenP99TargetMs)})"),
        ("p99 ÷ floor p99", $"{Number(result.P99ToFloorP99, "N2")} (target ≤ {Number(TimeToScreenFloorRatioTarget)}: {Verdict(result.P99ToFloorP99 <= TimeToScreenFloorRatioTarget)})"),
    ]);

    private static string Receipts(ScreenModeResult mode) =>
        $"{Number(mode.Failed)} failed; {Number(mode.Receipts)} of {Number(mode.ExpectedReceipts)} receipts, {Number(mode.Missing)} missing, {Number(mode.BeforeStart)} before the clock started (counted as 0 ms)";

    private static string Verdict(bool met) => met ? "met" : "NOT met";
}
