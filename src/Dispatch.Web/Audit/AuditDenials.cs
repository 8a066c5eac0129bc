using Dispatch.Contracts.Access;
using Dispatch.Web.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;

namespace Dispatch.Web.Audit;

/// <summary>
/// Every 401 and 403 of the API and the live hub goes into the audit trail, with the reason noted where the refusal was
/// decided (<see cref="Note"/>) or else read from why authentication failed. Routes open to anyone (signing in) answer
/// 401 for their own reasons and audit those themselves.
/// </summary>
public static class AuditDenials
{
    private static readonly object NoteKey = new();

    /// <summary>Says why this request is being refused, and who asked when that is known though they are not let in.</summary>
    public static void Note(HttpContext http, AuditReason reason, string? user = null) => http.Items[NoteKey] = (reason, user);

    public static AuditReason Reason(AccessDenial denial) => denial switch
    {
        AccessDenial.Station => AuditReason.Station,
        AccessDenial.Worker => AuditReason.Worker,
        _ => AuditReason.Role,
    };

    public static string Action(HttpRequest request) => $"{request.Method} {request.Path}";

    public static string? Client(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();

    public static WebApplication UseAuditTrail(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            await next();
            if (http.Response.StatusCode is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden
                && DispatchPolicies.IsApi(http.Request)
                && http.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is null)
            {
                await Record(http);
            }
        });
        return app;
    }

    private static async Task Record(HttpContext http)
    {
        var noted = http.Items.TryGetValue(NoteKey, out var note) ? ((AuditReason Reason, string? User)?)note : null;
        var forbidden = http.Response.StatusCode == StatusCodes.Status403Forbidden;
        var reason = noted?.Reason ?? (forbidden ? AuditReason.Role : Why(await http.AuthenticateAsync()));
        var user = forbidden ? CurrentUser.From(http.User)?.UserName : noted?.User;
        Record(http, forbidden ? AuditOutcome.Forbidden : AuditOutcome.Unauthenticated, user, reason);
    }

    public static void Record(HttpContext http, AuditOutcome outcome, string? user, AuditReason reason) =>
        http.RequestServices.GetRequiredService<AuditTrail>().Record(outcome, user, reason, Action(http.Request), Client(http));

    /// <summary>Why no user came out of the request's credentials (authentication results are cached per request).</summary>
    private static AuditReason Why(AuthenticateResult result) => result.Failure switch
    {
        null => AuditReason.NoCredentials,
        SecurityTokenExpiredException => AuditReason.Expired,
        SecurityTokenNotYetValidException => AuditReason.NotYetValid,
        SecurityTokenInvalidAlgorithmException => AuditReason.BadAlgorithm,
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => AuditReason.BadSignature,
        SecurityTokenInvalidIssuerException or SecurityTokenInvalidAudienceException => AuditReason.WrongIssuerOrAudience,
        SecurityTokenMalformedException or ArgumentException => AuditReason.Malformed,
        SecurityTokenException => AuditReason.Malformed,
        // The cookie handler fails with a plain exception when the ticket cannot be decrypted or has run out.
        _ => AuditReason.BadSession,
    };
}
