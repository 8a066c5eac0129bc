using System.Buffers;
using System.IO.Hashing;
using System.Text;
using Orleans.Runtime;

namespace Dispatch.BlobStorage;

/// <summary>
/// Turns grain ids and reminder names into blob names that a person can find in a blob browser
/// (<c>state/demand/20261122-ABC123.json</c>) and that are safe in any URL and on any Azure tool.
/// </summary>
/// <remarks>
/// Each part becomes one path segment: letters, digits, '-', '_' and '.' are kept, everything else (including a '/'
/// inside a key) is percent-encoded as UTF-8, so '/' only ever separates parts and listing by prefix is exact.
/// </remarks>
public static class BlobNames
{
    // Azure caps a whole blob name at 1,024 characters; capping each segment keeps three segments plus suffix well below.
    internal const int MaxSegmentLength = 200;

    private const string JsonSuffix = ".json";
    private const string RecordLogPrefix = "record-log/";

    // Encoding is ASCII-only by construction, so SearchValues over ASCII is exact.
    private static readonly SearchValues<char> KeptAsIs =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");

    /// <summary>Blob holding the state <paramref name="stateName"/> of <paramref name="grainId"/>.</summary>
    public static string ForGrainState(string stateName, GrainId grainId)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        return $"{Segment(stateName)}/{GrainPath(grainId)}{JsonSuffix}";
    }

    /// <summary>Blob holding one reminder of <paramref name="grainId"/>.</summary>
    public static string ForReminder(GrainId grainId, string reminderName)
    {
        ArgumentException.ThrowIfNullOrEmpty(reminderName);
        return $"{ReminderPrefix(grainId)}{Segment(reminderName)}{JsonSuffix}";
    }

    /// <summary>The snapshot of the record log <paramref name="logName"/> (<c>record-log/demand-index-3/snapshot.json</c>).</summary>
    public static string ForRecordLogSnapshot(string logName) => $"{RecordLogPrefix}{Segment(logName)}/snapshot{JsonSuffix}";

    /// <summary>The append blob of the record log <paramref name="logName"/>: one JSON record per line.</summary>
    public static string ForRecordLogAppends(string logName) => $"{RecordLogPrefix}{Segment(logName)}/appended.jsonl";

    /// <summary>Prefix shared by exactly the reminders of <paramref name="grainId"/> (ends with '/').</summary>
    public static string ReminderPrefix(GrainId grainId) => $"{GrainPath(grainId)}/";

    private static string GrainPath(GrainId grainId) => $"{Segment(grainId.Type.ToString()!)}/{Segment(grainId.Key.ToString()!)}";

    internal static string Segment(string value)
    {
        // A lone '.' or '..' would be collapsed by URL normalisation; an empty part would leave '//' in the name.
        // '~' is never kept as-is, so these markers cannot collide with an encoded value.
        if (value.Length == 0)
        {
            return "~";
        }

        var isAllDots = value.AsSpan().IndexOfAnyExcept('.') < 0;
        if (!isAllDots && value.AsSpan().IndexOfAnyExcept(KeptAsIs) < 0 && value.Length <= MaxSegmentLength)
        {
            return value;
        }

        var encoded = new StringBuilder(value.Length + 16);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (b < 0x80 && KeptAsIs.Contains(c) && !(isAllDots && c == '.'))
            {
                encoded.Append(c);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return encoded.Length <= MaxSegmentLength ? encoded.ToString() : Shorten(encoded.ToString(), value);
    }

    // Over-long parts keep a readable head plus a hash of the whole original, so they stay unique and stable.
    private static string Shorten(string encoded, string original)
    {
        var hash = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(original))
            .ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
        var headLength = MaxSegmentLength - hash.Length - 1;

        // Never cut through a %XX escape.
        var percent = encoded.LastIndexOf('%', headLength - 1, 2);
        if (percent >= 0)
        {
            headLength = percent;
        }

        return $"{encoded[..headLength]}~{hash}";
    }
}
