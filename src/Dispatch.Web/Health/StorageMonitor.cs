using System.Diagnostics;
using System.Threading.Channels;
using Dispatch.BlobStorage;

namespace Dispatch.Web.Health;

/// <summary>
/// Learns of storage trouble from the storage provider's failed calls (and from <c>/health</c>), confirms it with the
/// probe, and while storage is down probes every <see cref="ProbeEvery"/> until it answers again. Costs nothing while
/// storage is healthy: it sleeps until a failure is reported.
/// </summary>
public sealed partial class StorageMonitor(
    BlobStorageHealth probe, StorageFaultSignal faults, StorageStatus status, ILogger<StorageMonitor> logger) : BackgroundService
{
    public static readonly TimeSpan ProbeEvery = TimeSpan.FromSeconds(2);

    private readonly Channel<bool> failures = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly Stopwatch downFor = new();

    /// <summary>Something saw storage fail: probe now.</summary>
    public void ReportFailure() => failures.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        faults.Unavailable += OnUnavailable;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (!status.Degraded)
                {
                    await failures.Reader.ReadAsync(stoppingToken);
                }
                Record(await probe.ProblemAsync(stoppingToken));
                if (status.Degraded)
                {
                    await Task.Delay(ProbeEvery, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            faults.Unavailable -= OnUnavailable;
        }
    }

    private void OnUnavailable(Exception exception) => ReportFailure();

    private void Record(string? problem)
    {
        if (!status.Set(problem is not null))
        {
            return;
        }
        if (problem is not null)
        {
            downFor.Restart();
            LogDegraded(problem);
        }
        else
        {
            LogRecovered(downFor.Elapsed.TotalSeconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage unavailable, changes are not being saved: {Problem}")]
    private partial void LogDegraded(string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage is back after {Seconds:0.0} s; saving again")]
    private partial void LogRecovered(double seconds);
}
