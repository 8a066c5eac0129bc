using System.Diagnostics;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Grains;
using Dispatch.Grains;
using Dispatch.Web.DemoData;
using Microsoft.Extensions.Options;

namespace Dispatch.Web.Simulation;

/// <summary>
/// Loads the demo dataset once, into an empty directory only: existing data is never overwritten. A store new this
/// way then gets its past (<see cref="DemoDataOptions.HistoryMonths"/>) in the background: the host is up at once and
/// the wall's charts fill as the history arrives.
/// </summary>
public sealed class DemoDataSeeder(
    IGrainFactory grains, IOptions<DemoDataOptions> options, [FromKeyedServices(DomainClock.Key)] TimeProvider clock,
    ILogger<DemoDataSeeder> logger) : BackgroundService
{
    /// <summary>The seed of the demo's past: the same store gets the same history.</summary>
    private const int HistorySeed = 20261122;

    /// <summary>The directory just loaded into a new store; null when nothing was loaded.</summary>
    private ReferenceData? loaded;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Enabled)
        {
            await SeedDirectory();
        }
        await base.StartAsync(cancellationToken);
    }

    private async Task SeedDirectory()
    {
        var data = TaicangDemoData.Create();
        if (options.Value.SlaScale != 1)
        {
            data = data with { Sla = data.Sla.Scaled(options.Value.SlaScale) };
        }
        var seeded = await grains.GetGrain<ICityDirectoryGrain>(ICityDirectoryGrain.Key).SeedIfEmpty(data);
        logger.LogInformation(seeded
            ? "Demo data loaded: {Stations} stations, {Communities} communities, {Workers} workers, {Categories} categories"
            : "Directory already holds data; demo data not loaded ({Stations} stations, {Communities} communities, {Workers} workers, {Categories} categories in the demo set)",
            data.Stations.Count, data.Communities.Count, data.Workers.Count, data.Categories.Count);
        loaded = seeded ? data : null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var months = options.Value.HistoryMonths;
        if (loaded is null || months <= 0)
        {
            return;
        }
        var stopwatch = Stopwatch.StartNew();
        logger.LogInformation("Demo history: importing {Months} months of finished demands in the background", months);
        try
        {
            var history = DemandHistory.Generate(loaded, clock.GetUtcNow(), months, HistorySeed);
            var imported = await DemandHistoryImport.Run(grains, history, options.Value.HistoryParallelism,
                (count, elapsed) => logger.LogInformation("Demo history: {Count} demands imported in {Seconds:0} s", count, elapsed.TotalSeconds),
                stoppingToken);
            logger.LogInformation("Demo history: {Count} finished demands over {Months} months imported in {Seconds:0.0} s",
                imported, months, stopwatch.Elapsed.TotalSeconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogInformation("Demo history: stopped with the host after {Seconds:0} s; not imported again on the next start", stopwatch.Elapsed.TotalSeconds);
        }
        catch (Exception exception)
        {
            // The past is a nicety of the demo: the host goes on serving the present without it.
            logger.LogError(exception, "Demo history: import failed after {Seconds:0} s", stopwatch.Elapsed.TotalSeconds);
        }
    }
}
