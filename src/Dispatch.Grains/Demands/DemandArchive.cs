using System.Collections.Immutable;
using System.Globalization;
using Dispatch.BlobStorage;
using Dispatch.Contracts.Demands;

namespace Dispatch.Grains.Demands;

/// <summary>When finished demands leave the index shards for the monthly archive.</summary>
public sealed class DemandArchiveOptions
{
    public const string Section = "Dispatch:Archive";

    /// <summary>Days after its closure or cancellation a demand moves to the archive; 0: never on its own.</summary>
    public int AfterDays { get; set; } = 30;

    /// <summary>How often each shard looks for demands due to move.</summary>
    public TimeSpan Every { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>The months an index shard has archived demands in: what its KPIs are folded from on activation.</summary>
[GenerateSerializer]
public sealed class DemandArchiveCatalog
{
    [Id(0)] public SortedSet<DateOnly> Months { get; set; } = [];
}

/// <summary>
/// A shard's KPI ledger as it stood when the shard last compacted its log, so a start reads it instead of folding every
/// archived demand again. It counts exactly the compacted snapshot's demands and the archived ones; the records appended
/// since move it on load. Any other snapshot (a compaction it missed) means it is not used.
/// </summary>
[GenerateSerializer]
public sealed class ShardKpiSnapshot
{
    /// <summary>The version (ETag) of the compacted log snapshot the ledger matches.</summary>
    [Id(0)] public string? LogSnapshot { get; set; }

    /// <summary>The <see cref="Dispatch.Contracts.Kpis.KpiLedger"/>, in Orleans' binary form (its tallies are not JSON-shaped).</summary>
    [Id(1)] public byte[] Ledger { get; set; } = [];

    /// <summary>The ledger's form; one stored in another is folded again (2: months, and hours and days within a horizon).</summary>
    [Id(2)] public int Format { get; set; }

    public const int CurrentFormat = 2;
}

/// <summary>
/// One index shard's monthly archive: a record log per China month holding every demand that was open in it
/// (<see cref="DemandMonths.Active"/>), so a month's list and its report read one log per shard, and no archived demand
/// stays in memory. A demand may be appended more than once (again after a crash in the middle of a move, or after it
/// changed once archived): readers keep its newest version. The month read last stays at hand for a minute, so paging
/// through a month reads its log once rather than once a page.
/// </summary>
public sealed class DemandArchive(IRecordLog log, long shard) : IDisposable
{
    /// <summary>How long the month read last is kept: long enough to page through it, short enough not to linger.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(1);

    private ReadMonth? lastRead;
    private ITimer? forget;
    /// <summary>Moves on at the start and end of every append: a read that saw it move may be stale and is not kept.</summary>
    private long appends;

    private sealed record ReadMonth(DateOnly Month, ImmutableDictionary<string, DemandSummary> Demands);

    public string LogName(DateOnly month) => $"demand-archive-{month.ToString("yyyy-MM", CultureInfo.InvariantCulture)}-{shard}";

    /// <summary>Stored in every month each demand was open in when this returns; marked <see cref="DemandSummary.Archived"/>.</summary>
    public async Task Append(IEnumerable<DemandSummary> demands)
    {
        Interlocked.Increment(ref appends);
        lastRead = null;
        try
        {
            await Task.WhenAll(demands
                .Select(d => d with { Archived = true })
                .SelectMany(d => DemandMonths.Active(d).Select(month => (Month: month, Demand: d)))
                .GroupBy(p => p.Month)
                .Select(month => log.Append(LogName(month.Key), [.. month.Select(p => p.Demand)], RecordLogPosition.Empty)));
        }
        finally
        {
            Interlocked.Increment(ref appends);
            lastRead = null;
        }
    }

    /// <summary>The newest version of each demand of the month's log.</summary>
    public async Task<ImmutableDictionary<string, DemandSummary>> Month(DateOnly month)
    {
        if (lastRead is { } read && read.Month == month)
        {
            return read.Demands;
        }
        var before = Interlocked.Read(ref appends);
        var loaded = await log.Load<DemandSummary>(LogName(month));
        var newest = ImmutableDictionary.CreateBuilder<string, DemandSummary>();
        foreach (var demand in loaded.Snapshot.Concat(loaded.Appended))
        {
            if (!newest.TryGetValue(demand.Id, out var known) || known.Version < demand.Version)
            {
                newest[demand.Id] = demand;
            }
        }
        var demands = newest.ToImmutable();
        if (before % 2 == 0 && Interlocked.Read(ref appends) == before)
        {
            lastRead = new ReadMonth(month, demands);
            forget?.Dispose();
            forget = TimeProvider.System.CreateTimer(_ => lastRead = null, null, KeptFor, Timeout.InfiniteTimeSpan);
        }
        return demands;
    }

    public void Dispose() => forget?.Dispose();
}
