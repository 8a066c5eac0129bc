using System.Threading.Channels;
using Dispatch.Contracts.Grains;
using Dispatch.Contracts.Live;
using Dispatch.Grains.Live;

namespace Dispatch.Web.Live;

/// <summary>
/// This host's end of the cluster's live log: it listens as an Orleans observer (renewed every
/// <see cref="RenewEvery"/>), applies batches in order to the host's screens (<see cref="LiveFeed"/>) and hub clients
/// (<see cref="DispatchHubPush"/>), and when a batch does not follow the last one it saw, catches up from the log, or,
/// when the log no longer has what was missed, tells every screen to reload.
/// </summary>
public sealed class LiveRelay(IGrainFactory grains, LiveFeed feed, DispatchHubPush hub, ILogger<LiveRelay> logger)
    : BackgroundService, ILiveObserver
{
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(10);

    private readonly Channel<LiveBatch> batches = Channel.CreateUnbounded<LiveBatch>(new UnboundedChannelOptions { SingleReader = true });
    private Guid epoch;
    private long sequence;

    /// <summary>Where this host stands in the log: what a hub client resuming from here is caught up to.</summary>
    public (Guid Epoch, long Sequence) Position => (epoch, Interlocked.Read(ref sequence));

    private ILiveChangeLogGrain Log => grains.GetGrain<ILiveChangeLogGrain>(LiveLog.Key);

    public Task OnChanges(LiveBatch batch)
    {
        batches.Writer.TryWrite(batch);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var self = grains.CreateObjectReference<ILiveObserver>(this);
        var renewing = Renew(self, stoppingToken);
        try
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await Apply(batch);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The next renewal finds the gap and catches up.
                    logger.LogWarning(exception, "A live batch could not be applied");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await renewing;
        try
        {
            await Log.Unsubscribe(self);
        }
        catch (Exception exception)
        {
            logger.LogInformation(exception, "Could not unsubscribe from the live log while stopping");
        }
    }

    private async Task Renew(ILiveObserver self, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (epoch == Guid.Empty)
                {
                    // Where the log stands when this host starts listening: anything after it arrives or is caught up.
                    var start = await Log.Since(Guid.Empty, 0);
                    (epoch, sequence) = (start.Epoch, start.Sequence);
                }
                await Log.Subscribe(self);
                // A log that restarted has a new epoch: ask, so a quiet period is not mistaken for being in step.
                var position = await Log.Since(epoch, Interlocked.Read(ref sequence));
                if (position.Epoch != epoch || position.Messages.Length > 0 || position.SnapshotNeeded)
                {
                    batches.Writer.TryWrite(new LiveBatch(position.Epoch, position.Messages));
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Renewing the live log subscription failed; trying again");
            }
            try
            {
                await Task.Delay(RenewEvery, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task Apply(LiveBatch batch)
    {
        var messages = batch.Messages.Where(m => batch.Epoch != epoch || m.Sequence > sequence).ToList();
        var follows = batch.Epoch == epoch && (messages.Count == 0 || messages[0].Sequence == sequence + 1);
        if (!follows)
        {
            var catchUp = await Log.Since(epoch, sequence);
            if (catchUp.SnapshotNeeded)
            {
                logger.LogInformation("Live log moved to epoch {Epoch} at {Sequence}: screens reload", catchUp.Epoch, catchUp.Sequence);
                (epoch, sequence) = (catchUp.Epoch, catchUp.Sequence);
                feed.Publish(new Resync());
                await hub.Resync(catchUp.Epoch, catchUp.Sequence);
                return;
            }
            messages = [.. catchUp.Messages];
        }
        foreach (var message in messages)
        {
            feed.Apply(message.Change);
        }
        if (messages.Count > 0)
        {
            Interlocked.Exchange(ref sequence, messages[^1].Sequence);
            await hub.Push(new LiveBatch(epoch, [.. messages]));
        }
    }
}
