using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Dispatch.Benchmarks;

/// <summary>Where and when a run happened: a number means little without the machine and its load at the time.</summary>
public sealed record RunInfo(DateTimeOffset StartedAt, string Command, int ProcessorCount, string Os, string Runtime, string LoadAverage)
{
    public static RunInfo Now(IEnumerable<string> args) => new(
        DateTimeOffset.UtcNow,
        "dotnet run -c Release --project tests/Dispatch.Benchmarks -- " + string.Join(' ', args),
        Environment.ProcessorCount,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        // Other builds share this kind of machine; the 1, 5 and 15 minute load averages say how busy it was.
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a");
}

/// <summary>A finished benchmark: printed as a table and written as JSON and Markdown to the output folder.</summary>
public sealed record ResultReport(string Benchmark, RunInfo Run, object Result, IReadOnlyList<(string Metric, string Value)> Rows)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>More Markdown after the table (the soak's samples, one row each).</summary>
    public string? Details { get; init; }

    public string ToMarkdown()
    {
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"## {Benchmark}")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{Run.StartedAt:yyyy-MM-dd HH:mm:ss} UTC · {Run.ProcessorCount} cores · {Run.Os} · {Run.Runtime} · load {Run.LoadAverage}")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"`{Run.Command}`")
            .AppendLine()
            .AppendLine("| metric | value |")
            .AppendLine("|---|---|");
        foreach (var (metric, value) in Rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {metric} | {value} |");
        }
        if (Details is not null)
        {
            text.AppendLine().Append(Details);
        }
        return text.ToString();
    }

    /// <summary>Writes <c>&lt;benchmark&gt;-&lt;time&gt;.json</c> and <c>.md</c>; returns the Markdown file's path.</summary>
    public async Task<string> Save(string folder)
    {
        Directory.CreateDirectory(folder);
        var stem = Path.Combine(folder, $"{Benchmark}-{Run.StartedAt:yyyyMMdd-HHmmss}");
        await File.WriteAllTextAsync(stem + ".json", JsonSerializer.Serialize(new { Benchmark, Run, Result }, Json));
        await File.WriteAllTextAsync(stem + ".md", ToMarkdown());
        return stem + ".md";
    }

    public static string Number(double value, string format = "N0") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Latency(LatencySummary latency) =>
        $"p50 {Number(latency.P50Ms, "N2")} · p90 {Number(latency.P90Ms, "N2")} · p99 {Number(latency.P99Ms, "N2")} · max {Number(latency.MaxMs, "N2")} ms";
}
