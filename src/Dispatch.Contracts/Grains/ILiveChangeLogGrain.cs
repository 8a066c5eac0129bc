using Dispatch.Contracts.Live;
using Orleans.Concurrency;

namespace Dispatch.Contracts.Grains;

/// <summary>A web host's receiver of live changes (an Orleans observer: each host registers one).</summary>
public interface ILiveObserver : IGrainObserver
{
    [OneWay]
    Task OnChanges(LiveBatch batch);
}

/// <summary>
/// The cluster's one ordered stream of live changes (key 0): it numbers every change, keeps the recent ones for
/// catch-up, and pushes them in small batches to every web host, whichever silo the change was written on.
/// </summary>
public interface ILiveChangeLogGrain : IGrainWithIntegerKey
{
    Task Publish(LiveChange change);

    /// <summary>Changes after <paramref name="sequence"/> of <paramref name="epoch"/>, or that a snapshot is needed.</summary>
    Task<LiveCatchUp> Since(Guid epoch, long sequence);

    /// <summary>Registers or renews a host's observer; one not renewed within <c>ObserverLifetime</c> is dropped.</summary>
    Task Subscribe(ILiveObserver observer);

    Task Unsubscribe(ILiveObserver observer);
}
