using Dispatch.Contracts.Access;
using Dispatch.Web.Accounts;
using Dispatch.Web.Api;
using Dispatch.Web.Demands;

namespace Dispatch.Web.Kpis;

public static class KpiEndpoints
{
    public static IEndpointRouteBuilder MapKpiEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/kpis", async (IDemandService service, HttpContext http, DateTimeOffset? from, DateTimeOffset? to) =>
            {
                if (from is not null && to is not null && from >= to)
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["from must be before to."] });
                }
                return await service.Kpis(CurrentUser.From(http), from, to) is { } report
                    ? Results.Ok(report)
                    : DemandResults.Forbidden("Only city roles and station heads see KPIs.", AccessDenial.Role);
            })
            // City roles see the city, a station head their own station (DemandService.Kpis); social workers none.
            .RequireAuthorization(DispatchPolicies.Kpis)
            .WithTags("KPIs")
            .WithSummary("Every KPI of DESIGN.md, overall and per station; time-based figures cover demands reported in [from, to).");
        return app;
    }
}
