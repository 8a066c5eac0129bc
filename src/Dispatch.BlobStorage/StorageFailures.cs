using System.Net.Sockets;
using Azure;
using Orleans.Storage;

namespace Dispatch.BlobStorage;

/// <summary>
/// Tells a storage outage (storage did not answer, or answered with a server error) from everything else, whatever
/// wrapping it arrives in: the SDK reports retries it gave up on as an <see cref="AggregateException"/> of the attempts.
/// </summary>
public static class StorageFailures
{
    /// <summary>True when <paramref name="exception"/> means storage was unavailable, so the write it belonged to is unconfirmed.</summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        RequestFailedException failed => failed.Status == 0 || failed.Status >= 500,
        InconsistentStateException => false,
        HttpRequestException or SocketException or TimeoutException or IOException => true,
        // A try that storage left unanswered past its network timeout ends cancelled (TaskCanceledException): among
        // the tries the SDK gave up on, that is an outage too.
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0
            && aggregate.InnerExceptions.All(attempt => attempt is OperationCanceledException || IsUnavailable(attempt)),
        { InnerException: { } inner } => IsUnavailable(inner),
        _ => false,
    };
}

/// <summary>
/// Where the storage providers report calls that failed for want of storage, so the host can tell its users (a banner)
/// without every caller having to. One per silo.
/// </summary>
public sealed class StorageFaultSignal
{
    /// <summary>Raised on the failing call's thread: handlers must be quick and must not throw.</summary>
    public event Action<Exception>? Unavailable;

    internal void Report(Exception exception)
    {
        if (StorageFailures.IsUnavailable(exception))
        {
            Unavailable?.Invoke(exception);
        }
    }
}
