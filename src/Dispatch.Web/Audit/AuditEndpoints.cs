using Dispatch.Contracts.Accounts;
using Dispatch.Grains;
using Dispatch.Web.Accounts;

namespace Dispatch.Web.Audit;

public static class AuditEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>Each day read is a blob or two: a query spans at most this much.</summary>
    public static readonly TimeSpan MaxSpan = TimeSpan.FromDays(92);

    private static readonly TimeSpan DefaultSpan = TimeSpan.FromDays(7);

    /// <summary><c>GET /api/audit</c>: the security audit trail, newest first, for administrators only.</summary>
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", async (
                AuditTrail audit, [FromKeyedServices(DomainClock.Key)] TimeProvider clock,
                DateTimeOffset? from, DateTimeOffset? to, string? user, AuditOutcome? outcome, int? limit) =>
            {
                var until = to ?? clock.GetUtcNow();
                var since = from ?? until - DefaultSpan;
                var errors = new Dictionary<string, string[]>();
                if (since > until)
                {
                    errors["from"] = ["from must not be after to."];
                }
                else if (until - since > MaxSpan)
                {
                    errors["from"] = [$"from and to may be at most {MaxSpan.TotalDays} days apart."];
                }
                if (limit is < 1 or > MaxLimit)
                {
                    errors["limit"] = [$"limit must be between 1 and {MaxLimit}."];
                }
                if (errors.Count > 0)
                {
                    return Results.ValidationProblem(errors, title: "The request has invalid fields.");
                }
                return Results.Ok(await audit.Read(since, until, string.IsNullOrWhiteSpace(user) ? null : UserAccount.Normalize(user), outcome, limit ?? DefaultLimit));
            })
            .RequireAuthorization(DispatchPolicies.Administer)
            .WithTags("Audit")
            .WithSummary("Security events (sign-ins, refused requests and hub calls), newest first; administrators only.")
            .Produces<IReadOnlyList<AuditEntry>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    public static WebApplicationBuilder AddAuditTrail(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AuditTrail>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AuditTrail>());
        return builder;
    }
}
