using System.Reflection;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Web.Audit;
using Dispatch.Web.Demands;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Dispatch.Web.Api;

/// <summary>
/// Turns a command's outcome into HTTP: 400 field errors, 404 unknown demand, 409 refused by the state (naming the
/// winner: the change the command lost to).
/// </summary>
public static class DemandResults
{
    public static IResult From((DemandResult? Result, FieldErrors? Errors) outcome, Func<Demand, IResult> ok)
    {
        if (outcome.Errors is { } errors)
        {
            return Results.ValidationProblem(errors.Errors, title: "The request has invalid fields.");
        }
        var result = outcome.Result!;
        if (result.Demand is { } demand)
        {
            return ok(demand);
        }
        var refusal = result.Refusal!;
        return refusal.Kind switch
        {
            RefusalKind.Invalid => Results.ValidationProblem(
                new Dictionary<string, string[]> { [refusal.Field ?? "request"] = [refusal.Message] },
                title: "The request has invalid fields."),
            RefusalKind.NotFound => NotFound(),
            RefusalKind.Forbidden => Forbidden(refusal.Message, refusal.Denial ?? AccessDenial.Role),
            _ => Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The demand's current state does not allow this.",
                detail: refusal.Message,
                extensions: new Dictionary<string, object?>
                {
                    ["currentState"] = refusal.CurrentState?.ToString(),
                    ["allowedActions"] = refusal.Allowed.IsDefault ? [] : refusal.Allowed.Select(a => a.ToString()).ToArray(),
                    ["lastEvent"] = refusal.LastEvent,
                    ["winner"] = Winner(refusal.Winner),
                }),
        };
    }

    public static IResult BodyRequired() => Results.Problem(
        statusCode: StatusCodes.Status400BadRequest, title: "The request could not be read.", detail: "The request needs a JSON object as its body.");

    /// <summary>403, noting for the audit trail whether the role, the station or the assignment stood in the way.</summary>
    public static Denied Forbidden(string detail, AccessDenial denial) => new Denied(
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed for this user.", detail: detail),
        AuditDenials.Reason(denial));

    /// <summary>Who got there first: what they did, who they are, when, and where the order went.</summary>
    private static object? Winner(DemandEvent? winner) => winner is null ? null : new
    {
        action = winner.Kind.ToString(),
        by = new { id = winner.Actor.Id, name = winner.Actor.Name, role = winner.Actor.Role.ToString() },
        at = winner.At,
        stationId = winner.StationId,
        workerId = winner.WorkerId,
    };

    public static IResult NotFound(string what = "demand") =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No such {what}.");

    /// <summary>A 403 problem that notes for the audit trail why it was refused; a typed result, so OpenAPI lists the 403.</summary>
    public sealed class Denied(IResult problem, AuditReason reason) : IResult, IEndpointMetadataProvider
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            AuditDenials.Note(httpContext, reason);
            return problem.ExecuteAsync(httpContext);
        }

        public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
            builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status403Forbidden, typeof(ProblemDetails), ["application/problem+json"]));
    }
}
