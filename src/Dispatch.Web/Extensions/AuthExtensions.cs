using System.Security.Claims;
using Dispatch.Contracts.Accounts;
using Dispatch.Web.Accounts;
using Dispatch.Web.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Dispatch.Web.Extensions;

public static class AuthExtensions
{
    /// <summary>Picks the bearer token when the request carries one, the sign-in cookie otherwise.</summary>
    public const string Scheme = "Dispatch";

    private const string Cookie = CookieAuthenticationDefaults.AuthenticationScheme;
    private const string Bearer = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>
    /// A browser's WebSocket cannot carry a header, so SignalR clients send the bearer token as <c>access_token</c> in
    /// the query; accepted on the hub's path only, where no other query could leak it into a log of links.
    /// </summary>
    private static string? HubToken(HttpRequest request) =>
        request.Path.StartsWithSegments(Live.DispatchHub.Path) && request.Query["access_token"] is { Count: > 0 } token ? token.ToString() : null;

    /// <summary>
    /// Cookie sign-in for the screens, bearer tokens for scripts, users in the directory grain, role policies from
    /// <see cref="Dispatch.Contracts.Access.AccessPolicy"/>. API routes answer 401/403 as problem+json, never a redirect.
    /// </summary>
    public static WebApplicationBuilder AddDispatchAuthentication(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>().Bind(builder.Configuration.GetSection(AuthOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => sp.GetRequiredService<IGrainFactory>().GetGrain<IUserDirectoryGrain>(IUserDirectoryGrain.Key));
        services.AddSingleton<AccountService>();
        services.AddSingleton<TokenService>();
        services.AddHostedService<AccountSeeder>();
        builder.AddAuditTrail();
        services.AddScoped<AuthenticationStateProvider, RevalidatingUserStateProvider>();

        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Bearer token or sign-in cookie", options =>
                options.ForwardDefaultSelector = http =>
                    http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    || HubToken(http.Request) is not null ? Bearer : Cookie)
            .AddCookie(Cookie, options =>
            {
                options.LoginPath = AccountEndpoints.LoginPath;
                options.AccessDeniedPath = "/account/denied";
                options.ReturnUrlParameter = "returnUrl";
                options.Cookie.Name = "dispatch.auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.SlidingExpiration = true;
                options.Events = new CookieAuthenticationEvents
                {
                    OnValidatePrincipal = ValidateCookie,
                    OnRedirectToLogin = context => DispatchPolicies.IsApi(context.Request)
                        ? Problem(context.HttpContext, StatusCodes.Status401Unauthorized, "Sign-in required.",
                            "Send a bearer token from POST /api/auth/token, or sign in.")
                        : Redirect(context),
                    OnRedirectToAccessDenied = context => DispatchPolicies.IsApi(context.Request)
                        ? Forbidden(context.HttpContext)
                        : DeniedScreen(context),
                };
            })
            .AddJwtBearer(Bearer, options =>
            {
                // Claims keep the names the token was issued with; the principal is rebuilt from the directory anyway.
                options.MapInboundClaims = false;
                options.Events = new JwtBearerEvents
                {
                    OnMessageReceived = context =>
                    {
                        context.Token ??= HubToken(context.Request);
                        return Task.CompletedTask;
                    },
                    OnTokenValidated = ValidateToken,
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        var invalid = context.AuthenticateFailure is not null;
                        context.Response.Headers.WWWAuthenticate = invalid ? "Bearer error=\"invalid_token\"" : "Bearer";
                        await Problem(context.HttpContext, StatusCodes.Status401Unauthorized, "Sign-in required.",
                            invalid ? "The bearer token is invalid, expired, or no longer valid for its user." : null);
                    },
                    OnForbidden = context => Forbidden(context.HttpContext),
                };
            });
        services.AddOptions<CookieAuthenticationOptions>(Cookie)
            .Configure<IOptions<AuthOptions>>((cookie, auth) => cookie.ExpireTimeSpan = auth.Value.SessionLifetime);
        services.AddOptions<JwtBearerOptions>(Bearer)
            .Configure<IOptions<AuthOptions>>((jwt, auth) => jwt.TokenValidationParameters = TokenService.ValidationParameters(auth.Value));
        services.AddAuthorization(DispatchPolicies.Add);
        return builder;
    }

    /// <summary>A session whose account was disabled or whose password was reset ends; a changed role takes effect now.</summary>
    private static async Task ValidateCookie(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal!;
        var userName = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var (account, refused) = await context.HttpContext.RequestServices.GetRequiredService<AccountService>().Recheck(
            userName, principal.FindFirstValue(AccountClaims.StampClaim));
        if (account is null)
        {
            AuditDenials.Note(context.HttpContext, refused!.Value, userName);
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Cookie);
            return;
        }
        var fresh = AccountClaims.Principal(account, Cookie);
        if (!AccountClaims.SameUser(principal, fresh))
        {
            context.ReplacePrincipal(fresh);
            context.ShouldRenew = true;
        }
    }

    /// <summary>The token only names the user; who they are and what they may do comes from the directory now.</summary>
    private static async Task ValidateToken(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        var userName = principal.FindFirstValue(JwtRegisteredClaimNames.Sub);
        var (account, refused) = await context.HttpContext.RequestServices.GetRequiredService<AccountService>().Recheck(
            userName, principal.FindFirstValue(AccountClaims.StampClaim));
        if (account is null)
        {
            // The signature held, so the name is the one the token was issued to.
            AuditDenials.Note(context.HttpContext, refused!.Value, userName);
            context.Fail("The account is disabled, gone, or its password changed since the token was issued.");
            return;
        }
        context.Principal = AccountClaims.Principal(account, Bearer);
    }

    /// <summary>A screen the user's role may not open: off to the denied page, and into the audit trail as an API 403 would be.</summary>
    private static Task DeniedScreen(RedirectContext<CookieAuthenticationOptions> context)
    {
        var http = context.HttpContext;
        AuditDenials.Record(http, AuditOutcome.Forbidden, CurrentUser.From(http.User)?.UserName, AuditReason.Role);
        return Redirect(context);
    }

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static Task Forbidden(HttpContext http) =>
        Problem(http, StatusCodes.Status403Forbidden, "Not allowed for this user.", "Your role may not use this route.");

    private static async Task Problem(HttpContext http, int status, string title, string? detail)
    {
        http.Response.StatusCode = status;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
