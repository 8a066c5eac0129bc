using System.Collections.Immutable;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Kpis;
using Dispatch.Contracts.Recommendations;
using Dispatch.Web.Demands;

namespace Dispatch.Web.Tests.Components;

/// <summary>
/// Stands in for the grains in screen tests: serves what the test gives it and records every command, so a test can
/// assert the screen called the right action with the right data as the right user.
/// </summary>
public sealed class FakeDemandService : IDemandService
{
    public ReferenceData ReferenceData { get; set; } = ReferenceData.Empty;

    public List<DemandSummary> Summaries { get; } = [];

    public Dictionary<string, Demand> Demands { get; } = [];

    public Dictionary<string, Recommendations> RecommendationsById { get; } = [];

    public KpiReport? KpiReport { get; set; }

    public List<(string? DemandId, DemandCommand Command, DispatchUser User)> Commands { get; } = [];

    public List<(ReportDemandRequest Request, DispatchUser User)> Reports { get; } = [];

    /// <summary>What the next command returns; by default success with the demand as the test gave it.</summary>
    public Func<string?, DemandCommand, DemandResult>? Respond { get; set; }

    private int kpiRequests;

    public Task<ReferenceData> Reference() => Task.FromResult(ReferenceData);

    public Task<(DemandResult? Result, FieldErrors? Errors)> Report(ReportDemandRequest request, DispatchUser user)
    {
        Reports.Add((request, user));
        var command = new ReportDemand(request.CommunityId ?? "", "", request.CategoryId ?? "", request.ServiceType ?? default,
            request.Urgency ?? default, request.Description ?? "", new Person(request.Person?.Name ?? "", null, null),
            new Reporter(request.Reporter?.Name ?? "", request.Reporter?.Channel ?? default, null));
        return Task.FromResult<(DemandResult?, FieldErrors?)>((Answer(null, command), null));
    }

    public Task<(DemandResult? Result, FieldErrors? Errors)> Execute(string demandId, DemandCommand command, DispatchUser user)
    {
        Commands.Add((demandId, command, user));
        return Task.FromResult<(DemandResult?, FieldErrors?)>((Answer(demandId, command), null));
    }

    public Task<Demand?> Get(string demandId, DispatchUser user) =>
        Task.FromResult(Demands.TryGetValue(demandId, out var demand) && AccessPolicy.CanView(user, demand.ToSummary()) ? demand : null);

    public Task<ImmutableList<DemandSummary>> List(DemandFilter filter, DispatchUser user) =>
        Task.FromResult(filter.For(user).Page(Summaries).ToImmutableList());

    public Task<Recommendations?> Recommend(string demandId, DispatchUser user) =>
        Task.FromResult(RecommendationsById.GetValueOrDefault(demandId));

    /// <summary>How often a screen asked for KPIs: lets a test check that recomputes are coalesced under a burst.</summary>
    public int KpiRequests => kpiRequests;

    public Task<KpiReport?> Kpis(DispatchUser user, DateTimeOffset? from = null, DateTimeOffset? to = null, KpiRows? rows = null)
    {
        Interlocked.Increment(ref kpiRequests);
        return Task.FromResult(KpiReport);
    }

    /// <summary>The series the calculator gives over the summaries the test gave (the grains keep the same figures).</summary>
    public Task<KpiTimeSeries?> Series(DispatchUser user, DateTimeOffset now, TimeSpan bucketSize, int count) =>
        Task.FromResult(AccessPolicy.CanSeeCity(user)
            ? KpiSeries.Compute([.. Summaries], ReferenceData.Sla, now, bucketSize, count, KpiLedger.ChinaTime)
            : null);

    private DemandResult Answer(string? demandId, DemandCommand command) =>
        Respond?.Invoke(demandId, command)
        ?? (demandId is not null && Demands.TryGetValue(demandId, out var demand)
            ? DemandResult.Ok(demand)
            : DemandResult.Refused(new Refusal(RefusalKind.NotFound, "No such demand.")));
}
