using Dispatch.Contracts.Kpis;
using Dispatch.Grains;
using Dispatch.Web.Demands;

namespace Dispatch.Web.Kpis;

public static class KpiEndpoints
{
    public static IEndpointRouteBuilder MapKpiEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/kpis", async (DemandService service, [FromKeyedServices(DomainClock.Key)] TimeProvider clock, DateTimeOffset? from, DateTimeOffset? to) =>
            {
                if (from is not null && to is not null && from >= to)
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["from must be before to."] });
                }
                var summaries = await service.AllSummaries();
                return Results.Ok(KpiCalculator.Compute([.. summaries], await service.Reference(), clock.GetUtcNow(), from, to));
            })
            .WithTags("KPIs")
            .WithSummary("Every KPI of DESIGN.md, overall and per station; time-based figures cover demands reported in [from, to).");
        return app;
    }
}
