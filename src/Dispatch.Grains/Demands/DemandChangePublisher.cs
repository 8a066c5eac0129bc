using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Grains;
using Dispatch.Contracts.Live;
using Dispatch.Grains.Live;
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
/// is logged, not thrown: the demand grain re-publishes on its next activation.
/// </summary>
public sealed class DemandChangePublisher(IGrainFactory grains, ILogger<DemandChangePublisher> logger) : IDemandChangePublisher
{
    public async Task Publish(Demand? before, Demand after)
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
        try
        {
            await Task.WhenAll(updates);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Views of demand {DemandId} v{Version} not updated; they heal on its next activation", after.Id, after.Version);
        }
        // Re-publishing on activation repeats the last event: not news for the live screens.
        if (before?.Version != after.Version)
        {
            var change = LiveChange.Of(new DemandChange(summary, after.Timeline[^1]), before?.StationId, after.StationId, before?.WorkerId, after.WorkerId);
            await LiveLog.Publish(grains, change, logger);
        }
    }
}
