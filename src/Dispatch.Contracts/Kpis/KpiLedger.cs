using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Sla;

namespace Dispatch.Contracts.Kpis;

/// <summary>
/// <see cref="KpiTally"/>s kept as orders change, per station and per China-time hour (and day) of the report, so a
/// window's figures are a merge of a few buckets instead of a scan of every order. An order's own figures go to the
/// station it is attributed to, its dispatches to each station it was dispatched to and its returns to each station that
/// returned it (<see cref="KpiCalculator"/>'s attribution), so one order touches several stations' tallies.
/// </summary>
/// <remarks>
/// Windows are whole hours: from and to are rounded down to the hour. China time is UTC+8 without daylight saving, so
/// its hours are UTC's and its days start at 16:00 UTC. The SLA outcomes are decided against the targets the ledger was
/// made with; when they change, the ledger is made again from the orders. Serializable, so a shard can store it and
/// start from it instead of folding every order again.
/// </remarks>
[GenerateSerializer]
public sealed class KpiLedger(SlaTargets targets)
{
    /// <summary>The zone the ledger keeps its hours and days in.</summary>
    public static readonly TimeZoneInfo ChinaTime = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Id(0)] private SlaTargets _targets = targets;
    [Id(1)] private Scope _city = new();
    [Id(2)] private Dictionary<string, Scope> _stations = [];

    public SlaTargets Targets => _targets;

    /// <summary>The start of the hour holding <paramref name="at"/>; null stays null (an open end).</summary>
    public static DateTimeOffset? HourOf(DateTimeOffset? at) => at is { } value ? HourOf(value) : null;

    public static DateTimeOffset HourOf(DateTimeOffset at) => KpiSeries.BucketStart(at, KpiSeries.Hour, ChinaTime);

    public static DateTimeOffset DayOf(DateTimeOffset at) => KpiSeries.BucketStart(at, KpiSeries.Day, ChinaTime);

    /// <summary>
    /// Replaces an order's contribution: <paramref name="before"/> (null: new) taken away, <paramref name="after"/>
    /// (null: gone) added. Both are versions of the same order, so they share their report time.
    /// </summary>
    public void Apply(DemandSummary? before, DemandSummary? after)
    {
        if (before is not null)
        {
            Count(before, (tally, station) => tally.Remove(before, station, _targets));
        }
        if (after is not null)
        {
            Count(after, (tally, station) => tally.Add(after, station, _targets));
        }
    }

    /// <summary>
    /// The merged tally of <paramref name="stationId"/>'s buckets (null: the city's) in [from, to), both rounded down to
    /// the hour; a null end is open.
    /// </summary>
    public KpiTally Window(string? stationId, DateTimeOffset? from, DateTimeOffset? to)
    {
        var window = new KpiTally();
        var scope = stationId is null ? _city : _stations.GetValueOrDefault(stationId);
        if (scope is null || scope.Days.Count == 0)
        {
            return window;
        }
        if (from is null && to is null)
        {
            // All time: kept whole, so the default question reads one tally, not every day.
            window.Merge(scope.Total);
            return window;
        }
        // An open end reaches the scope's first (or last) day; a window costs its length in days, not the orders kept.
        var start = HourOf(from) ?? scope.DayStarts.Min;
        var end = HourOf(to) ?? scope.DayStarts.Max.AddDays(1);
        for (var at = start; at < end; )
        {
            // Whole China days come from the day buckets, the hours at either end from the hour buckets.
            var dayEnd = at.AddDays(1);
            var whole = at == DayOf(at) && dayEnd <= end;
            if ((whole ? scope.Days : scope.Hours).GetValueOrDefault(at) is { } tally)
            {
                window.Merge(tally);
            }
            at = whole ? dayEnd : at.AddHours(1);
        }
        return window;
    }

    private void Count(DemandSummary demand, Action<KpiTally, string?> change)
    {
        var (hour, day) = (HourOf(demand.ReportedAt), DayOf(demand.ReportedAt));
        IEnumerable<string?> scopes =
        [
            null,
            .. demand.DispatchedTo.Concat(demand.ReturnedBy).Append(KpiCalculator.AttributedStation(demand)).Distinct(),
        ];
        foreach (var stationId in scopes)
        {
            var scope = stationId is null ? _city : _stations.TryGetValue(stationId, out var kept) ? kept : _stations[stationId] = new Scope();
            Change(scope.Hours, hour, null, stationId, change);
            Change(scope.Days, day, scope.DayStarts, stationId, change);
            change(scope.Total, stationId);
        }
    }

    /// <summary>Changes one bucket's tally; a tally left empty is dropped, so the ledger holds only what counts.</summary>
    private static void Change(
        Dictionary<DateTimeOffset, KpiTally> buckets, DateTimeOffset start, SortedSet<DateTimeOffset>? starts, string? stationId,
        Action<KpiTally, string?> change)
    {
        if (!buckets.TryGetValue(start, out var tally))
        {
            buckets[start] = tally = new KpiTally();
            starts?.Add(start);
        }
        change(tally, stationId);
        if (tally.IsEmpty)
        {
            buckets.Remove(start);
            starts?.Remove(start);
        }
    }

    /// <summary>One scope's (a station's, or the city's) tallies: per hour, per day (with the days in order), and all time.</summary>
    [GenerateSerializer]
    internal sealed class Scope
    {
        [Id(0)] public Dictionary<DateTimeOffset, KpiTally> Hours { get; private set; } = [];

        [Id(1)] public Dictionary<DateTimeOffset, KpiTally> Days { get; private set; } = [];

        [Id(2)] public SortedSet<DateTimeOffset> DayStarts { get; private set; } = [];

        [Id(3)] public KpiTally Total { get; private set; } = new();
    }
}
