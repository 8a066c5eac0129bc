using Azure;
using Azure.Storage.Blobs;

namespace Dispatch.BlobStorage;

/// <summary>
/// Answers "can we reach grain state and reminder storage right now?" for a health endpoint.
/// Read-only and quick: one properties call per container, no retries, short timeout.
/// </summary>
public sealed class BlobStorageHealth
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    private readonly BlobContainerClient[] _containers;
    private readonly TimeSpan _timeout;

    public BlobStorageHealth(BlobStorageOptions options, TimeSpan? timeout = null)
    {
        _timeout = timeout ?? DefaultTimeout;

        // The SDK's default retries would stretch a dead endpoint into tens of seconds; a probe must answer fast.
        var client = options.CreateServiceClient(clientOptions =>
        {
            clientOptions.Retry.MaxRetries = 0;
            clientOptions.Retry.NetworkTimeout = _timeout;
        });
        _containers = new[] { options.ContainerName, options.ReminderContainerName }
            .Distinct(StringComparer.Ordinal)
            .Select(client.GetBlobContainerClient)
            .ToArray();
    }

    /// <summary>Null when storage answers; otherwise a short, human-readable reason.</summary>
    public async Task<string?> ProblemAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);

        var problems = await Task.WhenAll(_containers.Select(c => ProblemAsync(c, timeout.Token, cancellationToken)))
            .ConfigureAwait(false);
        var found = problems.OfType<string>().ToArray();
        return found.Length == 0 ? null : string.Join("; ", found);
    }

    private async Task<string?> ProblemAsync(BlobContainerClient container, CancellationToken timeout, CancellationToken caller)
    {
        try
        {
            await container.GetPropertiesAsync(cancellationToken: timeout).ConfigureAwait(false);
            return null;
        }
        catch (RequestFailedException e) when (e.IsContainerNotFound())
        {
            // Storage answered; the container is recreated by the next write, so this is not an outage.
            return null;
        }
        catch (RequestFailedException e) when (e.Status != 0)
        {
            return $"blob storage refused container '{container.Name}': {e.Status} {e.ErrorCode}";
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            return $"blob storage did not answer for container '{container.Name}' within {_timeout.TotalSeconds:0.#} s";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return $"blob storage unreachable for container '{container.Name}': {FirstLine(e.Message)}";
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
