using System.Collections.Immutable;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Sla;

namespace Dispatch.Contracts.Kpis;

/// <summary>
/// The figures of a scope that depend on "now", from its open orders only: the backlog (every open order, whatever the
/// window), the SLA outcomes decided by waiting past a deadline (open orders reported in the window), and open cases
/// per worker. Sums of counts, so shards each compute theirs and the caller merges them.
/// </summary>
[GenerateSerializer]
public sealed class KpiNow : IKpiPart<KpiNow>
{
    [Id(0)] private int _open;
    [Id(1)] private int _overdue;
    [Id(2)] private int[] _byState = new int[Enum.GetValues<DemandState>().Length];
    [Id(3)] private int[] _byUrgency = new int[Enum.GetValues<Urgency>().Length];
    [Id(4)] private int[] _byAge = new int[Enum.GetValues<BacklogAge>().Length];
    /// <summary>Outcomes missed by waiting past the deadline, indexed as <see cref="KpiTally.SlaIndex"/>.</summary>
    [Id(5)] private int[] _missedWaiting = new int[Enum.GetValues<Urgency>().Length * 2];
    [Id(6)] private Dictionary<string, int> _openCasesByWorker = [];

    /// <summary>
    /// The "now" figures of each station (<see cref="KpiCalculator.AttributedStation"/>) from the open orders; the city's
    /// is their merge. The window [from, to) is taken in whole hours like <see cref="KpiLedger.Window"/>'s.
    /// </summary>
    public static Dictionary<string, KpiNow> ByStation(
        IEnumerable<DemandSummary> open, SlaTargets targets, DateTimeOffset now, DateTimeOffset? from, DateTimeOffset? to)
    {
        var inWindow = InWindow(from, to);
        var stations = new Dictionary<string, KpiNow>();
        foreach (var demand in open)
        {
            var station = KpiCalculator.AttributedStation(demand);
            if (!stations.TryGetValue(station, out var figures))
            {
                stations[station] = figures = new KpiNow();
            }
            figures.Add(demand, targets, now, inWindow(demand));
        }
        return stations;
    }

    /// <summary>The "now" figures of all of <paramref name="open"/> as one scope (the city, or one shard's part of it).</summary>
    public static KpiNow Of(IEnumerable<DemandSummary> open, SlaTargets targets, DateTimeOffset now, DateTimeOffset? from, DateTimeOffset? to)
    {
        var inWindow = InWindow(from, to);
        var figures = new KpiNow();
        foreach (var demand in open)
        {
            figures.Add(demand, targets, now, inWindow(demand));
        }
        return figures;
    }

    private static Func<DemandSummary, bool> InWindow(DateTimeOffset? from, DateTimeOffset? to)
    {
        var (start, end) = (KpiLedger.HourOf(from), KpiLedger.HourOf(to));
        return d => (start is null || d.ReportedAt >= start) && (end is null || d.ReportedAt < end);
    }

    public void Merge(KpiNow other)
    {
        _open += other._open;
        _overdue += other._overdue;
        KpiTally.AddInto(_byState, other._byState);
        KpiTally.AddInto(_byUrgency, other._byUrgency);
        KpiTally.AddInto(_byAge, other._byAge);
        KpiTally.AddInto(_missedWaiting, other._missedWaiting);
        foreach (var (worker, cases) in other._openCasesByWorker)
        {
            _openCasesByWorker[worker] = _openCasesByWorker.GetValueOrDefault(worker) + cases;
        }
    }

    public int MissedWaiting(Urgency urgency, SlaKind kind) => _missedWaiting[KpiTally.SlaIndex(urgency, kind)];

    public int OpenCasesOf(string workerId) => _openCasesByWorker.GetValueOrDefault(workerId);

    public BacklogFigures Backlog() => new(_open, _overdue, Counts<DemandState>(_byState), Counts<Urgency>(_byUrgency), Counts<BacklogAge>(_byAge));

    /// <summary>
    /// The "now" figures of each bucket between consecutive <paramref name="edges"/> (whole hours), in one pass over the
    /// open orders: the backlog is every bucket's, the outcomes missed by waiting only the bucket's its order was
    /// reported in, as <see cref="Of"/> gives for each bucket's window.
    /// </summary>
    public static IReadOnlyList<KpiNow> ByBucket(
        IEnumerable<DemandSummary> open, SlaTargets targets, DateTimeOffset now, IReadOnlyList<DateTimeOffset> edges)
    {
        var backlog = new KpiNow();
        var buckets = Enumerable.Range(0, edges.Count - 1).Select(_ => new KpiNow()).ToArray();
        foreach (var demand in open)
        {
            backlog.Add(demand, now);
            // The last edge at or before the report: its bucket, when the report is before the last edge.
            var found = BucketOf(edges, demand.ReportedAt);
            if (found >= 0 && found < buckets.Length)
            {
                buckets[found].AddMissedWaiting(demand, targets, now);
            }
        }
        foreach (var bucket in buckets)
        {
            bucket.Merge(backlog);
        }
        return buckets;
    }

    private static int BucketOf(IReadOnlyList<DateTimeOffset> edges, DateTimeOffset at)
    {
        var (low, high) = (0, edges.Count - 1);
        if (at < edges[0])
        {
            return -1;
        }
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            (low, high) = edges[middle] <= at ? (middle, high) : (low, middle - 1);
        }
        return low;
    }

    private void Add(DemandSummary d, SlaTargets targets, DateTimeOffset now, bool inWindow)
    {
        Add(d, now);
        if (inWindow)
        {
            AddMissedWaiting(d, targets, now);
        }
    }

    /// <summary>The backlog figures of an open order, whatever the window.</summary>
    private void Add(DemandSummary d, DateTimeOffset now)
    {
        if (!d.IsOpen)
        {
            throw new ArgumentException($"Demand {d.Id} is {d.State}: only open demands have figures that depend on now.", nameof(d));
        }
        _open++;
        _overdue += d.IsOverdue ? 1 : 0;
        _byState[(int)d.State]++;
        _byUrgency[(int)d.Urgency]++;
        _byAge[(int)KpiCalculator.AgeOf(now - d.ReportedAt)]++;
        if (d.WorkerId is { } worker)
        {
            _openCasesByWorker[worker] = _openCasesByWorker.GetValueOrDefault(worker) + 1;
        }
    }

    /// <summary>The outcomes decided by waiting, as KpiCalculator.SlaFigures: still waiting, and past the deadline.</summary>
    private void AddMissedWaiting(DemandSummary d, SlaTargets targets, DateTimeOffset now)
    {
        var target = targets.For(d.Urgency);
        if (d is { AcceptedAt: null, State: DemandState.Dispatched, DispatchedAt: { } waiting } && now - waiting > target.AcceptWithin)
        {
            _missedWaiting[KpiTally.SlaIndex(d.Urgency, SlaKind.Acceptance)]++;
        }
        if (d.FirstContactAt is null && now - d.ReportedAt > target.ContactWithin)
        {
            _missedWaiting[KpiTally.SlaIndex(d.Urgency, SlaKind.Contact)]++;
        }
    }

    private static ImmutableSortedDictionary<TKey, int> Counts<TKey>(int[] counts) where TKey : struct, Enum =>
        Enum.GetValues<TKey>().ToImmutableSortedDictionary(k => k, k => counts[Convert.ToInt32(k)]);
}
