using System.Globalization;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Validation;
using Dispatch.Web.Accounts;
using Dispatch.Web.Demands;
using Dispatch.Web.Extensions;

namespace Dispatch.Web.Api;

public static class DemandEndpoints
{
    /// <summary>The response header carrying the next page's continuation token; absent on the last page.</summary>
    public const string ContinuationHeader = "X-Continuation";

    public static IEndpointRouteBuilder MapDemandEndpoints(this IEndpointRouteBuilder app)
    {
        // Every signed-in role may list and read, filtered by AccessPolicy; actions are checked per user and demand.
        var demands = app.MapGroup("/api/demands").WithTags("Demands").RequireAuthorization(DispatchPolicies.SignedIn);

        demands.MapPost("/", async (ReportDemandRequest request, IDemandService service, HttpContext http) =>
                DemandResults.From(await service.Report(request, CurrentUser.From(http)),
                    demand => Results.Created($"/api/demands/{demand.Id}", DemandDetails.Of(demand))))
            .RequireAuthorization(DispatchPolicies.Report)
            .RequireRateLimiting(RateLimitExtensions.IntakePolicy)
            .WithSummary("Take in a demand (a resident's need).");

        demands.MapGet("/", async (
                IDemandService service, DemandContinuations continuations, HttpContext http,
                DemandState? state, string? station, Urgency? urgency, bool? overdue, int? limit, string? month, string? continuation) =>
            {
                var errors = new Dictionary<string, string[]>();
                if (limit is < 1 or > DemandFilter.MaxLimit)
                {
                    errors["limit"] = [$"limit must be from 1 to {DemandFilter.MaxLimit}."];
                }
                // The binder reads any number as an enum: state=99 would be an empty list instead of a mistake.
                if (state is { } s && FieldRules.Defined("state", s) is { } badState)
                {
                    errors["state"] = [badState];
                }
                if (urgency is { } u && FieldRules.Defined("urgency", u) is { } badUrgency)
                {
                    errors["urgency"] = [badUrgency];
                }
                DateOnly? firstOfMonth = null;
                if (month is not null)
                {
                    if (DateOnly.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                    {
                        firstOfMonth = parsed;
                    }
                    else
                    {
                        errors["month"] = ["month must be a year and month such as 2026-03."];
                    }
                }
                if (errors.Count > 0)
                {
                    return Results.ValidationProblem(errors);
                }
                var user = CurrentUser.From(http);
                var asked = new DemandFilter(state, station, urgency, overdue, limit ?? DemandFilter.DefaultLimit) { Month = firstOfMonth };
                var (filter, refusal) = continuations.Open(continuation, asked, user);
                if (filter is null)
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["continuation"] = [refusal!] });
                }
                var page = await service.Page(filter, user);
                if (page.Next is { } next)
                {
                    http.Response.Headers[ContinuationHeader] = continuations.Issue(next, user);
                }
                return Results.Ok(page.Items);
            })
            .WithSummary($"List demands, newest first: the recent ones, or with month=2026-03 those reported in that China month, archived ones included; when more follow, the {ContinuationHeader} header holds the token that asks for them (continuation=).");

        demands.MapGet("/{id}", async (string id, IDemandService service, HttpContext http) =>
                await service.Get(id, CurrentUser.From(http)) is { } demand ? Results.Ok(DemandDetails.Of(demand)) : DemandResults.NotFound())
            .WithSummary("A demand with its whole timeline and what can be done to it now.");

        demands.MapGet("/{id}/recommendations", async (string id, IDemandService service, HttpContext http) =>
                await service.Recommend(id, CurrentUser.From(http)) is { } recommendations ? Results.Ok(recommendations) : DemandResults.NotFound())
            .WithSummary("Ranked stations and workers for the demand, with reasons.");

        MapAction<DispatchRequest>(demands, "dispatch", r => new DispatchDemand(r.StationId ?? "", r.Note), "Dispatch to a station (中心派单).");
        MapAction<NoteRequest?>(demands, "accept", r => new AcceptDemand(r?.Note), "The station accepts (社工站接单).", bodyOptional: true);
        MapAction<ReasonRequest>(demands, "return", r => new ReturnDemand(r.Reason ?? ""), "The station returns it, with a reason (退回).");
        MapAction<AssignRequest>(demands, "assign", r => new AssignDemand(r.WorkerId ?? "", r.Note), "Assign to a stationed social worker.");
        MapAction<NoteRequest>(demands, "contact", r => new RecordContact(r.Note ?? ""), "Record first contact with the resident.");
        MapAction<StepRequest>(demands, "steps", r => r.ToCommand(),
            "Record a casework step with its form: {step, assessment | grading | plan | execution | followUp, note?}.");
        MapAction<ReferRequest>(demands, "refer", r => new ReferDemand(r.Department ?? "", r.Reason ?? ""),
            "Refer the case to another department (转介); it stays open with its worker.");
        MapAction<AnswerRequest>(demands, "referrals/{referralId}/answer",
            (r, http) => new AnswerReferral(http.GetRouteValue("referralId") as string ?? "", r.Answer ?? ""),
            "Record the department's answer to an open referral.");
        MapAction<CloseRequest>(demands, "close", r => new CloseDemand(r.Summary ?? ""), "Close the case (办结).");
        MapAction<ReasonRequest>(demands, "cancel", r => new CancelDemand(r.Reason ?? ""), "Cancel, with a reason.");
        MapAction<CallbackRequest>(demands, "callback", r => new RecordCallback(r.Rating ?? 0, r.Note), "Record the callback's satisfaction rating (1–5).");
        return app;
    }

    private static void MapAction<TRequest>(
        RouteGroupBuilder group, string action, Func<TRequest, DemandCommand> command, string summary, bool bodyOptional = false) =>
        MapAction<TRequest>(group, action, (request, _) => command(request), summary, bodyOptional);

    /// <summary>An action whose command also reads the route (a referral's id).</summary>
    private static void MapAction<TRequest>(
        RouteGroupBuilder group, string action, Func<TRequest, HttpContext, DemandCommand> command, string summary, bool bodyOptional = false) =>
        group.MapPost($"/{{id}}/{action}", async (string id, TRequest request, IDemandService service, HttpContext http) =>
                // A generic parameter looks optional to the binder, so an empty body or a JSON null arrives here as null.
                request is null && !bodyOptional
                    ? DemandResults.BodyRequired()
                    // The service checks the user's right to act before anything else, so nothing leaks through validation.
                    : DemandResults.From(await service.Execute(id, command(request, http), CurrentUser.From(http)),
                        demand => Results.Ok(DemandDetails.Of(demand))))
            .WithSummary(summary);
}
