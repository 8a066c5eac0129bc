using System.Collections.Immutable;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Kpis;
using Dispatch.Contracts.Recommendations;
using Dispatch.Web.Demands;

namespace Dispatch.Web.Tests.Components.Kpi;

/// <summary>
/// The wall asks for today's and the last 30 days' KPIs: this double answers each with its own report (the shared fake
/// answers every window alike) and counts the wall's loads. Everything else goes to the shared fake.
/// </summary>
public sealed class WallDemandService(FakeDemandService inner, DateTimeOffset startOfToday) : IDemandService
{
    private int kpiCalls;

    public KpiReport? Today { get; set; }

    public KpiReport? Month { get; set; }

    /// <summary>Each load of the wall asks for both reports.</summary>
    public int Loads => Volatile.Read(ref kpiCalls) / 2;

    public Task<KpiReport?> Kpis(DispatchUser user, DateTimeOffset? from = null, DateTimeOffset? to = null, KpiRows? rows = null)
    {
        Interlocked.Increment(ref kpiCalls);
        return Task.FromResult(AccessPolicy.CanSeeCity(user) ? from == startOfToday ? Today : Month : null);
    }

    public Task<ReferenceData> Reference() => inner.Reference();

    public Task<(DemandResult? Result, FieldErrors? Errors)> Report(ReportDemandRequest request, DispatchUser user) => inner.Report(request, user);

    public Task<(DemandResult? Result, FieldErrors? Errors)> Execute(string demandId, DemandCommand command, DispatchUser user) =>
        inner.Execute(demandId, command, user);

    public Task<Demand?> Get(string demandId, DispatchUser user) => inner.Get(demandId, user);

    public Task<ImmutableList<DemandSummary>> List(DemandFilter filter, DispatchUser user) => inner.List(filter, user);

    public Task<KpiTimeSeries?> Series(DispatchUser user, DateTimeOffset now, TimeSpan bucketSize, int count) =>
        inner.Series(user, now, bucketSize, count);

    public Task<Recommendations?> Recommend(string demandId, DispatchUser user) => inner.Recommend(demandId, user);
}
