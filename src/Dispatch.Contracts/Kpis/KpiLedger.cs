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
/// made with; when they change, the ledger is made again from the orders.
/// </remarks>
public sealed class KpiLedger(SlaTargets targets)
{
    private static readonly TimeZoneInfo ChinaTime = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>A bucket: a station's (null: the city's) tally of the orders reported in the hour or day from <c>Start</c>.</summary>
    private readonly record struct Bucket(string? StationId, DateTimeOffset Start);

    private readonly Dictionary<Bucket, KpiTally> _hours = [];
    private readonly Dictionary<Bucket, KpiTally> _days = [];

    public SlaTargets Targets => targets;

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
            Count(before, (tally, station) => tally.Remove(before, station, targets));
        }
        if (after is not null)
        {
            Count(after, (tally, station) => tally.Add(after, station, targets));
        }
    }

    /// <summary>
    /// The merged tally of <paramref name="stationId"/>'s buckets (null: the city's) in [from, to), both rounded down to
    /// the hour; a null end is open.
    /// </summary>
    public KpiTally Window(string? stationId, DateTimeOffset? from, DateTimeOffset? to)
    {
        var window = new KpiTally();
        var (start, end) = (HourOf(from), HourOf(to));
        if (start is null || end is null)
        {
            // An open end reaches the scope's first (or last) bucket.
            var kept = _hours.Keys.Where(b => b.StationId == stationId).Select(b => b.Start).ToList();
            if (kept.Count == 0)
            {
                return window;
            }
            start ??= kept.Min();
            end ??= kept.Max().AddHours(1);
        }
        for (var at = start.Value; at < end; )
        {
            // Whole China days come from the day buckets, the hours at either end from the hour buckets.
            var dayEnd = at.AddDays(1);
            var whole = at == DayOf(at) && dayEnd <= end;
            if ((whole ? _days : _hours).GetValueOrDefault(new Bucket(stationId, at)) is { } tally)
            {
                window.Merge(tally);
            }
            at = whole ? dayEnd : at.AddHours(1);
        }
        return window;
    }

    /// <summary>Every station's tally in [from, to) (see <see cref="Window"/>), for the stations with any bucket.</summary>
    public Dictionary<string, KpiTally> WindowByStation(DateTimeOffset? from, DateTimeOffset? to) =>
        _hours.Keys.Select(b => b.StationId).OfType<string>().Distinct()
            .ToDictionary(s => s, s => Window(s, from, to));

    private void Count(DemandSummary demand, Action<KpiTally, string?> change)
    {
        var (hour, day) = (HourOf(demand.ReportedAt), DayOf(demand.ReportedAt));
        IEnumerable<string?> scopes =
        [
            null,
            .. demand.DispatchedTo.Concat(demand.ReturnedBy).Append(KpiCalculator.AttributedStation(demand)).Distinct(),
        ];
        foreach (var scope in scopes)
        {
            Change(_hours, new Bucket(scope, hour), scope, change);
            Change(_days, new Bucket(scope, day), scope, change);
        }
    }

    /// <summary>Changes one bucket's tally; a tally left empty is dropped, so the ledger holds only what counts.</summary>
    private static void Change(Dictionary<Bucket, KpiTally> buckets, Bucket bucket, string? scope, Action<KpiTally, string?> change)
    {
        if (!buckets.TryGetValue(bucket, out var tally))
        {
            buckets[bucket] = tally = new KpiTally();
        }
        change(tally, scope);
        if (tally.IsEmpty)
        {
            buckets.Remove(bucket);
        }
    }
}
