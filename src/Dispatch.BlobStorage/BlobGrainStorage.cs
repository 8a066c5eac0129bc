using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Dispatch.BlobStorage;

/// <summary>
/// Orleans grain storage keeping one human-readable JSON blob per grain state, with the blob ETag as the
/// optimistic-concurrency token: a write only succeeds against the version the grain last read or wrote.
/// </summary>
public sealed partial class BlobGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private const string JsonContentType = "application/json";

    private readonly string _name;
    private readonly BlobStorageOptions _options;
    private readonly BlobContainerClient _container;
    private readonly IActivatorProvider _activators;
    private readonly ILogger<BlobGrainStorage> _logger;
    private readonly StorageFaultSignal? _faults;

    public BlobGrainStorage(
        string name,
        BlobStorageOptions options,
        IActivatorProvider activatorProvider,
        ILogger<BlobGrainStorage> logger,
        StorageFaultSignal? faults = null)
    {
        _name = name;
        _options = options;
        _container = options.CreateServiceClient().GetBlobContainerClient(options.ContainerName);
        _activators = activatorProvider;
        _logger = logger;
        _faults = faults;
    }

    public string ContainerName => _container.Name;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(BlobGrainStorage)}-{_name}", _options.InitStage, EnsureContainerAsync);

    /// <summary>Creates the container if it does not exist yet (called at silo start).</summary>
    public async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        LogContainerReady(_name, _container.Name);
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var blob = _container.GetBlobClient(BlobNames.ForGrainState(stateName, grainId));
        BlobDownloadResult download;
        try
        {
            download = (await blob.DownloadContentAsync().ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException e) when (e.IsNotFound())
        {
            // Missing blob or missing container both mean "never written": the grain starts from a fresh state.
            ResetToNew(grainState);
            return;
        }
        catch (Exception e)
        {
            LogReadFailed(e, blob.Name, _container.Name);
            _faults?.Report(e);
            throw;
        }

        var state = Deserialize<T>(download.Content, blob);
        grainState.ETag = download.Details.ETag.ToString();
        grainState.State = state ?? CreateNew<T>();
        grainState.RecordExists = state is not null;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var blob = _container.GetBlobClient(BlobNames.ForGrainState(stateName, grainId));
        var upload = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = JsonContentType },
            Conditions = ExpectedVersion(grainState.ETag),
        };
        var content = BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(grainState.State, BlobStateJson.Options));

        try
        {
            var result = await UploadCreatingContainerAsync(blob, content, upload).ConfigureAwait(false);
            grainState.ETag = result.ETag.ToString();
            grainState.RecordExists = true;
        }
        catch (RequestFailedException e) when (e.IsConcurrencyConflict())
        {
            throw await InconsistentAsync(blob, grainState.ETag, e).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogWriteFailed(e, blob.Name, _container.Name);
            _faults?.Report(e);
            throw;
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var blob = _container.GetBlobClient(BlobNames.ForGrainState(stateName, grainId));
        try
        {
            if (string.IsNullOrEmpty(grainState.ETag))
            {
                // The grain believes nothing is stored, so there is nothing to delete; but if someone else has written
                // meanwhile, deleting (or pretending all is well) would lose their write. Nothing is deleted on this
                // path, so checking first has no race that could destroy data.
                if ((await blob.ExistsAsync().ConfigureAwait(false)).Value)
                {
                    throw await InconsistentAsync(blob, grainState.ETag, cause: null).ConfigureAwait(false);
                }
            }
            else
            {
                // Only the version the grain knows may be deleted; one already gone (with its container or not) is fine.
                await blob.DeleteIfExistsAsync(
                        DeleteSnapshotsOption.IncludeSnapshots,
                        new BlobRequestConditions { IfMatch = new ETag(grainState.ETag) })
                    .ConfigureAwait(false);
            }
        }
        catch (RequestFailedException e) when (e.IsConcurrencyConflict())
        {
            throw await InconsistentAsync(blob, grainState.ETag, e).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not InconsistentStateException)
        {
            LogClearFailed(e, blob.Name, _container.Name);
            _faults?.Report(e);
            throw;
        }

        ResetToNew(grainState);
    }

    // Null ETag: the grain believes nothing is stored, so only create. Otherwise: only replace the version it knows.
    private static BlobRequestConditions ExpectedVersion(string? etag) =>
        string.IsNullOrEmpty(etag)
            ? new BlobRequestConditions { IfNoneMatch = ETag.All }
            : new BlobRequestConditions { IfMatch = new ETag(etag) };

    private async Task<BlobContentInfo> UploadCreatingContainerAsync(BlobClient blob, BinaryData content, BlobUploadOptions upload)
    {
        try
        {
            return (await blob.UploadAsync(content, upload).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException e) when (e.IsContainerNotFound())
        {
            // Someone deleted the container after start-up: recreate it rather than failing every write until a restart.
            LogRecreatingContainer(_container.Name);
            await _container.CreateIfNotExistsAsync().ConfigureAwait(false);
            return (await blob.UploadAsync(content, upload).ConfigureAwait(false)).Value;
        }
    }

    private async Task<InconsistentStateException> InconsistentAsync(BlobClient blob, string? expectedETag, RequestFailedException? cause)
    {
        // Best effort: say what storage holds now, which makes "who overwrote my grain" questions answerable from logs.
        string storedETag;
        try
        {
            storedETag = (await blob.GetPropertiesAsync().ConfigureAwait(false)).Value.ETag.ToString();
        }
        catch (RequestFailedException e) when (e.IsNotFound())
        {
            storedETag = "(no blob)";
        }
        catch (Exception)
        {
            storedETag = "(unknown)";
        }

        var expected = string.IsNullOrEmpty(expectedETag) ? "(no blob)" : expectedETag;
        LogConflict(blob.Name, _container.Name, expected, storedETag);
        var message = $"Blob '{_container.Name}/{blob.Name}' changed underneath this grain: expected {expected}, storage has {storedETag}" +
            (cause is null ? "." : $" ({cause.Status} {cause.ErrorCode}).");
        return new InconsistentStateException(message, storedETag, expected, cause);
    }

    private T? Deserialize<T>(BinaryData content, BlobClient blob)
    {
        if (content.ToMemory().IsEmpty)
        {
            return default;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(content.ToMemory().Span, BlobStateJson.Options);
        }
        catch (JsonException e)
        {
            // Blobs may be edited by hand; name the blob so the bad edit can be found.
            throw new InvalidOperationException(
                $"Blob '{_container.Name}/{blob.Name}' does not hold valid JSON for {typeof(T).Name}: {e.Message}", e);
        }
    }

    private void ResetToNew<T>(IGrainState<T> grainState)
    {
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = CreateNew<T>();
    }

    // Orleans' activator handles types without a parameterless constructor, the same way Orleans creates fresh state.
    private T CreateNew<T>() => _activators.GetActivator<T>().Create();

    [LoggerMessage(Level = LogLevel.Information, Message = "Blob grain storage {Name} uses container {Container}")]
    private partial void LogContainerReady(string name, string container);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Container {Container} was missing on write; recreating it")]
    private partial void LogRecreatingContainer(string container);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Write conflict on {Container}/{Blob}: expected ETag {Expected}, stored {Stored}")]
    private partial void LogConflict(string blob, string container, string expected, string stored);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading {Container}/{Blob} failed")]
    private partial void LogReadFailed(Exception exception, string blob, string container);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing {Container}/{Blob} failed")]
    private partial void LogWriteFailed(Exception exception, string blob, string container);

    [LoggerMessage(Level = LogLevel.Error, Message = "Clearing {Container}/{Blob} failed")]
    private partial void LogClearFailed(Exception exception, string blob, string container);
}
