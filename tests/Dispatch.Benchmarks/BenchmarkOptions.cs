using System.Globalization;

namespace Dispatch.Benchmarks;

/// <summary>How long and how hard one benchmark runs.</summary>
public sealed record BenchmarkOptions(TimeSpan Measured, TimeSpan WarmUp, int Concurrency);

/// <summary>The command line: <c>&lt;name&gt; [--seconds N] [--warmup N] [--concurrency N] [--out DIR]</c>.</summary>
public sealed record CommandLine(string Benchmark, double? Seconds, double? WarmUpSeconds, int? Concurrency, string OutputFolder)
{
    /// <summary>The scale benchmark's shares of the province (<c>--sizes 0.1,0.5,1</c>).</summary>
    public IReadOnlyList<double>? Sizes { get; init; }

    /// <summary>The scale benchmark's months of closed history written with each share (<c>--history-months</c>).</summary>
    public int? HistoryMonths { get; init; }

    /// <summary>Time to screen: demands reported per second (<c>--rate</c>).</summary>
    public double? Rate { get; init; }

    public const string Usage =
        "usage: dotnet run -c Release --project tests/Dispatch.Benchmarks -- <write-path|grain-throughput|time-to-screen|console-memory|scale|soak|all> " +
        "[--seconds N (measured, default 30)] [--warmup N (default 5)] [--concurrency N] [--out DIR (default artifacts/benchmarks)]" +
        " [--rate N (time-to-screen: demands per second, default 50; --concurrency is its hub clients, default 200)]" +
        " [--pages K,K,… (console-memory: consoles per step, default 10,50; --seconds is its settling per phase, default 5)]" +
        " [--sizes F,F,… (scale: shares of the province, each in (0, 1], default 0.1,0.5,1)]" +
        " [--history-months N (scale: months of closed history written with each share, default 0)]" +
        " [soak: --seconds N (the whole run, default 1800) --warmup N (default 120) --interval N (a sample every N s, default 60)" +
        " --rate N (whole flows per second, default 1) --concurrency N (live screens, default 5); not part of 'all']";

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            throw new ArgumentException("no benchmark named");
        }
        var line = new CommandLine(args[0], null, null, null, Path.Combine("artifacts", "benchmarks"));
        for (var i = 1; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            line = args[i] switch
            {
                "--seconds" => line with { Seconds = Positive(args[i], value) },
                "--warmup" => line with { WarmUpSeconds = double.Parse(value, CultureInfo.InvariantCulture) },
                "--concurrency" => line with { Concurrency = (int)Positive(args[i], value) },
                "--out" => line with { OutputFolder = value },
                "--sizes" => line with { Sizes = [.. value.Split(',').Select(share => Share(args[i], share))] },
                "--history-months" => line with { HistoryMonths = (int)Positive(args[i], value) },
                "--rate" => line with { Rate = Positive(args[i], value) },
                "--interval" => line with { IntervalSeconds = Positive(args[i], value) },
                "--pages" => line with { Pages = [.. value.Split(',').Select(pages => (int)Positive(args[i], pages))] },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return line;
    }

    /// <summary>Console memory: how many consoles per step (<c>--pages</c>, comma-separated).</summary>
    public IReadOnlyList<int>? Pages { get; init; }

    /// <summary>The console memory benchmark's options: <c>--pages</c>, and <c>--seconds</c> as the settling time of each phase.</summary>
    public ConsoleMemoryOptions ForConsoleMemory() => new(
        Pages ?? ConsoleMemoryBenchmark.DefaultPages,
        Seconds is { } seconds ? TimeSpan.FromSeconds(seconds) : ConsoleMemoryBenchmark.DefaultSettle);

    /// <summary>The soak: how often it samples (<c>--interval</c>, seconds).</summary>
    public double? IntervalSeconds { get; init; }

    /// <summary>The soak's options: what the line says, else <see cref="SoakOptions.Default"/>.</summary>
    public SoakOptions ForSoak() => new(
        Seconds is { } seconds ? TimeSpan.FromSeconds(seconds) : SoakOptions.Default.Duration,
        IntervalSeconds is { } interval ? TimeSpan.FromSeconds(interval) : SoakOptions.Default.Interval,
        WarmUpSeconds is { } warmUp ? TimeSpan.FromSeconds(warmUp) : SoakOptions.Default.WarmUp,
        Rate ?? SoakOptions.Default.FlowsPerSecond,
        Concurrency ?? SoakOptions.Default.Listeners);

    /// <summary>The options for one benchmark: what the line says, else that benchmark's defaults.</summary>
    public BenchmarkOptions For(int defaultConcurrency) => new(
        TimeSpan.FromSeconds(Seconds ?? 30),
        TimeSpan.FromSeconds(WarmUpSeconds ?? 5),
        Concurrency ?? defaultConcurrency);

    private static double Share(string option, string value)
    {
        var share = double.Parse(value, CultureInfo.InvariantCulture);
        return share is > 0 and <= 1 ? share : throw new ArgumentException($"{option} takes shares in (0, 1], not {value}");
    }

    private static double Positive(string option, string value)
    {
        var number = double.Parse(value, CultureInfo.InvariantCulture);
        return number > 0 ? number : throw new ArgumentException($"{option} must be positive");
    }
}
