namespace Dispatch.BlobStorage;

/// <summary>
/// Where a log stood when its reader last saw it: the snapshot's version, and the log's version and length. Compaction
/// succeeds only from there, so it never drops a record someone else appended meanwhile.
/// </summary>
public sealed record RecordLogPosition(string? SnapshotETag, string? LogETag, int LogLength)
{
    public static readonly RecordLogPosition Empty = new(null, null, 0);
}

/// <summary>What a log holds: the snapshot, then the records appended since, in the order they were appended.</summary>
public sealed record LoadedRecords<T>(IReadOnlyList<T> Snapshot, IReadOnlyList<T> Appended, RecordLogPosition Position);

/// <summary>
/// Durable records kept as a snapshot plus an append-only log, for views whose every change is one small record (a
/// demand's newest summary in its index shard). An append costs the record, not the whole view, as rewriting a grain's
/// whole state would; compaction folds the log into the snapshot now and then. Readers merge the records themselves
/// (e.g. newest version wins), so appends by two writers at once are both kept.
/// </summary>
public interface IRecordLog
{
    Task<LoadedRecords<T>> Load<T>(string name);

    /// <summary>Stored when this returns. The new position keeps its log version only if no one else appended meanwhile.</summary>
    Task<RecordLogPosition> Append<T>(string name, IReadOnlyList<T> records, RecordLogPosition position);

    /// <summary>
    /// Replaces the snapshot and the log by <paramref name="records"/>, which must hold everything up to
    /// <paramref name="position"/>. Null when the snapshot or the log moved on since: nothing is lost, but the caller
    /// should reload (and merge) before compacting again.
    /// </summary>
    Task<RecordLogPosition?> Compact<T>(string name, IReadOnlyCollection<T> records, RecordLogPosition position);
}
