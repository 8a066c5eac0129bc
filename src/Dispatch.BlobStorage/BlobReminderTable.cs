using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace Dispatch.BlobStorage;

/// <summary>
/// Durable Orleans reminder table: one JSON blob per reminder at <c>{grainType}/{grainKey}/{reminderName}.json</c>,
/// the blob ETag doubling as the reminder ETag. Reminders (SLA timers) therefore survive silo restarts.
/// </summary>
public sealed partial class BlobReminderTable : IReminderTable
{
    /// <summary>Name of the <see cref="BlobStorageOptions"/> instance the reminder service reads from DI.</summary>
    public const string OptionsName = "Dispatch.BlobReminders";

    // The grain's ring hash, kept in metadata so a silo can pick its ring range from a listing without downloading every reminder.
    private const string GrainHashMetadata = "grainhash";
    private const int MaxParallelDownloads = 16;

    private readonly BlobContainerClient _container;
    private readonly ILogger<BlobReminderTable> _logger;

    public BlobReminderTable(BlobStorageOptions options, ILogger<BlobReminderTable> logger)
    {
        _container = options.CreateServiceClient().GetBlobContainerClient(options.ReminderContainerName);
        _logger = logger;
    }

    public string ContainerName => _container.Name;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        LogContainerReady(_container.Name);
    }

    public async Task<ReminderTableData> ReadRows(GrainId grainId)
    {
        var names = new List<string>();
        await foreach (var item in ListAsync(BlobNames.ReminderPrefix(grainId)).ConfigureAwait(false))
        {
            names.Add(item.Name);
        }

        return new ReminderTableData(await DownloadAllAsync(names).ConfigureAwait(false));
    }

    public async Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        var names = new List<string>();
        var unhashed = new List<string>();
        await foreach (var item in ListAsync(prefix: null).ConfigureAwait(false))
        {
            if (item.Metadata is not null
                && item.Metadata.TryGetValue(GrainHashMetadata, out var text)
                && uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var hash))
            {
                if (IsInRange(hash, begin, end))
                {
                    names.Add(item.Name);
                }
            }
            else
            {
                // Written by hand or by another tool: fall back to reading the grain id from the body.
                unhashed.Add(item.Name);
            }
        }

        var entries = await DownloadAllAsync(names).ConfigureAwait(false);
        entries.AddRange((await DownloadAllAsync(unhashed).ConfigureAwait(false))
            .Where(entry => IsInRange(entry.GrainId.GetUniformHashCode(), begin, end)));
        return new ReminderTableData(entries);
    }

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) =>
        await DownloadAsync(BlobNames.ForReminder(grainId, reminderName)).ConfigureAwait(false);

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        var blob = _container.GetBlobClient(BlobNames.ForReminder(entry.GrainId, entry.ReminderName));
        var body = new StoredReminder(entry.GrainId.ToString(), entry.ReminderName, entry.StartAt, entry.Period);
        var content = BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(body, BlobStateJson.Options));
        var upload = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            Metadata = new Dictionary<string, string>
            {
                [GrainHashMetadata] = entry.GrainId.GetUniformHashCode().ToString(CultureInfo.InvariantCulture),
            },
        };

        // Unconditional, like Orleans' own tables: the reminder service serialises upserts per grain and reminder.
        try
        {
            return (await blob.UploadAsync(content, upload).ConfigureAwait(false)).Value.ETag.ToString();
        }
        catch (RequestFailedException e) when (e.IsContainerNotFound())
        {
            LogRecreatingContainer(_container.Name);
            await _container.CreateIfNotExistsAsync().ConfigureAwait(false);
            return (await blob.UploadAsync(content, upload).ConfigureAwait(false)).Value.ETag.ToString();
        }
    }

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        if (string.IsNullOrEmpty(eTag))
        {
            // No ETag cannot match any stored version; an unconditional delete would break the interface's contract.
            return false;
        }

        var blob = _container.GetBlobClient(BlobNames.ForReminder(grainId, reminderName));
        try
        {
            var deleted = await blob.DeleteIfExistsAsync(
                DeleteSnapshotsOption.IncludeSnapshots,
                new BlobRequestConditions { IfMatch = new ETag(eTag) }).ConfigureAwait(false);
            return deleted.Value;
        }
        catch (RequestFailedException e) when (e.IsConcurrencyConflict())
        {
            // Someone re-registered the reminder since this ETag was read: theirs wins, as the interface requires.
            return false;
        }
    }

    public async Task TestOnlyClearTable()
    {
        var names = new List<string>();
        await foreach (var item in ListAsync(prefix: null).ConfigureAwait(false))
        {
            names.Add(item.Name);
        }

        await Parallel.ForEachAsync(
            names,
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelDownloads },
            async (name, ct) => await _container.GetBlobClient(name)
                .DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct).ConfigureAwait(false))
            .ConfigureAwait(false);
    }

    /// <summary>The ring-range rule of <see cref="IReminderTable.ReadRows(uint, uint)"/>: (begin, end], wrapping when begin >= end.</summary>
    internal static bool IsInRange(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private async IAsyncEnumerable<BlobItem> ListAsync(string? prefix)
    {
        var pages = _container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata, Prefix = prefix }).AsPages();
        await using var enumerator = pages.GetAsyncEnumerator();
        while (true)
        {
            try
            {
                if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                {
                    yield break;
                }
            }
            catch (RequestFailedException e) when (e.IsContainerNotFound())
            {
                // No container yet means no reminders yet.
                yield break;
            }

            foreach (var item in enumerator.Current.Values)
            {
                yield return item;
            }
        }
    }

    private async Task<List<ReminderEntry>> DownloadAllAsync(IReadOnlyCollection<string> names)
    {
        var found = new ConcurrentBag<ReminderEntry>();
        await Parallel.ForEachAsync(
            names,
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelDownloads },
            async (name, _) =>
            {
                if (await DownloadAsync(name).ConfigureAwait(false) is { } entry)
                {
                    found.Add(entry);
                }
            }).ConfigureAwait(false);
        return [.. found];
    }

    private async Task<ReminderEntry?> DownloadAsync(string blobName)
    {
        BlobDownloadResult download;
        try
        {
            download = (await _container.GetBlobClient(blobName).DownloadContentAsync().ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException e) when (e.IsNotFound())
        {
            // Removed between listing and reading, or never there.
            return null;
        }

        StoredReminder? stored;
        try
        {
            stored = JsonSerializer.Deserialize<StoredReminder>(download.Content.ToMemory().Span, BlobStateJson.Options);
        }
        catch (JsonException e)
        {
            LogUnreadableReminder(e, _container.Name, blobName);
            return null;
        }

        if (stored is null || !GrainId.TryParse(stored.GrainId, out var grainId))
        {
            LogUnreadableReminder(null, _container.Name, blobName);
            return null;
        }

        return new ReminderEntry
        {
            GrainId = grainId,
            ReminderName = stored.ReminderName,
            StartAt = stored.StartAt,
            Period = stored.Period,
            ETag = download.Details.ETag.ToString(),
        };
    }

    /// <summary>The blob body: the reminder's fields in plain JSON (the ETag lives on the blob itself).</summary>
    private sealed record StoredReminder(string GrainId, string ReminderName, DateTime StartAt, TimeSpan Period);

    [LoggerMessage(Level = LogLevel.Information, Message = "Blob reminder table uses container {Container}")]
    private partial void LogContainerReady(string container);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder container {Container} was missing on write; recreating it")]
    private partial void LogRecreatingContainer(string container);

    [LoggerMessage(Level = LogLevel.Error, Message = "Skipping unreadable reminder blob {Container}/{Blob}")]
    private partial void LogUnreadableReminder(Exception? exception, string container, string blob);
}
