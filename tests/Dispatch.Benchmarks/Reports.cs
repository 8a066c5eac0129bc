using static Dispatch.Benchmarks.ResultReport;

namespace Dispatch.Benchmarks;

/// <summary>Each benchmark's result as the rows of its table, with the issue's target beside the measured figure.</summary>
public static class Reports
{
    public const double GrainCallsPerSecondTarget = 20_000;
    public const double WritePathRatioTarget = 0.80;
    public const double TimeToScreenP99TargetMs = 250;
    public const double TimeToScreenFloorRatioTarget = 2;
    public const double ConsoleKbTarget = 400;

    public static ResultReport Of(RunInfo run, GrainThroughputResult result) => new(GrainThroughputBenchmark.Name, run, result,
    [
        ("concurrent lifecycles", Number(result.Concurrency)),
        ("measured", $"{Number(result.MeasuredSeconds, "N1")} s"),
        ("lifecycles completed", Number(result.Lifecycles)),
        ("lifecycles/s", Number(result.LifecyclesPerSecond, "N1")),
        ("demand grain calls", $"{Number(result.Calls)} ({result.CallsPerLifecycle} per lifecycle)"),
        ("demand grain calls/s", Number(result.CallsPerSecond)),
        ("all grain calls/s", $"{Number(result.AllGrainCallsPerSecond)} (target ≥ {Number(GrainCallsPerSecondTarget)}: {Verdict(result.AllGrainCallsPerSecond >= GrainCallsPerSecondTarget)})"),
        ("latency per demand call", Latency(result.PerCall)),
        .. result.PerCommand.Select(c => ($"… {c.Label}", Latency(c.Latency))),
        ("all grain calls", $"{Number(result.AllGrainCalls)}"),
        .. result.AllGrainCallsByInterface.Select(c => ($"… {c.Interface}", $"{Number(c.Calls)} ({Number(c.PerLifecycle, "N1")} per lifecycle)")),
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

    /// <summary>One column per share of the province, so growth reads across a row.</summary>
    public static ResultReport Of(RunInfo run, ScaleResult result) => new(ScaleBenchmark.Name, run, result,
    [
        ("share of the province", Across(result, l => $"{Number(l.Size.Fraction * 100, "0.#")} %")),
        ("stations · workers · communities", Across(result, l => $"{Number(l.Size.Stations)} · {Number(l.Size.Workers)} · {Number(l.Size.Communities)}")),
        ("open demands written · in the KPI backlog", Across(result, l => $"{Number(l.Size.OpenDemands)} · {Number(l.OpenDemandsServed)}")),
        ($"closed history written ({result.HistoryMonths} months) · of it archived", Across(result, l => $"{Number(l.HistoryDemands)} · {Number(l.ArchivedDemands)}")),
        ("dataset written to Azurite", Across(result, l => $"{Number(l.WriteSeconds, "N1")} s")),
        ("host start", Across(result, l => $"{Number(l.StartSeconds, "N1")} s")),
        ("first /api/kpis (loads directory and index)", Across(result, l => $"{Number(l.FirstKpisMs)} ms")),
        ("/api/kpis answer size", Across(result, l => $"{Number(l.KpiResponseBytes / 1024.0)} KB")),
        ($"/api/kpis, {result.RepeatsPerLatency} calls", Across(result, l => $"p50 {Number(l.Kpis.P50Ms)} · p99 {Number(l.Kpis.P99Ms)} ms")),
        ($"/api/demands?limit=100, {result.RepeatsPerLatency} calls", Across(result, l => $"p50 {Number(l.DemandList.P50Ms)} · p99 {Number(l.DemandList.P99Ms)} ms")),
        ("an archived month paged through (limit 100)", Across(result, l => l.ArchivedMonth is { } m
            ? $"{m.Month}: {Number(m.Demands)} in {Number(m.Pages)} pages, {Number(m.TotalMs)} ms (page p50 {Number(m.PerPage.P50Ms)} · p99 {Number(m.PerPage.P99Ms)} ms)"
            : "none archived")),
        ("managed heap above the process's baseline", Across(result, l => Megabytes(l.Memory.ManagedHeapBytes - result.Baseline.ManagedHeapBytes))),
        ("working set", Across(result, l => Megabytes(l.Memory.WorkingSetBytes))),
        ("console: navigation to queue on screen", Across(result, l => $"{Number(l.ConsoleFirstRenderMs)} ms, then {Number(l.ConsoleSecondRenderMs)} ms")),
        ("console queue rows", Across(result, l => Number(l.ConsoleQueueRows))),
        ("restart on the same storage: host start · first /api/kpis", Across(result, l => $"{Number(l.Restart.StartSeconds, "N1")} s · {Number(l.Restart.FirstKpisMs)} ms")),
    ]);

    private static string Across(ScaleResult result, Func<ScaleLevel, string> figure) => string.Join(" → ", result.Levels.Select(figure));

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

    public static ResultReport Of(RunInfo run, ConsoleMemoryResult result) => new(ConsoleMemoryBenchmark.Name, run, result,
    [
        ("on every console", $"{result.SeededDemands} seeded demands, {result.PushesPerPhase} more reported in every phase; the idle host settled {Number(result.SettleSeconds, "N1")} s, the consoles were measured {Number(result.MeasuredAfterSeconds, "N1")} s after they loaded"),
        .. result.Steps.SelectMany(step => new[]
        {
            ($"K = {step.Pages}: circuits open · pushed to · queue rows", $"{step.OpenCircuits} · {step.PagesWithLivePush} of {step.Pages} pages · {step.QueueRows}"),
            ($"K = {step.Pages}: managed heap", $"{Megabytes(step.Baseline.ManagedHeapBytes)} idle → {Megabytes(step.WithConsoles.ManagedHeapBytes)}: " +
                $"**{Number(step.ManagedHeapKbPerConsole)} KB per console** (target ≤ {Number(ConsoleKbTarget)} KB: {Verdict(step.ManagedHeapKbPerConsole <= ConsoleKbTarget)})"),
            ($"K = {step.Pages}: … against the host before its first K consoles", $"{Megabytes(step.ColdBaseline.ManagedHeapBytes)} idle: {Number(step.ColdManagedHeapKbPerConsole)} KB per console, with the free buffers the first page loads left in the pools"),
            ($"K = {step.Pages}: working set", $"{Megabytes(step.Baseline.WorkingSetBytes)} idle → {Megabytes(step.WithConsoles.WorkingSetBytes)}: {Number(step.WorkingSetKbPerConsole)} KB per console"),
        }),
    ]);

    public static ResultReport Of(RunInfo run, SoakResult result) => new(SoakBenchmark.Name, run, result,
    [
        ("load", $"{Number(result.Options.FlowsPerSecond, "N1")} whole order flows per second (12 API calls each), open loop, across six stations; {result.Options.Listeners} live dispatcher screens"),
        ("ran", $"{Number(result.Options.Duration.TotalMinutes, "N1")} min, a sample every {Number(result.Options.Interval.TotalSeconds)} s; the first {Number(result.Options.WarmUp.TotalSeconds)} s ({result.WarmUpSamples} samples) warm-up, not judged"),
        ("flows", $"{Number(result.FlowsStarted)} started · {Number(result.FlowsCompleted)} completed · {Number(result.FlowsFailed)} failed · {Number(result.FlowsSkipped)} skipped (host behind)"),
        .. result.Verdict.Findings.Select(f => (f.Metric,
            $"{Number(f.Start, "N1")} → {Number(f.End, "N1")} {f.Unit} (allowed growth {Number(f.Allowed, "N1")}): {(f.Failed ? "**GREW**" : "steady")}")),
        ("verdict", result.Verdict.Passed ? "passed: nothing grew" : $"**FAILED**: {result.Verdict.TooFewSamples ?? string.Join("; ", result.Verdict.Findings.Where(f => f.Failed).Select(f => f.Metric)) + " grew"}"),
    ])
    { Details = SoakHeader + string.Concat(result.Samples.Select(s => SoakRow(s) + Environment.NewLine)) };

    /// <summary>The soak's samples as a table: one row per interval, printed as it is taken and kept in the report.</summary>
    public static readonly string SoakHeader =
        "| at | managed heap | working set | handles | threads | API calls | p50 · p95 · p99 ms | failed flows | pushes heard |" + Environment.NewLine +
        "|---|---|---|---|---|---|---|---|---|" + Environment.NewLine;

    public static string SoakRow(SoakSample s) =>
        $"| {s.Elapsed:hh\\:mm\\:ss} | {Megabytes(s.ManagedHeapBytes)} | {Megabytes(s.WorkingSetBytes)} | {s.Handles} | {s.Threads} | {Number(s.Calls)} | " +
        $"{Number(s.Latency.P50Ms, "N1")} · {Number(s.Latency.P95Ms, "N1")} · {Number(s.Latency.P99Ms, "N1")} | {Number(s.FailedFlows)} | {Number(s.Pushes)} |";

    private static string Megabytes(long bytes) => $"{Number(bytes / 1024.0 / 1024.0, "N1")} MB";

    private static string Verdict(bool met) => met ? "met" : "NOT met";
}
