using System.Collections.Immutable;
using System.Diagnostics;
using Dispatch.Contracts.Grains;
using Dispatch.Contracts.Live;
using Microsoft.Extensions.Logging;

namespace Dispatch.Grains.Live;

/// <summary>
/// Numbers every change, keeps the last <see cref="Capacity"/> for hosts and clients catching up, and pushes it to each
/// host at most once per <see cref="BatchWindow"/>: a change that finds no push within the last window goes at once
/// (leading edge), and what arrives while a window is still open goes as one batch when it closes, so a burst of
/// changes is a few pushes, not one per change. Kept in memory on purpose: after a restart there is a new epoch and
/// listeners reload their snapshot.
/// </summary>
[GrainType("live-log")]
public sealed class LiveChangeLogGrain(ILogger<LiveChangeLogGrain> logger) : Grain, ILiveChangeLogGrain
{
    public const int Capacity = 10_000;
    public static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(25);
    public static readonly TimeSpan ObserverLifetime = TimeSpan.FromSeconds(45);

    private readonly Guid epoch = Guid.NewGuid();
    private readonly Queue<LiveMessage> recent = new();
    private readonly Dictionary<ILiveObserver, DateTime> observers = [];
    private List<LiveMessage> pending = [];
    private IGrainTimer? flush;
    private long lastPush;
    private long sequence;

    public Task Publish(LiveChange change)
    {
        var message = new LiveMessage(++sequence, change);
        recent.Enqueue(message);
        if (recent.Count > Capacity)
        {
            recent.Dequeue();
        }
        pending.Add(message);
        if (flush is null)
        {
            var sinceLastPush = Stopwatch.GetElapsedTime(lastPush);
            if (sinceLastPush >= BatchWindow)
            {
                Push();
            }
            else
            {
                flush = this.RegisterGrainTimer(Flush, new GrainTimerCreationOptions(BatchWindow - sinceLastPush, Timeout.InfiniteTimeSpan) { KeepAlive = true });
            }
        }
        return Task.CompletedTask;
    }

    public Task<LiveCatchUp> Since(Guid listenerEpoch, long listenerSequence)
    {
        var oldest = recent.TryPeek(out var first) ? first.Sequence : sequence + 1;
        var missed = listenerEpoch != epoch || listenerSequence < oldest - 1 || listenerSequence > sequence;
        return Task.FromResult(missed
            ? new LiveCatchUp(epoch, sequence, SnapshotNeeded: true, [])
            : new LiveCatchUp(epoch, sequence, SnapshotNeeded: false, [.. recent.Where(m => m.Sequence > listenerSequence)]));
    }

    public Task Subscribe(ILiveObserver observer)
    {
        observers[observer] = DateTime.UtcNow;
        // The log lives as long as a host listens: its memory is what hosts and clients catch up from.
        DelayDeactivation(ObserverLifetime * 2);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(ILiveObserver observer)
    {
        observers.Remove(observer);
        return Task.CompletedTask;
    }

    private Task Flush(CancellationToken cancellation)
    {
        flush?.Dispose();
        flush = null;
        Push();
        return Task.CompletedTask;
    }

    private void Push()
    {
        lastPush = Stopwatch.GetTimestamp();
        var batch = new LiveBatch(epoch, [.. pending]);
        pending = [];
        var expired = DateTime.UtcNow - ObserverLifetime;
        foreach (var (observer, renewed) in observers.ToList())
        {
            if (renewed < expired)
            {
                observers.Remove(observer);
                continue;
            }
            try
            {
                // One-way: a slow or gone host never holds up the log; it catches up from its last sequence.
                _ = observer.OnChanges(batch);
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "A live observer could not be reached; it catches up when it renews");
            }
        }
    }
}
