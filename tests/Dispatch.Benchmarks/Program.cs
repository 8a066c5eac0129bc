using Dispatch.Benchmarks;
using Dispatch.Testing;

// The console memory benchmark's browsers run as this same program in a process of their own.
if (args is [ConsoleBrowsers.Command, var appRoot])
{
    return await ConsoleBrowsers.Serve(new Uri(appRoot));
}

CommandLine line;
try
{
    line = CommandLine.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}

var names = line.Benchmark == "all" ? [GrainThroughputBenchmark.Name, WritePathBenchmark.Name, TimeToScreenBenchmark.Name, ConsoleMemoryBenchmark.Name, ScaleBenchmark.Name] : new[] { line.Benchmark };
var failed = false;
foreach (var name in names)
{
    var run = RunInfo.Now(args);
    ResultReport report;
    switch (name)
    {
        case GrainThroughputBenchmark.Name:
            report = Reports.Of(run, await GrainThroughputBenchmark.Run(line.For(GrainThroughputBenchmark.DefaultConcurrency)));
            break;
        case WritePathBenchmark.Name:
            report = await OnAzurite(async azurite => Reports.Of(run, await WritePathBenchmark.Run(line.For(WritePathBenchmark.DefaultConcurrency), azurite.ConnectionString)));
            break;
        case TimeToScreenBenchmark.Name:
            report = await OnAzurite(async azurite => Reports.Of(run, await TimeToScreenBenchmark.Run(
                line.For(TimeToScreenBenchmark.DefaultConcurrency), line.Rate ?? TimeToScreenBenchmark.DefaultRate, azurite)));
            break;
        case ScaleBenchmark.Name:
            report = await OnAzurite(async azurite => Reports.Of(run, await ScaleBenchmark.Run(
                azurite, line.Sizes ?? ScaleBenchmark.DefaultFractions, ScaleBenchmark.DefaultRepeats, line.HistoryMonths ?? 0)));
            break;
        case SoakBenchmark.Name:
            // The samples print as they are taken: a half-hour run shows how it is going.
            Console.WriteLine(Reports.SoakHeader.TrimEnd());
            var soak = await OnAzurite(async azurite => Reports.Of(run, await SoakBenchmark.Run(line.ForSoak(), azurite, Console.Out)));
            failed |= !((SoakResult)soak.Result).Verdict.Passed;
            report = soak;
            break;
        case ConsoleMemoryBenchmark.Name:
            var consoleAzurite = new AzuriteFixture();
            await consoleAzurite.InitializeAsync();
            try
            {
                report = Reports.Of(run, await ConsoleMemoryBenchmark.Run(line.ForConsoleMemory(), consoleAzurite));
            }
            finally
            {
                await consoleAzurite.DisposeAsync();
            }
            break;
        default:
            Console.Error.WriteLine($"unknown benchmark '{name}'");
            Console.Error.WriteLine(CommandLine.Usage);
            return 2;
    }
    Console.WriteLine(report.ToMarkdown());
    Console.WriteLine($"written: {await report.Save(line.OutputFolder)}");
}
// The soak fails (exit 1) when it finds growth, so a script or CI step fails with it.
return failed ? 1 : 0;

// The Azurite the tests use (or DISPATCH_TEST_BLOB_CONNECTION's storage), started for this run only.
static async Task<ResultReport> OnAzurite(Func<AzuriteFixture, Task<ResultReport>> benchmark)
{
    var azurite = new AzuriteFixture();
    await azurite.InitializeAsync();
    try
    {
        return await benchmark(azurite);
    }
    finally
    {
        await azurite.DisposeAsync();
    }
}
