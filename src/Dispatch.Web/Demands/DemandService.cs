using System.Collections.Immutable;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Grains;
using Dispatch.Contracts.Recommendations;

namespace Dispatch.Web.Demands;

/// <summary>A request the service refused before it reached a grain: a field names what is wrong.</summary>
public sealed record FieldErrors(IReadOnlyDictionary<string, string[]> Errors);

/// <summary>
/// The one way in for every demand command (API, simulator, screens): checks references the grain cannot see
/// (does the community, station, worker exist), then hands the command to the demand's grain.
/// </summary>
public sealed class DemandService(IGrainFactory grains, DemandIdGenerator ids)
{
    public Task<ReferenceData> Reference() => grains.GetGrain<ICityDirectoryGrain>(ICityDirectoryGrain.Key).Get();

    public async Task<(DemandResult? Result, FieldErrors? Errors)> Report(ReportDemandRequest request, Actor actor)
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
        return (await Demand(id).Execute(command, actor), null);
    }

    public async Task<(DemandResult? Result, FieldErrors? Errors)> Execute(string demandId, DemandCommand command, Actor actor)
    {
        if (await ReferenceProblem(demandId, command) is { } problem)
        {
            return (null, problem);
        }
        return (await Demand(demandId).Execute(command, actor), null);
    }

    public Task<Demand?> Get(string demandId) => Demand(demandId).Get();

    /// <summary>Every demand summary in the city, newest first, filtered.</summary>
    public async Task<ImmutableList<DemandSummary>> List(DemandFilter filter)
    {
        var all = await AllSummaries();
        return [.. all.Where(filter.Matches).OrderByDescending(d => d.ReportedAt).Take(filter.Limit)];
    }

    public async Task<IReadOnlyList<DemandSummary>> AllSummaries()
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, DemandIndex.ShardCount)
            .Select(shard => grains.GetGrain<IDemandIndexGrain>(shard).List()));
        return [.. shards.SelectMany(s => s)];
    }

    public async Task<Recommendations?> Recommend(string demandId)
    {
        var demand = await Get(demandId);
        if (demand is null)
        {
            return null;
        }
        var reference = await Reference();
        var stationId = demand.StationId ?? demand.HomeStationId;
        var openOrders = await Task.WhenAll(reference.Stations.Select(async s =>
            (s.Id, (await grains.GetGrain<IStationGrain>(s.Id).OpenOrders()).Count)));
        var workers = await Task.WhenAll(reference.Workers.Where(w => w.IsActive).Select(async w =>
        {
            var grain = grains.GetGrain<ISocialWorkerGrain>(w.Id);
            return (w.Id, w.StationId, Open: (await grain.OpenCases()).Count, OnDuty: await grain.IsOnDuty());
        }));
        var onDuty = workers.Where(w => w.OnDuty).Select(w => w.Id).ToHashSet();
        var stations = Recommender.RankStations(
            demand, reference, openOrders.ToDictionary(o => o.Id, o => o.Count),
            workers.Where(w => w.OnDuty).CountBy(w => w.StationId).ToDictionary(p => p.Key, p => p.Value));
        var ranked = Recommender.RankWorkers(demand, stationId, reference, workers.ToDictionary(w => w.Id, w => w.Open), onDuty);
        return new Recommendations(demandId, stationId, stations, ranked);
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
                var demand = await Get(demandId);
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
