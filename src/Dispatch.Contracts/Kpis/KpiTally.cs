using System.Collections.Immutable;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Sla;

namespace Dispatch.Contracts.Kpis;

/// <summary>A kind of completed service: what <see cref="ServiceCount"/> counts closed orders by.</summary>
[GenerateSerializer, Immutable]
public readonly record struct ServiceKind([property: Id(0)] ServiceType ServiceType, [property: Id(1)] string CategoryId);

/// <summary>
/// The figures of a set of orders that do not depend on "now", kept as orders come and change: what
/// <see cref="KpiCalculator"/> computes from the orders of a scope, less the backlog and the SLA outcomes decided by
/// waiting past a deadline (<see cref="KpiNow"/>). Everything is whole-number arithmetic, so taking an order away
/// after adding it gives back exactly the tally before; the SLA outcomes are decided against the targets given to
/// <see cref="Add"/>, so a tally is rebuilt when the targets change.
/// </summary>
[GenerateSerializer]
public sealed class KpiTally : IKpiPart<KpiTally>, IEquatable<KpiTally>
{
    private static readonly int Urgencies = Enum.GetValues<Urgency>().Length;
    private static readonly int Bands = Enum.GetValues<DurationBand>().Length;

    [Id(0)] private int _reported;
    [Id(1)] private int _closed;
    [Id(2)] private int _cancelled;
    [Id(3)] private DurationTally _dispatchTime = new();
    [Id(4)] private DurationTally _acceptanceTime = new();
    [Id(5)] private DurationTally _responseTime = new();
    [Id(6)] private DurationTally _resolutionTime = new();
    /// <summary>Measured acceptance and response times per <see cref="DurationBand"/>: the wall's histograms.</summary>
    [Id(7)] private int[] _acceptanceBands = new int[Bands];
    [Id(8)] private int[] _responseBands = new int[Bands];
    /// <summary>Outcomes decided by a measurement, indexed by <see cref="SlaIndex"/>.</summary>
    [Id(9)] private int[] _slaMet = new int[Urgencies * 2];
    [Id(10)] private int[] _slaMissed = new int[Urgencies * 2];
    [Id(11)] private int _dispatches;
    [Id(12)] private int _returns;
    [Id(13)] private int _callbacks;
    [Id(14)] private long _ratingSum;
    [Id(15)] private int _ratingsAtLeastFour;
    /// <summary>Closed orders by kind of service; kinds with none are not kept, and no dictionary until one is.</summary>
    [Id(16)] private Dictionary<ServiceKind, int>? _services;

    public int Reported => _reported;

    /// <summary>
    /// Nothing counted: every order added was taken away again. Whatever touches a scope counts there as reported, a
    /// dispatch or a return, so those three tell.
    /// </summary>
    public bool IsEmpty => _reported == 0 && _dispatches == 0 && _returns == 0;

    /// <summary>
    /// Adds the order as the scope of <paramref name="stationId"/> sees it: its own figures when it is attributed there
    /// (<see cref="KpiCalculator.AttributedStation"/>), and its dispatches to and returns by that station. A null station
    /// is the city, which sees all of them.
    /// </summary>
    public void Add(DemandSummary demand, string? stationId, SlaTargets targets) => Count(demand, stationId, targets, 1);

    /// <summary>The exact inverse of <see cref="Add"/> with the same arguments.</summary>
    public void Remove(DemandSummary demand, string? stationId, SlaTargets targets) => Count(demand, stationId, targets, -1);

    public void Merge(KpiTally other)
    {
        _reported += other._reported;
        _closed += other._closed;
        _cancelled += other._cancelled;
        _dispatchTime.Merge(other._dispatchTime);
        _acceptanceTime.Merge(other._acceptanceTime);
        _responseTime.Merge(other._responseTime);
        _resolutionTime.Merge(other._resolutionTime);
        AddInto(_acceptanceBands, other._acceptanceBands);
        AddInto(_responseBands, other._responseBands);
        AddInto(_slaMet, other._slaMet);
        AddInto(_slaMissed, other._slaMissed);
        _dispatches += other._dispatches;
        _returns += other._returns;
        _callbacks += other._callbacks;
        _ratingSum += other._ratingSum;
        _ratingsAtLeastFour += other._ratingsAtLeastFour;
        foreach (var (kind, count) in other._services ?? [])
        {
            _services ??= [];
            _services[kind] = _services.GetValueOrDefault(kind) + count;
        }
    }

    /// <summary>The figures of the scope: the tally's own, and from <paramref name="now"/> the backlog and the SLA outcomes decided by waiting.</summary>
    public KpiFigures Figures(KpiNow now)
    {
        var sla = Enum.GetValues<Urgency>()
            .SelectMany(u => new[] { SlaKind.Acceptance, SlaKind.Contact }.Select(k =>
                new SlaCompliance(u, k, _slaMet[SlaIndex(u, k)], _slaMissed[SlaIndex(u, k)] + now.MissedWaiting(u, k))))
            .ToImmutableList();
        return new KpiFigures(
            Reported: _reported,
            Closed: _closed,
            Cancelled: _cancelled,
            DispatchTime: _dispatchTime.Stats(),
            AcceptanceTime: _acceptanceTime.Stats(),
            ResponseTime: _responseTime.Stats(),
            ResolutionTime: _resolutionTime.Stats(),
            Sla: sla,
            SlaComplianceRate: KpiCalculator.ComplianceRate(sla),
            Backlog: now.Backlog(),
            Dispatches: _dispatches,
            Returns: _returns,
            ReturnRate: _dispatches == 0 ? null : (double)_returns / _dispatches,
            Satisfaction: new SatisfactionFigures(
                _callbacks,
                _callbacks == 0 ? null : (double)_ratingSum / _callbacks,
                _callbacks == 0 ? null : (double)_ratingsAtLeastFour / _callbacks),
            Services: (_services ?? [])
                .Select(s => new ServiceCount(s.Key.ServiceType, s.Key.CategoryId, s.Value))
                .OrderBy(s => s.ServiceType).ThenBy(s => s.CategoryId, StringComparer.Ordinal)
                .ToImmutableList());
    }

    /// <summary>How many measured acceptance (or response) times fall in each band; every band present.</summary>
    public ImmutableSortedDictionary<DurationBand, int> AcceptanceBands() => BandCounts(_acceptanceBands);

    public ImmutableSortedDictionary<DurationBand, int> ResponseBands() => BandCounts(_responseBands);

    private void Count(DemandSummary d, string? stationId, SlaTargets targets, int sign)
    {
        _dispatches += sign * d.DispatchedTo.Count(s => stationId is null || s == stationId);
        _returns += sign * d.ReturnedBy.Count(s => stationId is null || s == stationId);
        if (stationId is not null && KpiCalculator.AttributedStation(d) != stationId)
        {
            return;
        }
        _reported += sign;
        _closed += d.State == DemandState.Closed ? sign : 0;
        _cancelled += d.State == DemandState.Cancelled ? sign : 0;
        Measure(_dispatchTime, d.FirstDispatchedAt - d.ReportedAt, sign);
        Measure(_acceptanceTime, KpiCalculator.AcceptanceTimeOf(d), sign, _acceptanceBands);
        Measure(_responseTime, KpiCalculator.ResponseTimeOf(d), sign, _responseBands);
        Measure(_resolutionTime, d.ClosedAt - d.ReportedAt, sign);

        // The outcomes an order decides by itself, as KpiCalculator.SlaFigures: measured against the target.
        var target = targets.For(d.Urgency);
        if (d is { AcceptedAt: { } accepted, DispatchedAt: { } dispatched })
        {
            Decide(d.Urgency, SlaKind.Acceptance, accepted - dispatched <= target.AcceptWithin, sign);
        }
        if (d.FirstContactAt is { } contact)
        {
            Decide(d.Urgency, SlaKind.Contact, contact - d.ReportedAt <= target.ContactWithin, sign);
        }

        if (d.SatisfactionRating is { } rating)
        {
            _callbacks += sign;
            _ratingSum += sign * rating;
            _ratingsAtLeastFour += rating >= 4 ? sign : 0;
        }
        if (d.State == DemandState.Closed)
        {
            var kind = new ServiceKind(d.ServiceType, d.CategoryId);
            _services ??= [];
            var count = _services.GetValueOrDefault(kind) + sign;
            if (count == 0)
            {
                _services.Remove(kind);
                _services = _services.Count == 0 ? null : _services;
            }
            else
            {
                _services[kind] = count;
            }
        }
    }

    private static void Measure(DurationTally tally, TimeSpan? duration, int sign, int[]? bands = null)
    {
        if (duration is not { } value)
        {
            return;
        }
        tally.Add(value, sign);
        if (bands is not null)
        {
            bands[(int)KpiSeries.BandOf(value)] += sign;
        }
    }

    private void Decide(Urgency urgency, SlaKind kind, bool met, int sign)
    {
        var outcomes = met ? _slaMet : _slaMissed;
        outcomes[SlaIndex(urgency, kind)] += sign;
    }

    internal static int SlaIndex(Urgency urgency, SlaKind kind) => (int)urgency * 2 + (int)kind;

    /// <summary>Adds counts element by element.</summary>
    internal static void AddInto(int[] into, int[] from)
    {
        for (var i = 0; i < into.Length; i++)
        {
            into[i] += from[i];
        }
    }

    private static ImmutableSortedDictionary<DurationBand, int> BandCounts(int[] counts) =>
        Enum.GetValues<DurationBand>().ToImmutableSortedDictionary(b => b, b => counts[(int)b]);

    public bool Equals(KpiTally? other) =>
        other is not null
        && (_reported, _closed, _cancelled, _dispatches, _returns, _callbacks, _ratingSum, _ratingsAtLeastFour)
        == (other._reported, other._closed, other._cancelled, other._dispatches, other._returns, other._callbacks,
            other._ratingSum, other._ratingsAtLeastFour)
        && _dispatchTime.Equals(other._dispatchTime) && _acceptanceTime.Equals(other._acceptanceTime)
        && _responseTime.Equals(other._responseTime) && _resolutionTime.Equals(other._resolutionTime)
        && _acceptanceBands.SequenceEqual(other._acceptanceBands) && _responseBands.SequenceEqual(other._responseBands)
        && _slaMet.SequenceEqual(other._slaMet) && _slaMissed.SequenceEqual(other._slaMissed)
        && (_services?.Count ?? 0) == (other._services?.Count ?? 0)
        && (_services ?? []).All(s => other._services?.GetValueOrDefault(s.Key) == s.Value);

    public override bool Equals(object? obj) => Equals(obj as KpiTally);

    public override int GetHashCode() => HashCode.Combine(_reported, _dispatches, _returns, _callbacks);
}
