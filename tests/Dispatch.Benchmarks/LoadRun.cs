using System.Diagnostics;

namespace Dispatch.Benchmarks;

/// <summary>
/// The span of a load run whose calls count: it opens after the warm-up and closes a fixed time later. A call counts
/// when it ends inside the window, so calls in flight at either edge neither inflate nor hide the rate.
/// </summary>
public sealed class MeasuringWindow
{
    private readonly long opensAt;
    private readonly long closesAt;

    public MeasuringWindow(TimeSpan warmUp, TimeSpan measured)
    {
        var now = Stopwatch.GetTimestamp();
        opensAt = now + ToTicks(warmUp);
        closesAt = opensAt + ToTicks(measured);
        Measured = measured;
    }

    public TimeSpan Measured { get; }

    public bool IsOver => Stopwatch.GetTimestamp() >= closesAt;

    public bool Contains(long timestamp) => timestamp >= opensAt && timestamp < closesAt;

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}

/// <summary>
/// One load worker's stopwatch: times each call under a label (what kind of call it is) and counts finished units
/// (a lifecycle) inside the window.
/// </summary>
public sealed class CallTimer(MeasuringWindow window)
{
    private readonly Dictionary<string, List<long>> latencyTicks = [];

    public MeasuringWindow Window => window;

    public IReadOnlyDictionary<string, List<long>> LatencyTicks => latencyTicks;

    public long Units { get; private set; }

    public async Task<T> Time<T>(string label, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await call();
        var ended = Stopwatch.GetTimestamp();
        if (window.Contains(ended))
        {
            if (!latencyTicks.TryGetValue(label, out var samples))
            {
                latencyTicks[label] = samples = [];
            }
            samples.Add(ended - started);
        }
        return result;
    }

    public void UnitDone()
    {
        if (window.Contains(Stopwatch.GetTimestamp()))
        {
            Units++;
        }
    }
}

/// <summary>What a load run's workers did inside the window; call latencies by label.</summary>
public sealed record LoadTally(long Units, TimeSpan Measured, IReadOnlyList<(string Label, long Ticks)> Samples)
{
    public static LoadTally Combine(IReadOnlyList<LoadTally> tallies) => new(
        tallies.Sum(t => t.Units),
        TimeSpan.FromTicks(tallies.Sum(t => t.Measured.Ticks)),
        [.. tallies.SelectMany(t => t.Samples)]);

    public long Calls => Samples.Count;

    public double CallsPerSecond => Calls / Measured.TotalSeconds;

    public double UnitsPerSecond => Units / Measured.TotalSeconds;

    public LatencySummary Latency => LatencySummary.Of([.. Samples.Select(s => s.Ticks)]);

    /// <summary>Latency per label.</summary>
    public IReadOnlyList<LabelledLatency> LatencyByLabel =>
        [.. Samples.GroupBy(s => s.Label).Select(g => new LabelledLatency(g.Key, LatencySummary.Of([.. g.Select(s => s.Ticks)])))];
}

public sealed record LabelledLatency(string Label, LatencySummary Latency);

public static class LoadRun
{
    /// <summary>
    /// Open loop: calls <paramref name="start"/> with 0, 1, 2 … on schedule, <paramref name="rate"/> times a second, until
    /// <paramref name="length"/> has passed, whatever the work already started is doing (start it, do not await it).
    /// </summary>
    public static async Task OpenLoop(double rate, TimeSpan length, Action<int> start)
    {
        var interval = Stopwatch.Frequency / rate;
        var begun = Stopwatch.GetTimestamp();
        var end = begun + (long)(length.TotalSeconds * Stopwatch.Frequency);
        for (var i = 0; ; i++)
        {
            var due = begun + (long)(i * interval);
            if (due >= end)
            {
                break;
            }
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
            start(i);
        }
    }

    /// <summary>
    /// Runs <paramref name="concurrency"/> workers, each looping <paramref name="work"/> until the window closes (work
    /// checks <see cref="MeasuringWindow.IsOver"/> between its calls and returns), and tallies what ended in the window.
    /// </summary>
    public static Task<LoadTally> Run(int concurrency, TimeSpan warmUp, TimeSpan measured, Func<int, CallTimer, Task> work) =>
        Run(concurrency, new MeasuringWindow(warmUp, measured), work);

    /// <summary>The same, in a window the caller opened (to count something else inside the same window).</summary>
    public static async Task<LoadTally> Run(int concurrency, MeasuringWindow window, Func<int, CallTimer, Task> work)
    {
        var measured = window.Measured;
        var timers = Enumerable.Range(0, concurrency).Select(_ => new CallTimer(window)).ToArray();
        // Task.Run: each worker starts on the pool at once, not after the previous one's first synchronous stretch.
        await Task.WhenAll(timers.Select((timer, worker) => Task.Run(async () =>
        {
            while (!window.IsOver)
            {
                await work(worker, timer);
            }
        })));
        return new LoadTally(
            timers.Sum(t => t.Units),
            measured,
            [.. timers.SelectMany(t => t.LatencyTicks.SelectMany(kind => kind.Value.Select(ticks => (kind.Key, ticks))))]);
    }
}

/// <summary>Latency by nearest rank: the p-th percentile is the smallest sample with at least p% of samples at or below it.</summary>
public sealed record LatencySummary(long Samples, double P50Ms, double P90Ms, double P99Ms, double MaxMs)
{
    /// <summary>The soak's latency figure: it judges a minute by a rank most of that minute's calls reach.</summary>
    public double P95Ms { get; init; }

    public static LatencySummary Of(IReadOnlyList<long> ticks)
    {
        if (ticks.Count == 0)
        {
            return new(0, 0, 0, 0, 0);
        }
        var sorted = ticks.Order().ToArray();
        double At(double percent) => ToMs(sorted[Math.Max(1, (int)Math.Ceiling(percent / 100 * sorted.Length)) - 1]);
        return new(sorted.Length, At(50), At(90), At(99), ToMs(sorted[^1])) { P95Ms = At(95) };
    }

    private static double ToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
