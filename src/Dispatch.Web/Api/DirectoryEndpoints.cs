using Dispatch.Contracts.Access;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Grains;
using Dispatch.Web.Accounts;
using Dispatch.Web.Demands;

namespace Dispatch.Web.Api;

public static class DirectoryEndpoints
{
    public static IEndpointRouteBuilder MapDirectoryEndpoints(this IEndpointRouteBuilder app)
    {
        // The directory is for every signed-in role; the orders and cases it lists are only those the user may see.
        var api = app.MapGroup("/api").WithTags("Directory").RequireAuthorization(DispatchPolicies.SignedIn);

        api.MapGet("/communities", async (IDemandService service) => (await service.Reference()).Communities);
        api.MapGet("/categories", async (IDemandService service) => (await service.Reference()).Categories);
        api.MapGet("/coverage", async (IDemandService service) => Coverage.Analyse(await service.Reference()))
            .WithSummary("Workers outside 2–3 communities and communities with no active covering worker.");

        api.MapGet("/stations", async (IDemandService service) =>
        {
            var reference = await service.Reference();
            return reference.Stations.Select(s => StationView.Of(s, reference));
        });
        api.MapGet("/stations/{id}", async (string id, IDemandService service, IGrainFactory grains, HttpContext http) =>
        {
            var reference = await service.Reference();
            if (reference.FindStation(id) is not { } station)
            {
                return DemandResults.NotFound("station");
            }
            var user = CurrentUser.From(http);
            var openOrders = (await grains.GetGrain<IStationGrain>(id).OpenOrders()).Where(d => AccessPolicy.CanView(user, d)).ToList();
            return Results.Ok(new StationDetails(StationView.Of(station, reference), openOrders));
        });

        api.MapGet("/workers", async (IDemandService service, string? station) =>
            (await service.Reference()).Workers.Where(w => station is null || w.StationId == station));
        api.MapGet("/workers/{id}", async (string id, IDemandService service, IGrainFactory grains, HttpContext http) =>
        {
            if ((await service.Reference()).FindWorker(id) is not { } worker)
            {
                return DemandResults.NotFound("worker");
            }
            var grain = grains.GetGrain<ISocialWorkerGrain>(id);
            var user = CurrentUser.From(http);
            var openCases = (await grain.OpenCases()).Where(d => AccessPolicy.CanView(user, d)).ToList();
            return Results.Ok(new WorkerDetails(worker, await grain.IsOnDuty(), openCases));
        });
        return app;
    }
}

public sealed record StationView(Station Station, IReadOnlyList<Community> Communities, IReadOnlyList<SocialWorker> Workers)
{
    public static StationView Of(Station station, ReferenceData reference) => new(
        station,
        reference.Communities.Where(c => c.StationId == station.Id).ToList(),
        reference.Workers.Where(w => w.StationId == station.Id).ToList());
}

public sealed record StationDetails(StationView Station, IReadOnlyList<Contracts.Demands.DemandSummary> OpenOrders);

public sealed record WorkerDetails(SocialWorker Worker, bool OnDuty, IReadOnlyList<Contracts.Demands.DemandSummary> OpenCases);
