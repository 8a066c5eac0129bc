using Dispatch.Contracts.Directory;

namespace Dispatch.Contracts.Kpis;

/// <summary>
/// Which rows a KPI report lists beside its overall figures: a range of the stations' figures and one of the active
/// workers' load, both in the directory's order, of one station only when <see cref="StationId"/> is set. None by
/// default: at province size every row is megabytes, and most screens show the overall figures alone.
/// </summary>
public sealed record KpiRows(KpiRange? Stations = null, KpiRange? Workers = null, string? StationId = null)
{
    public static KpiRows None { get; } = new();

    /// <summary>Every station's figures and every worker's load: what the leader wall draws.</summary>
    public static KpiRows All { get; } = new(KpiRange.All, KpiRange.All);

    /// <summary>One station's figures: its page, and the station panel.</summary>
    public static KpiRows Station(string stationId) => new(KpiRange.All, StationId: stationId);

    /// <summary>The stations whose figures are asked for, of those <paramref name="reference"/> lists.</summary>
    public IReadOnlyList<Station> StationsOf(ReferenceData reference) =>
        Stations is { } range ? [.. range.Of(reference.Stations.Where(s => StationId is null || s.Id == StationId))] : [];

    /// <summary>The active workers whose load is asked for, of those <paramref name="reference"/> lists.</summary>
    public IReadOnlyList<SocialWorker> WorkersOf(ReferenceData reference) =>
        Workers is { } range ? [.. range.Of(reference.Workers.Where(w => w.IsActive && (StationId is null || w.StationId == StationId)))] : [];
}

/// <summary>Rows from <see cref="Offset"/> on, at most <see cref="Limit"/> of them.</summary>
public readonly record struct KpiRange(int Offset, int Limit)
{
    public static KpiRange All { get; } = new(0, int.MaxValue);

    public IEnumerable<T> Of<T>(IEnumerable<T> rows) => rows.Skip(Offset).Take(Limit);
}
