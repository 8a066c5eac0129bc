using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Grains;
using Microsoft.Extensions.Logging;

namespace Dispatch.Grains.Demands;

/// <summary>Carries a written demand change to everything that shows it.</summary>
public interface IDemandChangePublisher
{
    Task Publish(Demand? before, Demand after);
}

/// <summary>
/// Updates the views fed by demand grains, then tells the listeners (live screens): the index shard, the stations and the workers the demand belongs to now or
/// belonged to before the change (so they can drop it). The demand is already durable when this runs, so a failing view
/// is logged, not thrown: the demand grain re-publishes on its next activation.
/// </summary>
public sealed class DemandChangePublisher(
    IGrainFactory grains, IEnumerable<IDemandChangeListener> listeners, ILogger<DemandChangePublisher> logger) : IDemandChangePublisher
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
        // Re-publishing on activation repeats the last event; listeners see the same version again and ignore it.
        if (before?.Version != after.Version)
        {
            var change = new DemandChange(summary, after.Timeline[^1]);
            foreach (var listener in listeners)
            {
                listener.OnDemandChanged(change);
            }
        }
    }
}
