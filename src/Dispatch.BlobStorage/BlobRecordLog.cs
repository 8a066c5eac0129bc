using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Dispatch.BlobStorage;

/// <summary>
/// <see cref="IRecordLog"/> on Blob storage: a JSON snapshot (block blob) and an append blob of JSON lines, one block
/// per append, so every append is atomic. Compaction writes the snapshot only over the version its caller read
/// (If-Match / If-None-Match) and deletes the append blob only at the version its caller knows, so a record someone
/// else appended meanwhile is never dropped.
/// </summary>
public sealed class BlobRecordLog(BlobStorageOptions options) : IRecordLog
{
    private readonly BlobContainerClient container = options.CreateServiceClient().GetBlobContainerClient(options.ContainerName);

    public async Task<LoadedRecords<T>> Load<T>(string name)
    {
        var (snapshot, snapshotDetails) = await Download(container.GetBlobClient(BlobNames.ForRecordLogSnapshot(name)));
        var (appended, appendedDetails) = await Download(container.GetBlobClient(BlobNames.ForRecordLogAppends(name)));
        var records = snapshot is null ? [] : JsonSerializer.Deserialize<List<T>>(snapshot.ToMemory().Span, BlobStateJson.Options) ?? [];
        var lines = appended is null
            ? []
            : Encoding.UTF8.GetString(appended.ToMemory().Span).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonSerializer.Deserialize<T>(line, BlobStateJson.Lines)!)
                .ToList();
        return new LoadedRecords<T>(records, lines, new RecordLogPosition(
            snapshotDetails?.ETag.ToString(), appendedDetails?.ETag.ToString(), appendedDetails?.BlobCommittedBlockCount ?? 0));
    }

    public async Task<RecordLogPosition> Append<T>(string name, IReadOnlyList<T> records, RecordLogPosition position)
    {
        var text = new StringBuilder();
        foreach (var record in records)
        {
            text.Append(JsonSerializer.Serialize(record, BlobStateJson.Lines)).Append('\n');
        }
        var appends = container.GetAppendBlobClient(BlobNames.ForRecordLogAppends(name));
        BlobAppendInfo appended;
        try
        {
            appended = await AppendBlock(appends, text);
        }
        catch (RequestFailedException e) when (e.IsNotFound())
        {
            // First append, or the first since a compaction removed the log.
            await appends.CreateIfNotExistsAsync();
            appended = await AppendBlock(appends, text);
        }
        // Our block directly follows the log we knew: we still know the whole log, and the version to compact from.
        var alone = appended.BlobCommittedBlockCount == position.LogLength + 1 && (position.LogLength == 0 || position.LogETag is not null);
        return position with { LogETag = alone ? appended.ETag.ToString() : null, LogLength = appended.BlobCommittedBlockCount };
    }

    public async Task<RecordLogPosition?> Compact<T>(string name, IReadOnlyCollection<T> records, RecordLogPosition position)
    {
        BlobContentInfo snapshot;
        try
        {
            snapshot = (await container.GetBlobClient(BlobNames.ForRecordLogSnapshot(name)).UploadAsync(
                BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(records, BlobStateJson.Options)),
                new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                    Conditions = position.SnapshotETag is null
                        ? new BlobRequestConditions { IfNoneMatch = ETag.All }
                        : new BlobRequestConditions { IfMatch = new ETag(position.SnapshotETag) },
                })).Value;
        }
        catch (RequestFailedException e) when (e.IsConcurrencyConflict())
        {
            return null;
        }
        if (position.LogLength > 0)
        {
            // The new snapshot holds everything the log held as far as we know it; the log goes only at that version.
            // When it cannot go, its records stay and merge again on the next load: harmless, as merging is idempotent.
            if (position.LogETag is null)
            {
                return null;
            }
            try
            {
                await container.GetBlobClient(BlobNames.ForRecordLogAppends(name))
                    .DeleteAsync(conditions: new BlobRequestConditions { IfMatch = new ETag(position.LogETag) });
            }
            catch (RequestFailedException e) when (e.IsConcurrencyConflict())
            {
                return null;
            }
        }
        return new RecordLogPosition(snapshot.ETag.ToString(), null, 0);
    }

    private static async Task<BlobAppendInfo> AppendBlock(AppendBlobClient appends, StringBuilder text)
    {
        using var block = new MemoryStream(Encoding.UTF8.GetBytes(text.ToString()));
        return (await appends.AppendBlockAsync(block)).Value;
    }

    private static async Task<(BinaryData? Content, BlobDownloadDetails? Details)> Download(BlobClient blob)
    {
        try
        {
            var download = (await blob.DownloadContentAsync()).Value;
            return (download.Content, download.Details);
        }
        catch (RequestFailedException e) when (e.IsNotFound())
        {
            return (null, null);
        }
    }
}
