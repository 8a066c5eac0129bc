using System.Collections.Immutable;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;

namespace Dispatch.Contracts.Kpis;

/// <summary>
/// One bucket of a series as kept: its tally from the ledger and its "now" figures from the open orders (made fresh for
/// each question, never changed after: it travels by reference within a silo).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record KpiSeriesPart(
    [property: Id(0)] DateTimeOffset Start, [property: Id(1)] DateTimeOffset End, [property: Id(2)] KpiTally Tally, [property: Id(3)] KpiNow Now);

/// <summary>
/// <see cref="KpiCalculator.Compute"/>'s report and <see cref="KpiSeries.Compute"/>'s series from kept figures
/// (<see cref="KpiLedger"/> tallies and <see cref="KpiNow"/>) instead of every order: the same figures, the median and
/// 90th percentiles within <see cref="DurationTally.Tolerance"/>.
/// </summary>
public static class LedgerKpis
{
    /// <summary>
    /// A shard's answer to <paramref name="query"/> from its ledger and open orders: the overall scope's figures (the
    /// city's own tally, or the station head's station's) and those of the asked stations only, so an answer costs the
    /// window and the stations asked about, not every station the shard has seen.
    /// </summary>
    public static KpiShardFigures ShardFigures(KpiLedger ledger, IReadOnlyCollection<DemandSummary> open, KpiQuery query)
    {
        var scope = query.StationId is { } station ? open.Where(d => KpiCalculator.AttributedStation(d) == station) : open;
        var asked = query.Stations.IsEmpty ? [] : open.Where(d => query.Stations.Contains(KpiCalculator.AttributedStation(d)));
        var (from, to) = KpiHorizon.At(query.Now).Snap(query.From, query.To);
        return new KpiShardFigures(
            ledger.Window(query.StationId, from, to),
            KpiNow.Of(scope, query.Targets, query.Now, from, to),
            query.Stations.ToDictionary(s => s, s => ledger.Window(s, from, to)),
            KpiNow.ByStation(asked, query.Targets, query.Now, from, to));
    }

    /// <summary>
    /// The report of the shards' merged figures: the overall scope's, the rows of <paramref name="stations"/> (their own
    /// figures) and of <paramref name="workers"/> (their open cases in the overall scope), and the coverage of
    /// <paramref name="reference"/>. The window it names is the one the tallies cover: from and to rounded down to the hour,
    /// and widened to whole days or months where the ledger keeps no hours (<see cref="KpiHorizon.Snap"/>).
    /// </summary>
    public static KpiReport Report(
        KpiShardFigures figures, ReferenceData reference, IEnumerable<Station> stations, IEnumerable<SocialWorker> workers,
        DateTimeOffset computedAt, DateTimeOffset? from, DateTimeOffset? to)
    {
        var window = KpiHorizon.At(computedAt).Snap(from, to);
        return new(computedAt, window.From, window.To,
            figures.Overall.Figures(figures.OverallNow),
            [.. stations.Select(s => new StationKpis(s.Id, s.Name,
                (figures.Tallies.GetValueOrDefault(s.Id) ?? new KpiTally()).Figures(figures.Now.GetValueOrDefault(s.Id) ?? new KpiNow())))],
            [.. workers.Select(w => new WorkerLoad(w.Id, w.Name, w.StationId, figures.OverallNow.OpenCasesOf(w.Id), w.CommunityIds.Count))],
            Coverage.Analyse(reference));
    }

    /// <summary>
    /// The city's buckets of <see cref="KpiSeries.Edges"/> as one ledger and its open orders keep them; shards merge
    /// theirs bucket by bucket before <see cref="Series"/>. Buckets are whole hours, as the ledger's windows are.
    /// </summary>
    public static IReadOnlyList<KpiSeriesPart> SeriesParts(
        KpiLedger ledger, IReadOnlyCollection<DemandSummary> open, DateTimeOffset now, TimeSpan bucketSize, int count,
        TimeZoneInfo zone)
    {
        var edges = KpiSeries.Edges(now, bucketSize, count, zone);
        if (edges.Any(e => KpiLedger.HourOf(e) != e))
        {
            throw new ArgumentOutOfRangeException(nameof(bucketSize), bucketSize, $"The ledger keeps whole hours, and {zone.Id}'s buckets of {bucketSize} are not.");
        }
        var waiting = KpiNow.ByBucket(open, ledger.Targets, now, edges);
        return [.. Enumerable.Range(0, count).Select(i => new KpiSeriesPart(
            edges[i], edges[i + 1], ledger.Window(null, edges[i], edges[i + 1]), waiting[i]))];
    }

    /// <summary>The series of the parts: each bucket's reported orders and compliance, the histograms over all of them.</summary>
    public static KpiTimeSeries Series(TimeSpan bucketSize, IReadOnlyList<KpiSeriesPart> parts)
    {
        var span = parts.Select(p => p.Tally).Merged();
        return new KpiTimeSeries(
            bucketSize,
            [.. parts.Select(p => new KpiBucket(p.Start, p.End, p.Tally.Reported, p.Tally.Figures(p.Now).SlaComplianceRate))],
            span.AcceptanceBands(), span.ResponseBands());
    }
}
