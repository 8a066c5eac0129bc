using Dispatch.Contracts.Accounts;
using Dispatch.Web.Audit;
using Dispatch.Web.Extensions;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Dispatch.Web.Accounts;

public static class AccountEndpoints
{
    public const string LoginPath = "/account/login";

    /// <summary><c>POST /api/auth/token</c> for scripts and <c>POST /account/logout</c> for the screens.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/token", async (TokenRequest request, AccountService accounts, TokenService tokens, AuditTrail audit, HttpContext http) =>
            {
                var errors = new Dictionary<string, string[]>();
                if (string.IsNullOrWhiteSpace(request.UserName))
                {
                    errors["userName"] = ["userName is required."];
                }
                if (string.IsNullOrEmpty(request.Password))
                {
                    errors["password"] = ["password is required."];
                }
                if (errors.Count > 0)
                {
                    return Results.ValidationProblem(errors, title: "The request has invalid fields.");
                }
                var result = await accounts.SignIn(request.UserName!, request.Password!);
                audit.RecordSignIn(http, request.UserName!, result);
                return result switch
                {
                    { Status: SignInStatus.SignedIn, Account: { } account } => Results.Ok(tokens.Issue(account)),
                    { Status: SignInStatus.LockedOut, LockedUntil: { } until } => Refused(
                        $"Too many failed attempts: locked until {until:u}.", new Dictionary<string, object?> { ["lockedUntil"] = until }),
                    { Status: SignInStatus.Disabled } => Refused("This account is disabled."),
                    // Unknown user and wrong password answer alike, so the answer never tells which names exist.
                    _ => Refused("Wrong user name or password."),
                };
            })
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitExtensions.SignInPolicy)
            .WithTags("Auth")
            .WithSummary("Exchange a user name and password for a bearer token (Authorization: Bearer …).")
            .Produces<TokenResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        app.MapPost("/account/logout", async (HttpContext http, IAntiforgery antiforgery) =>
            {
                // A cross-site form must not be able to sign someone out.
                if (!await antiforgery.IsRequestValidAsync(http))
                {
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "A valid antiforgery token is required.");
                }
                await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                return Results.LocalRedirect(LoginPath);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }

    private static IResult Refused(string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in refused.", detail: detail, extensions: extensions);
}
