namespace Dispatch.Web.Components.Shared;

/// <summary>
/// How every live screen turns a burst of pushes into one reload of its figures: a request after a quiet spell runs at
/// once, one within <see cref="Interval"/> of the last run waits for the interval to end, and the requests made while
/// one waits ride along with it. A screen requests on its renderer's thread and the reload continues there; a host
/// service may request from any thread.
/// </summary>
public sealed class CoalescedRefresh(TimeSpan interval, TimeProvider clock, Func<Task> refresh, Action<Exception> failed) : IDisposable
{
    private readonly CancellationTokenSource closing = new();
    private DateTimeOffset lastRun = DateTimeOffset.MinValue;
    private int scheduled;

    public TimeSpan Interval => interval;

    /// <summary>Runs the reload now (a page's first load): pushes that follow wait out the interval from here.</summary>
    public Task RunNow()
    {
        lastRun = clock.GetUtcNow();
        return refresh();
    }

    public void Request()
    {
        if (closing.IsCancellationRequested || Interlocked.Exchange(ref scheduled, 1) == 1)
        {
            return;
        }
        _ = RunSoon();
    }

    private async Task RunSoon()
    {
        try
        {
            var wait = lastRun + interval - clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock, closing.Token);
            }
            // Requests from here on ask for the next run.
            Volatile.Write(ref scheduled, 0);
            await RunNow();
        }
        catch (OperationCanceledException) when (closing.IsCancellationRequested)
        {
            // The screen closed.
        }
        catch (Exception exception)
        {
            // The figures on screen stay as they were; the next push tries again.
            Volatile.Write(ref scheduled, 0);
            failed(exception);
        }
    }

    public void Dispose() => closing.Cancel();
}
