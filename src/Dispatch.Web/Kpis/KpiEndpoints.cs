using Dispatch.Contracts.Access;
using Dispatch.Contracts.Kpis;
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
                // KPIs are kept per hour: a window between hours would silently be another one.
                var unkept = new[] { ("from", from), ("to", to) }.Where(p => p.Item2 is { } at && !IsKeptHour(at)).ToList();
                if (unkept.Count > 0)
                {
                    return Results.ValidationProblem(unkept.ToDictionary(
                        p => p.Item1, p => new[] { $"{p.Item1} must be a whole hour between the years 2000 and 2199, such as 2026-03-02T09:00:00+08:00: KPIs are kept per hour." }));
                }
                return await service.Kpis(CurrentUser.From(http), from, to) is { } report
                    ? Results.Ok(report)
                    : DemandResults.Forbidden("Only city roles and station heads see KPIs.", AccessDenial.Role);
            })
            // City roles see the city, a station head their own station (DemandService.Kpis); social workers none.
            .RequireAuthorization(DispatchPolicies.Kpis)
            .WithTags("KPIs")
            .WithSummary("Every KPI of DESIGN.md, overall and per station; time-based figures cover demands reported in [from, to), both whole hours.");
        return app;
    }

    private static readonly DateTimeOffset FirstKept = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset AfterLastKept = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static bool IsKeptHour(DateTimeOffset at) => at >= FirstKept && at < AfterLastKept && KpiLedger.HourOf(at) == at;
}
