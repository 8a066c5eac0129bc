using System.Globalization;

namespace Dispatch.Benchmarks;

/// <summary>One sample of the soak: the process as it stands, and the API calls that ended since the last sample.</summary>
public sealed record SoakSample(
    TimeSpan Elapsed,
    long ManagedHeapBytes,
    long WorkingSetBytes,
    int Handles,
    int Threads,
    long Calls,
    long FailedFlows,
    LatencySummary Latency,
    long Pushes);

/// <summary>
/// How much one metric may grow during a soak: it fails when it grew by more than <paramref name="Relative"/> of where it
/// started <em>and</em> by more than <paramref name="Absolute"/> (in its own unit). The absolute allowance keeps a small
/// figure's noise (3 handles more on 40) from failing; the relative one scales with the process.
/// </summary>
public sealed record GrowthLimit(string Metric, string Unit, double Relative, double Absolute, Func<SoakSample, double> Read);

/// <summary>Where one metric started and ended (medians of the first and last third), and whether that is too much growth.</summary>
public sealed record GrowthFinding(string Metric, string Unit, double Start, double End, double Allowed)
{
    public double Growth => End - Start;

    public bool Failed => Growth > Allowed;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Metric}: {Start:N1} → {End:N1} {Unit} ({Growth:+0.0;-0.0} {Unit}, allowed {Allowed:N1}): {(Failed ? "GREW" : "steady")}");
}

/// <summary>The soak's verdict: every metric's finding; it fails when any metric grew, or too few samples were taken to tell.</summary>
public sealed record SoakVerdict(IReadOnlyList<GrowthFinding> Findings, string? TooFewSamples)
{
    public bool Passed => TooFewSamples is null && Findings.All(f => !f.Failed);
}

/// <summary>
/// The soak's growth rule. Samples taken during the warm-up are left out (pools, caches, JIT and the first grain
/// activations fill then); of the rest, the median of the last third is compared with the median of the first third,
/// metric by metric, against <see cref="Limits"/>. Medians, not single samples: one slow minute or one late collection
/// neither fails a steady run nor hides a growing one, since steady growth moves the whole last third.
/// </summary>
public static class GrowthRule
{
    /// <summary>A third of this many samples gives each median at least two.</summary>
    public const int MinSamples = 6;

    public const string LatencyMetric = "p95 API latency";

    private const double Megabyte = 1024 * 1024;

    public static readonly IReadOnlyList<GrowthLimit> Limits =
    [
        new("managed heap after a full collection", "MB", Relative: 0.25, Absolute: 16, s => s.ManagedHeapBytes / Megabyte),
        new("working set", "MB", Relative: 0.25, Absolute: 64, s => s.WorkingSetBytes / Megabyte),
        new("open handles", "", Relative: 0.20, Absolute: 50, s => s.Handles),
        new(LatencyMetric, "ms", Relative: 0.50, Absolute: 50, s => s.Latency.P95Ms),
    ];

    public static SoakVerdict Judge(IReadOnlyList<SoakSample> measured)
    {
        if (measured.Count < MinSamples)
        {
            return new SoakVerdict([], $"{measured.Count} samples after the warm-up; the rule needs at least {MinSamples}");
        }
        var third = measured.Count / 3;
        return new SoakVerdict(
            [.. Limits.Select(limit =>
            {
                var start = Median(measured.Take(third).Select(limit.Read));
                return new GrowthFinding(limit.Metric, limit.Unit, start, Median(measured.TakeLast(third).Select(limit.Read)),
                    Math.Max(start * limit.Relative, limit.Absolute));
            })],
            null);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
