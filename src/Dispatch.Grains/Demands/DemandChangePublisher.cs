using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Grains;
using Dispatch.Contracts.Live;
using Dispatch.Grains.Live;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dispatch.Grains.Demands;

/// <summary>Carries a written demand change to everything that shows it.</summary>
public interface IDemandChangePublisher
{
    Task Publish(Demand? before, Demand after);
}

/// <summary>
/// Updates the views fed by demand grains, then the live change log (every host's screens and hub clients): the index shard, the stations and the workers the demand belongs to now or
/// belonged to before the change (so they can drop it). The demand is already durable when this runs, so a failing view
/// is logged, not thrown, and offered again until the views take it (and again on the demand grain's next activation).
/// </summary>
public sealed class DemandChangePublisher(IGrainFactory grains, IHostApplicationLifetime host, ILogger<DemandChangePublisher> logger)
    : IDemandChangePublisher
{
    /// <summary>How long the views are offered a change they could not take (storage down), between tries.</summary>
    public static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(3);

    public static readonly TimeSpan RetryFor = TimeSpan.FromMinutes(30);

    public async Task Publish(Demand? before, Demand after)
    {
        try
        {
            await UpdateViews(before, after);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Views of demand {DemandId} v{Version} not updated; offering it again every {Seconds} s", after.Id, after.Version, RetryEvery.TotalSeconds);
            // Storage may be down for a while and nothing may touch this demand again: keep offering the change off the
            // grain's turn until the views take it (they ignore versions they already have), so lists heal by themselves.
            _ = Task.Run(() => RetryViews(before, after));
        }
        // Re-publishing on activation repeats the last event: not news for the live screens.
        if (before?.Version != after.Version)
        {
            var summary = after.ToSummary();
            var change = LiveChange.OfDemand(new DemandChange(summary, after.Timeline[^1]), before?.StationId, after.StationId, before?.WorkerId, after.WorkerId);
            await LiveLog.Publish(grains, change, logger);
        }
    }

    private Task UpdateViews(Demand? before, Demand after)
    {
        var summary = after.ToSummary();
        var updates = new List<Task>
        {
            grains.GetGrain<IDemandIndexGrain>(DemandIndex.ShardOf(after.Id)).Upsert(summary),
        };
        foreach (var stationId in new[] { before?.StationId, after.StationId }.OfType<string>().Distinct())
        {
            updates.Add(grains.GetGrain<IStationGrain>(stationId).Track(summary));
        }
        foreach (var workerId in new[] { before?.WorkerId, after.WorkerId }.OfType<string>().Distinct())
        {
            updates.Add(grains.GetGrain<ISocialWorkerGrain>(workerId).Track(summary));
        }
        return Task.WhenAll(updates);
    }

    private async Task RetryViews(Demand? before, Demand after)
    {
        // A stopping host gives up: the demand grain re-publishes when it is next activated, on whichever host.
        var stopping = host.ApplicationStopping;
        for (var waited = TimeSpan.Zero; waited < RetryFor && !stopping.IsCancellationRequested; waited += RetryEvery)
        {
            try
            {
                await Task.Delay(RetryEvery, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            try
            {
                await UpdateViews(before, after);
                logger.LogInformation("Views of demand {DemandId} v{Version} caught up after {Seconds:0} s", after.Id, after.Version, (waited + RetryEvery).TotalSeconds);
                return;
            }
            catch (Exception exception)
            {
                logger.LogDebug(exception, "Views of demand {DemandId} v{Version} still not updated", after.Id, after.Version);
            }
        }
        logger.LogError("Views of demand {DemandId} v{Version} gave up; they heal on its next activation", after.Id, after.Version);
    }
}
