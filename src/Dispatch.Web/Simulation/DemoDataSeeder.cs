using Dispatch.Contracts.Grains;
using Dispatch.Web.DemoData;
using Microsoft.Extensions.Options;

namespace Dispatch.Web.Simulation;

/// <summary>Loads the demo dataset once, into an empty directory only: existing data is never overwritten.</summary>
public sealed class DemoDataSeeder(IGrainFactory grains, IOptions<DemoDataOptions> options, ILogger<DemoDataSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
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
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
