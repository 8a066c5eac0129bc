using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Sla;

namespace Dispatch.Contracts.Kpis;

/// <summary>
/// <see cref="KpiTally"/>s kept as orders change, per station and per China-time hour, day and month of the report, so a
/// window's figures are a merge of a few buckets instead of a scan of every order. An order's own figures go to the
/// station it is attributed to, its dispatches to each station it was dispatched to and its returns to each station that
/// returned it (<see cref="KpiCalculator"/>'s attribution), so one order touches several stations' tallies.
/// </summary>
/// <remarks>
/// Windows are whole hours: from and to are rounded down to the hour. China time is UTC+8 without daylight saving, so
/// its hours are UTC's and its days start at 16:00 UTC. Hours are kept for the last week only and days for the months
/// of the last 40 days (<see cref="KpiHorizon"/>): a year of history costs a station twelve month tallies, not
/// thousands of hour tallies; a window reaching further back is widened to the buckets kept
/// (<see cref="KpiHorizon.Snap"/>). The SLA outcomes are decided against the targets the ledger was made with; when they
/// change, the ledger is made again from the orders. Serializable, so a shard can store it and start from it instead of
/// folding every order again.
/// </remarks>
[GenerateSerializer]
public sealed class KpiLedger(SlaTargets targets)
{
    /// <summary>The zone the ledger keeps its hours and days in.</summary>
    public static readonly TimeZoneInfo ChinaTime = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Id(0)] private SlaTargets _targets = targets;
    [Id(1)] private Scope _city = new();
    [Id(2)] private Dictionary<string, Scope> _stations = [];
    [Id(3)] private KpiHorizon _horizon = KpiHorizon.Everything;

    public SlaTargets Targets => _targets;

    /// <summary>From when the ledger keeps hours and days: the start of the oldest it still has.</summary>
    public KpiHorizon Horizon => _horizon;

    /// <summary>The start of the hour holding <paramref name="at"/>; null stays null (an open end).</summary>
    public static DateTimeOffset? HourOf(DateTimeOffset? at) => at is { } value ? HourOf(value) : null;

    public static DateTimeOffset HourOf(DateTimeOffset at) => KpiSeries.BucketStart(at, KpiSeries.Hour, ChinaTime);

    public static DateTimeOffset DayOf(DateTimeOffset at) => KpiSeries.BucketStart(at, KpiSeries.Day, ChinaTime);

    /// <summary>The start of the China month holding <paramref name="at"/>.</summary>
    public static DateTimeOffset MonthOf(DateTimeOffset at) => ChinaCalendar.StartOf(ChinaCalendar.FirstOfMonth(ChinaCalendar.DateOf(at)));

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
    /// Forgets the hours and days before <paramref name="horizon"/>'s (their orders stay counted in the days and months
    /// that hold them); an order reported before it is counted from then on in the coarser buckets only. A horizon older
    /// than the one kept changes nothing: what is gone stays gone.
    /// </summary>
    public void Coarsen(KpiHorizon horizon)
    {
        var hoursFrom = horizon.HoursFrom > _horizon.HoursFrom ? horizon.HoursFrom : _horizon.HoursFrom;
        var daysFrom = horizon.DaysFrom > _horizon.DaysFrom ? horizon.DaysFrom : _horizon.DaysFrom;
        if ((hoursFrom, daysFrom) == (_horizon.HoursFrom, _horizon.DaysFrom))
        {
            return;
        }
        _horizon = new KpiHorizon(hoursFrom, daysFrom);
        foreach (var scope in _stations.Values.Append(_city))
        {
            Drop(scope.Hours, hoursFrom);
            Drop(scope.Days, daysFrom);
        }
    }

    /// <summary>
    /// The merged tally of <paramref name="stationId"/>'s buckets (null: the city's) in [from, to), both rounded down to
    /// the hour; a null end is open. Each end must be one the ledger keeps (<see cref="KpiHorizon.Snap"/> makes it one).
    /// </summary>
    public KpiTally Window(string? stationId, DateTimeOffset? from, DateTimeOffset? to)
    {
        var window = new KpiTally();
        var scope = stationId is null ? _city : _stations.GetValueOrDefault(stationId);
        if (scope is null || scope.MonthStarts.Count == 0)
        {
            return window;
        }
        if (from is null && to is null)
        {
            // All time: kept whole, so the default question reads one tally, not every month.
            window.Merge(scope.Total);
            return window;
        }
        // An open end reaches the scope's first (or last) month; a window costs its buckets, not the orders kept.
        var start = HourOf(from) ?? scope.MonthStarts.Min;
        var end = HourOf(to) ?? scope.MonthStarts.Max.AddMonths(1);
        for (var at = start; at < end; )
        {
            // The longest bucket starting here that ends within the window: whole months, then whole days, then hours.
            var (buckets, next) = at == MonthOf(at) && NextMonth(at) <= end ? (scope.Months, NextMonth(at))
                : at == DayOf(at) && at.AddDays(1) <= end ? (Kept(scope.Days, at, _horizon.DaysFrom, "days"), at.AddDays(1))
                : (Kept(scope.Hours, at, _horizon.HoursFrom, "hours"), at.AddHours(1));
            if (buckets.GetValueOrDefault(at) is { } tally)
            {
                window.Merge(tally);
            }
            at = next;
        }
        return window;
    }

    /// <summary>The start of the China month after the one starting at <paramref name="monthStart"/>.</summary>
    internal static DateTimeOffset NextMonth(DateTimeOffset monthStart) => MonthOf(monthStart.AddDays(32));

    private static Dictionary<DateTimeOffset, KpiTally> Kept(
        Dictionary<DateTimeOffset, KpiTally> buckets, DateTimeOffset at, DateTimeOffset keptFrom, string what) =>
        at >= keptFrom
            ? buckets
            : throw new InvalidOperationException($"The ledger keeps {what} from {keptFrom:u}, not {at:u}: snap the window to its horizon first.");

    private void Count(DemandSummary demand, Action<KpiTally, string?> change)
    {
        var (hour, day, month) = (HourOf(demand.ReportedAt), DayOf(demand.ReportedAt), MonthOf(demand.ReportedAt));
        IEnumerable<string?> scopes =
        [
            null,
            .. demand.DispatchedTo.Concat(demand.ReturnedBy).Append(KpiCalculator.AttributedStation(demand)).Distinct(),
        ];
        foreach (var stationId in scopes)
        {
            var scope = stationId is null ? _city : _stations.TryGetValue(stationId, out var kept) ? kept : _stations[stationId] = new Scope();
            if (hour >= _horizon.HoursFrom)
            {
                Change(scope.Hours, hour, null, stationId, change);
            }
            if (day >= _horizon.DaysFrom)
            {
                Change(scope.Days, day, null, stationId, change);
            }
            Change(scope.Months, month, scope.MonthStarts, stationId, change);
            change(scope.Total, stationId);
        }
    }

    private static void Drop(Dictionary<DateTimeOffset, KpiTally> buckets, DateTimeOffset before)
    {
        foreach (var start in buckets.Keys.Where(s => s < before).ToList())
        {
            buckets.Remove(start);
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

    /// <summary>
    /// One scope's (a station's, or the city's) tallies: per hour and per day as far back as the horizon, per month (with
    /// the months in order) and all time.
    /// </summary>
    [GenerateSerializer]
    internal sealed class Scope
    {
        [Id(0)] public Dictionary<DateTimeOffset, KpiTally> Hours { get; private set; } = [];

        [Id(1)] public Dictionary<DateTimeOffset, KpiTally> Days { get; private set; } = [];

        [Id(2)] public Dictionary<DateTimeOffset, KpiTally> Months { get; private set; } = [];

        [Id(3)] public SortedSet<DateTimeOffset> MonthStarts { get; private set; } = [];

        [Id(4)] public KpiTally Total { get; private set; } = new();
    }
}

/// <summary>
/// From when a <see cref="KpiLedger"/> keeps hour and day buckets: hours from the China day a week before now, days from
/// the first of the China month 40 days before now (whole months, so a window's days never straddle a dropped one),
/// months always. A week of hours and a month and more of days cover every window the screens ask for (today, the wall's
/// 24 hours and 30 days); older ones are answered in whole days or months.
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct KpiHorizon([property: Id(0)] DateTimeOffset HoursFrom, [property: Id(1)] DateTimeOffset DaysFrom)
{
    public static readonly TimeSpan HoursKept = TimeSpan.FromDays(7);
    public static readonly TimeSpan DaysKept = TimeSpan.FromDays(40);

    /// <summary>Every bucket kept: a ledger not coarsened yet.</summary>
    public static readonly KpiHorizon Everything = new(DateTimeOffset.MinValue, DateTimeOffset.MinValue);

    /// <summary>The horizon a question asked at <paramref name="now"/> is answered with.</summary>
    public static KpiHorizon At(DateTimeOffset now)
    {
        var today = KpiLedger.DayOf(now);
        return new(today - HoursKept, KpiLedger.MonthOf(today - DaysKept));
    }

    /// <summary>
    /// The window [from, to) as this horizon keeps it: each end rounded down to the hour, and one before the hours kept
    /// widened to the start (from) or end (to) of its China day, one before the days kept to its China month; a null end
    /// stays open. The window counted covers at least the hours asked for.
    /// </summary>
    public (DateTimeOffset? From, DateTimeOffset? To) Snap(DateTimeOffset? from, DateTimeOffset? to) =>
        (Edge(from, widen: false), Edge(to, widen: true));

    private DateTimeOffset? Edge(DateTimeOffset? at, bool widen)
    {
        if (KpiLedger.HourOf(at) is not { } hour || hour >= HoursFrom)
        {
            return KpiLedger.HourOf(at);
        }
        var (start, next) = hour >= DaysFrom
            ? (KpiLedger.DayOf(hour), KpiLedger.DayOf(hour).AddDays(1))
            : (KpiLedger.MonthOf(hour), KpiLedger.NextMonth(KpiLedger.MonthOf(hour)));
        return widen && start != hour ? next : start;
    }
}
