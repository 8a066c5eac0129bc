using System.Text.Json;
using Dispatch.BlobStorage;

namespace Dispatch.Grains.Storage;

/// <summary>
/// <see cref="IRecordLog"/> in process memory, for silos on memory grain storage (grain tests, benchmarks). Records are
/// kept as the same JSON lines Blob storage holds, so a record that would not survive Blob storage fails here too, and
/// versions behave as ETags do.
/// </summary>
public sealed class MemoryRecordLog : IRecordLog
{
    private readonly Dictionary<string, Log> logs = [];

    public Task<LoadedRecords<T>> Load<T>(string name)
    {
        lock (logs)
        {
            var log = LogOf(name);
            return Task.FromResult(new LoadedRecords<T>(
                [.. log.Snapshot.Select(Read<T>)], [.. log.Appended.Select(Read<T>)], log.Position));
        }
    }

    public Task<RecordLogPosition> Append<T>(string name, IReadOnlyList<T> records, RecordLogPosition position)
    {
        lock (logs)
        {
            var log = LogOf(name);
            // As with an append blob: the caller keeps a version to compact from only if it knew the log up to here.
            var alone = log.Appends == position.LogLength && log.Position.LogETag == position.LogETag;
            log.Appended.AddRange(records.Select(r => JsonSerializer.Serialize(r, BlobStateJson.Lines)));
            log.Appends++;
            log.AppendedVersion++;
            return Task.FromResult(position with { LogETag = alone ? log.Position.LogETag : null, LogLength = log.Appends });
        }
    }

    public Task<RecordLogPosition?> Compact<T>(string name, IReadOnlyCollection<T> records, RecordLogPosition position)
    {
        lock (logs)
        {
            var log = LogOf(name);
            if (log.Position.SnapshotETag != position.SnapshotETag || log.Position.LogETag != position.LogETag)
            {
                return Task.FromResult<RecordLogPosition?>(null);
            }
            log.Snapshot = [.. records.Select(r => JsonSerializer.Serialize(r, BlobStateJson.Lines))];
            log.SnapshotVersion++;
            log.Appended.Clear();
            log.Appends = 0;
            log.AppendedVersion++;
            return Task.FromResult<RecordLogPosition?>(log.Position);
        }
    }

    private Log LogOf(string name) => logs.TryGetValue(name, out var log) ? log : logs[name] = new Log();

    private static T Read<T>(string line) => JsonSerializer.Deserialize<T>(line, BlobStateJson.Lines)!;

    private sealed class Log
    {
        public List<string> Snapshot { get; set; } = [];
        public List<string> Appended { get; } = [];
        public int SnapshotVersion { get; set; }
        public int AppendedVersion { get; set; }

        /// <summary>Appends since the last compaction: an append blob's block count.</summary>
        public int Appends { get; set; }

        public RecordLogPosition Position => new($"{SnapshotVersion}", $"{AppendedVersion}", Appends);
    }
}
