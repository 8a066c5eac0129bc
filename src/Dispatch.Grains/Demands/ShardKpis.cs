using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Kpis;
using Dispatch.Contracts.Sla;

namespace Dispatch.Grains.Demands;

/// <summary>
/// The KPI figures of one index shard's demands, kept as they change: a <see cref="KpiLedger"/> of every demand the shard
/// holds or has archived (the figures that depend on "now" come from the shard's open demands, given with each
/// question). The shard folds the ledger on the first question, and again when the SLA targets it decided outcomes with
/// have changed; after that each change moves it by one demand, so a question costs the window it asks about, not the
/// demands stored.
/// </summary>
public sealed class ShardKpis
{
    private KpiLedger? ledger;

    /// <summary>Takes one change of a demand: the version the shard held before (if any) and the new one.</summary>
    public void Apply(DemandSummary? before, DemandSummary after) => ledger?.Apply(before, after);

    /// <summary>
    /// Whether the figures are kept with these targets; when not, the shard folds them from every demand it holds and
    /// has archived (<see cref="Fold"/>) before asking.
    /// </summary>
    public bool IsKeptWith(SlaTargets targets) => ledger?.Targets == targets;

    /// <summary>Starts again from a ledger of every demand, folded by the shard or stored; each change moves it from then on.</summary>
    public void Fold(KpiLedger folded) => ledger = folded;

    /// <summary>The ledger kept, if folded yet: what the shard stores when it compacts its log.</summary>
    public KpiLedger? Ledger => ledger;

    /// <summary>The figures the query asks for, from the ledger and the shard's open demands (for what depends on "now").</summary>
    public KpiShardFigures Answer(KpiQuery query, IReadOnlyCollection<DemandSummary> open) =>
        LedgerKpis.ShardFigures(Kept(query.Targets, query.Now), open, query);

    public IReadOnlyList<KpiSeriesPart> Series(KpiSeriesQuery query, IReadOnlyCollection<DemandSummary> open) =>
        LedgerKpis.SeriesParts(Kept(query.Targets, query.Now), open, query.Now, query.BucketSize, query.Count, KpiLedger.ChinaTime);

    /// <summary>
    /// The horizon the ledger is coarsened to when asked at <paramref name="now"/>: a day behind the question's, so a
    /// question from a host whose clock is a little behind still finds every bucket it snaps to.
    /// </summary>
    public static KpiHorizon HorizonAt(DateTimeOffset now) => KpiHorizon.At(now.AddDays(-1));

    /// <summary>The ledger, its hours and days older than the question's horizon forgotten (once a day, as the horizon moves).</summary>
    private KpiLedger Kept(SlaTargets targets, DateTimeOffset now)
    {
        if (!IsKeptWith(targets))
        {
            throw new InvalidOperationException("The shard folds the figures with these targets before it asks.");
        }
        ledger!.Coarsen(HorizonAt(now));
        return ledger;
    }
}
