using Dispatch.Contracts;
using System.Collections.Immutable;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Grains;
using Dispatch.Contracts.Kpis;
using Dispatch.Contracts.Recommendations;
using Dispatch.Grains;
using Dispatch.Grains.Demands;

namespace Dispatch.Web.Demands;

/// <summary>A request the service refused before it reached a grain: a field names what is wrong.</summary>
public sealed record FieldErrors(IReadOnlyDictionary<string, string[]> Errors);

/// <summary>
/// The one way in for every demand command (API, simulator, screens): checks references the grain cannot see
/// (does the community, station, worker exist), then hands the command to the demand's grain, which checks the
/// user's right to act. What a user may see is filtered by <see cref="AccessPolicy"/>, for lists in the index's grains.
/// </summary>
public sealed class DemandService(
    IGrainFactory grains, DemandIdGenerator ids, [FromKeyedServices(DomainClock.Key)] TimeProvider clock) : IDemandService
{
    public Task<ReferenceData> Reference() => grains.GetGrain<ICityDirectoryGrain>(ICityDirectoryGrain.Key).Get();

    public async Task<(DemandResult? Result, FieldErrors? Errors)> Report(ReportDemandRequest request, DispatchUser user)
    {
        var reference = await Reference();
        var errors = new Dictionary<string, string[]>();
        var community = request.CommunityId is null ? null : reference.FindCommunity(request.CommunityId);
        Require(errors, "communityId", request.CommunityId, community is not null, "unknown community");
        Require(errors, "categoryId", request.CategoryId,
            request.CategoryId is not null && reference.FindCategory(request.CategoryId) is not null, "unknown category");
        Require(errors, "serviceType", request.ServiceType);
        Require(errors, "urgency", request.Urgency);
        Require(errors, "person", request.Person);
        Require(errors, "reporter", request.Reporter);
        Require(errors, "reporter.channel", request.Reporter is null ? "" : request.Reporter.Channel);
        if (errors.Count > 0)
        {
            return (null, new FieldErrors(errors));
        }
        var command = new ReportDemand(
            community!.Id, community.StationId, request.CategoryId!, request.ServiceType!.Value, request.Urgency!.Value,
            request.Description ?? "",
            new Person(request.Person!.Name ?? "", request.Person.Phone, request.Person.Address),
            new Reporter(request.Reporter!.Name ?? "", request.Reporter.Channel!.Value, request.Reporter.Phone));
        var id = ids.Next();
        return (await Demand(id).Execute(command, user), null);
    }

    public async Task<(DemandResult? Result, FieldErrors? Errors)> Execute(string demandId, DemandCommand command, DispatchUser user)
    {
        // Access first: a reference check's message (which station holds the demand) must not reach someone who may not act.
        // The grain checks again inside its own turn, where the answer cannot go stale.
        if (AccessPolicy.RefuseToAct(user, command, await Demand(demandId).Get()) is { } refusal)
        {
            return (DemandResult.Refused(refusal), null);
        }
        if (await ReferenceProblem(demandId, command) is { } problem)
        {
            return (null, problem);
        }
        return (await Demand(demandId).Execute(command, user), null);
    }

    /// <summary>The demand, or null when it does not exist or the user may not see it (the two look the same).</summary>
    public async Task<Demand?> Get(string demandId, DispatchUser user) =>
        await Demand(demandId).Get() is { } demand && AccessPolicy.CanView(user, demand.ToSummary()) ? demand : null;

    /// <summary>The demands the filter asks for, of those the user may see, newest first: asked of the index's shards.</summary>
    public Task<ImmutableList<DemandSummary>> List(DemandFilter filter, DispatchUser user) => grains.QueryDemands(filter.For(user));

    /// <summary>
    /// Answered from the figures each index shard keeps as its demands change (<see cref="ShardKpis"/>), added up here:
    /// the question costs the window and the stations asked about (<paramref name="rows"/>), not the demands stored.
    /// </summary>
    public async Task<KpiReport?> Kpis(DispatchUser user, DateTimeOffset? from = null, DateTimeOffset? to = null, KpiRows? rows = null)
    {
        var reference = await Reference();
        string? stationId = null;
        if (!AccessPolicy.CanSeeCity(user))
        {
            if (user is not { Role: ActorRole.StationHead, StationId: { } own })
            {
                return null;
            }
            stationId = own;
            // A station head's figures are their own station's: its demands, its workers, its communities.
            reference = reference with
            {
                Stations = reference.Stations.RemoveAll(s => s.Id != own),
                Workers = reference.Workers.RemoveAll(w => w.StationId != own),
                Communities = reference.Communities.RemoveAll(c => c.StationId != own),
            };
        }
        rows ??= KpiRows.None;
        var stations = rows.StationsOf(reference);
        var now = clock.GetUtcNow();
        var query = new KpiQuery(reference.Sla, now, from, to, stationId, [.. stations.Select(s => s.Id)]);
        var figures = KpiShardFigures.Merge(await Task.WhenAll(IndexShards().Select(shard => shard.Kpis(query))));
        return LedgerKpis.Report(figures, reference, stations, rows.WorkersOf(reference), now, from, to);
    }

    public async Task<KpiTimeSeries?> Series(DispatchUser user, DateTimeOffset now, TimeSpan bucketSize, int count)
    {
        if (!AccessPolicy.CanSeeCity(user))
        {
            return null;
        }
        var query = new KpiSeriesQuery((await Reference()).Sla, now, bucketSize, count);
        var shards = await Task.WhenAll(IndexShards().Select(shard => shard.Series(query)));
        var buckets = shards[0].Select((bucket, i) => bucket with
        {
            Tally = shards.Select(s => s[i].Tally).Merged(),
            Now = shards.Select(s => s[i].Now).Merged(),
        });
        return LedgerKpis.Series(bucketSize, [.. buckets]);
    }

    /// <summary>
    /// Every demand open at some time in the China month, from the shards and their archives: what a monthly report
    /// counts, whoever asks (the report picks the user's station), at the cost of that month.
    /// </summary>
    public async Task<IReadOnlyList<DemandSummary>> ActiveIn(DateOnly month)
    {
        var shards = await Task.WhenAll(IndexShards().Select(shard => shard.ActiveIn(ChinaCalendar.FirstOfMonth(month))));
        return [.. shards.SelectMany(s => s)];
    }

    private IEnumerable<IDemandIndexGrain> IndexShards() =>
        Enumerable.Range(0, DemandIndex.ShardCount).Select(shard => grains.GetGrain<IDemandIndexGrain>(shard));

    /// <summary>Null when the demand does not exist or the user may not see its recommendations; ranked from the city's kept workload.</summary>
    public async Task<Recommendations?> Recommend(string demandId, DispatchUser user)
    {
        var demand = await Demand(demandId).Get();
        if (demand is null || !AccessPolicy.CanSeeRecommendations(user, demand.ToSummary()))
        {
            return null;
        }
        return await grains.GetGrain<IWorkloadGrain>(IWorkloadGrain.Key).Recommend(demand);
    }

    private IDemandGrain Demand(string id) => grains.GetGrain<IDemandGrain>(id);

    private async Task<FieldErrors?> ReferenceProblem(string demandId, DemandCommand command)
    {
        switch (command)
        {
            case DispatchDemand { StationId: { } stationId } when !string.IsNullOrWhiteSpace(stationId):
                var reference = await Reference();
                return reference.FindStation(stationId) is null ? One("stationId", $"unknown station '{stationId}'.") : null;
            case AssignDemand { WorkerId: { } workerId } when !string.IsNullOrWhiteSpace(workerId):
                var worker = (await Reference()).FindWorker(workerId);
                if (worker is null || !worker.IsActive)
                {
                    return One("workerId", $"unknown or inactive worker '{workerId}'.");
                }
                var demand = await Demand(demandId).Get();
                return demand?.StationId is { } station && station != worker.StationId
                    ? One("workerId", $"worker '{workerId}' belongs to station '{worker.StationId}', not '{station}' which holds this demand.")
                    : null;
            default:
                return null;
        }
    }

    private static FieldErrors One(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });

    private static void Require(Dictionary<string, string[]> errors, string field, object? value, bool known = true, string unknown = "")
    {
        if (value is null || value is string { Length: 0 })
        {
            errors[field] = [$"{field} is required."];
        }
        else if (!known)
        {
            errors[field] = [$"{unknown} '{value}'."];
        }
    }
}
