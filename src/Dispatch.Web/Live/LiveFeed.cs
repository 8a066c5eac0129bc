using System.Collections.Concurrent;
using System.Threading.Channels;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Contracts.Live;

namespace Dispatch.Web.Live;

/// <summary>Something every open screen may need to know at once.</summary>
public abstract record LiveEvent;

public sealed record DemandChanged(DemandChange Change) : LiveEvent;

/// <summary>A key person's entry or visits changed: visit plans and rates move.</summary>
public sealed record KeyPersonChanged(KeyPersonSummary Summary) : LiveEvent;

/// <summary>Reference data (stations, communities, workers, categories, SLA targets) changed.</summary>
public sealed record DirectoryChanged : LiveEvent;

/// <summary>Changes were missed beyond catching up (the log restarted, or this host fell behind): reload everything.</summary>
public sealed record Resync : LiveEvent;

/// <summary>
/// This host's fan-out of live events to its screens (the <see cref="LiveRelay"/> brings them from the cluster). Each subscriber has its own bounded queue, so a slow screen
/// drops its oldest events instead of holding up the grains or the other screens.
/// </summary>
public sealed class LiveFeed(ILogger<LiveFeed> logger)
{
    /// <summary>Demand changes kept for screens that open later (the console's ticker): a screenful, not the history.</summary>
    public const int RecentLength = 30;

    private const int QueueLength = 1024;
    private readonly ConcurrentDictionary<Guid, Channel<LiveEvent>> subscribers = new();
    private readonly Queue<DemandChange> recent = new(RecentLength + 1);

    public void OnDemandChanged(DemandChange change)
    {
        lock (recent)
        {
            recent.Enqueue(change);
            if (recent.Count > RecentLength)
            {
                recent.Dequeue();
            }
        }
        Publish(new DemandChanged(change));
    }

    /// <summary>The last <see cref="RecentLength"/> demand changes this host received, oldest first.</summary>
    public IReadOnlyList<DemandChange> RecentDemandChanges()
    {
        lock (recent)
        {
            return [.. recent];
        }
    }

    public void OnKeyPersonChanged(KeyPersonSummary summary) => Publish(new KeyPersonChanged(summary));

    /// <summary>A change from the cluster's live log, as this host's screens take it.</summary>
    public void Apply(LiveChange change)
    {
        switch (change)
        {
            case { Kind: LiveChangeKind.Demand, Demand: { } demand }:
                OnDemandChanged(demand);
                break;
            case { Kind: LiveChangeKind.KeyPerson, Person: { } person }:
                OnKeyPersonChanged(person);
                break;
            case { Kind: LiveChangeKind.Directory }:
                Publish(new DirectoryChanged());
                break;
        }
    }

    public void Publish(LiveEvent liveEvent)
    {
        foreach (var queue in subscribers.Values)
        {
            queue.Writer.TryWrite(liveEvent);
        }
    }

    /// <summary>Calls <paramref name="handler"/> for every event from now on, one at a time, until the result is disposed.</summary>
    public IDisposable Subscribe(Func<LiveEvent, Task> handler)
    {
        var id = Guid.NewGuid();
        var queue = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(QueueLength)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        subscribers[id] = queue;
        _ = Task.Run(async () =>
        {
            await foreach (var liveEvent in queue.Reader.ReadAllAsync())
            {
                try
                {
                    await handler(liveEvent);
                }
                catch (Exception exception)
                {
                    logger.LogWarning(exception, "A live subscriber failed to handle {Event}", liveEvent.GetType().Name);
                }
            }
        });
        return new Subscription(() =>
        {
            if (subscribers.TryRemove(id, out var removed))
            {
                removed.Writer.TryComplete();
            }
        });
    }

    public int SubscriberCount => subscribers.Count;
}
