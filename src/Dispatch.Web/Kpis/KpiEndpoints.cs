using System.Collections.Immutable;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Kpis;
using Dispatch.Web.Accounts;
using Dispatch.Web.Api;
using Dispatch.Web.Demands;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Web.Kpis;

/// <summary>
/// What <c>GET /api/kpis</c> answers: the overall figures of the window and the coverage counted, small whatever the
/// size of the directory (the coverage's lists are <c>/api/coverage</c>'s).
/// </summary>
public sealed record KpiOverview(DateTimeOffset ComputedAt, DateTimeOffset? From, DateTimeOffset? To, KpiFigures Overall, CoverageCounts Coverage)
{
    public static KpiOverview Of(KpiReport report) => new(
        report.ComputedAt, report.From, report.To, report.Overall,
        new CoverageCounts(report.Coverage.WorkersOutsideNorm.Count, report.Coverage.UncoveredCommunityIds.Count));
}

/// <summary>Active workers covering fewer or more communities than the norm, and communities no active worker covers.</summary>
public sealed record CoverageCounts(int WorkersOutsideNorm, int UncoveredCommunities);

/// <summary>A page of KPI rows in the directory's order; <see cref="NextOffset"/> asks for the page after it, null on the last.</summary>
public sealed record KpiPage<T>(DateTimeOffset ComputedAt, ImmutableList<T> Items, int? NextOffset);

/// <summary>
/// <c>/api/kpis</c>: the overall figures by default, and the stations' figures and the workers' load in pages, each of one
/// station when asked. City roles see the city, a station head their own station (<see cref="DemandService.Kpis"/>), so
/// a head asking for another station gets an empty page; social workers see none.
/// </summary>
public static class KpiEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    private static readonly DateTimeOffset FirstKept = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset AfterLastKept = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static IEndpointRouteBuilder MapKpiEndpoints(this IEndpointRouteBuilder app)
    {
        var kpis = app.MapGroup("/api/kpis").RequireAuthorization(DispatchPolicies.Kpis).WithTags("KPIs");
        kpis.MapGet("/", GetOverall)
            .WithSummary("Every KPI of DESIGN.md over the whole scope (the city, or a station head's station) and the coverage counted; "
                + "time-based figures cover demands reported in [from, to), both whole hours; an end more than a week back widens to its whole China day, "
                + "one before the month 40 days back to its month, and from and to in the answer name the window counted. Per-station figures: /api/kpis/stations; worker load: /api/kpis/workers.");
        kpis.MapGet("/stations", GetStations)
            .WithSummary($"Each station's KPIs over [from, to), in the directory's order: offset (default 0) and limit (default {DefaultLimit}, at most {MaxLimit}) "
                + "page them, nextOffset asks for the next page; station= keeps one station's.");
        kpis.MapGet("/workers", GetWorkers)
            .WithSummary($"Each active worker's open cases now and communities covered, in the directory's order: offset (default 0) and limit (default {DefaultLimit}, "
                + $"at most {MaxLimit}) page them, nextOffset asks for the next page; station= keeps one station's workers.");
        return app;
    }

    public static async Task<Results<Ok<KpiOverview>, ValidationProblem, DemandResults.Denied>> GetOverall(
        IDemandService service, HttpContext http, DateTimeOffset? from, DateTimeOffset? to)
    {
        if (Invalid(WindowErrors(from, to)) is { } invalid)
        {
            return invalid;
        }
        return await service.Kpis(CurrentUser.From(http), from, to) is { } report ? TypedResults.Ok(KpiOverview.Of(report)) : Refused();
    }

    public static async Task<Results<Ok<KpiPage<StationKpis>>, ValidationProblem, DemandResults.Denied>> GetStations(
        IDemandService service, HttpContext http, DateTimeOffset? from, DateTimeOffset? to, string? station, int? offset, int? limit)
    {
        if (Invalid([.. WindowErrors(from, to), .. PageErrors(offset, limit)]) is { } invalid)
        {
            return invalid;
        }
        var rows = new KpiRows(Stations: PageOf(offset, limit), StationId: station);
        return await service.Kpis(CurrentUser.From(http), from, to, rows) is { } report
            ? TypedResults.Ok(Page(report, report.Stations, offset, limit))
            : Refused();
    }

    public static async Task<Results<Ok<KpiPage<WorkerLoad>>, ValidationProblem, DemandResults.Denied>> GetWorkers(
        IDemandService service, HttpContext http, string? station, int? offset, int? limit)
    {
        if (Invalid(PageErrors(offset, limit)) is { } invalid)
        {
            return invalid;
        }
        var rows = new KpiRows(Workers: PageOf(offset, limit), StationId: station);
        return await service.Kpis(CurrentUser.From(http), rows: rows) is { } report
            ? TypedResults.Ok(Page(report, report.WorkerLoad, offset, limit))
            : Refused();
    }

    /// <summary>One row more than the page: whether it comes tells if there is a next page without counting them all.</summary>
    private static KpiRange PageOf(int? offset, int? limit) => new(offset ?? 0, (limit ?? DefaultLimit) + 1);

    private static KpiPage<T> Page<T>(KpiReport report, ImmutableList<T> rows, int? offset, int? limit)
    {
        var (start, size) = (offset ?? 0, limit ?? DefaultLimit);
        return rows.Count > size ? new(report.ComputedAt, rows.RemoveAt(size), start + size) : new(report.ComputedAt, rows, null);
    }

    private static IEnumerable<(string Field, string Message)> WindowErrors(DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from is not null && to is not null && from >= to)
        {
            yield return ("from", "from must be before to.");
        }
        // KPIs are kept per hour: a window between hours would silently be another one.
        foreach (var (field, at) in new[] { ("from", from), ("to", to) })
        {
            if (at is { } value && !IsKeptHour(value))
            {
                yield return (field, $"{field} must be a whole hour between the years 2000 and 2199, such as 2026-03-02T09:00:00+08:00: KPIs are kept per hour.");
            }
        }
    }

    private static IEnumerable<(string Field, string Message)> PageErrors(int? offset, int? limit)
    {
        if (offset is < 0)
        {
            yield return ("offset", "offset must be 0 or more.");
        }
        if (limit is < 1 or > MaxLimit)
        {
            yield return ("limit", $"limit must be from 1 to {MaxLimit}.");
        }
    }

    private static ValidationProblem? Invalid(IEnumerable<(string Field, string Message)> errors)
    {
        var byField = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
        return byField.Count == 0 ? null : TypedResults.ValidationProblem(byField);
    }

    private static DemandResults.Denied Refused() => DemandResults.Forbidden("Only city roles and station heads see KPIs.", AccessDenial.Role);

    private static bool IsKeptHour(DateTimeOffset at) => at >= FirstKept && at < AfterLastKept && KpiLedger.HourOf(at) == at;
}
