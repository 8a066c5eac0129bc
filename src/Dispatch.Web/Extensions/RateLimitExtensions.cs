using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Dispatch.Web.Accounts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Dispatch.Web.Extensions;

/// <summary>Section <c>Dispatch:RateLimits</c>: how many sign-ins per client address and intakes per user a window allows.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Dispatch:RateLimits";

    /// <summary>Token requests and login form posts, per client address; a wrong password also counts towards the lockout.</summary>
    public WindowLimit SignIn { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(1) };

    /// <summary>New demands per signed-in user: a hotline operator takes in a few a minute, a runaway script hundreds.</summary>
    public WindowLimit Intake { get; set; } = new() { PermitLimit = 30, Window = TimeSpan.FromMinutes(1) };
}

public sealed class WindowLimit
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; }

    public FixedWindowRateLimiterOptions Limiter() => new() { PermitLimit = PermitLimit, Window = Window, QueueLimit = 0 };
}

public static class RateLimitExtensions
{
    /// <summary>On <c>POST /api/auth/token</c> and the login page (whose form posts count, its views do not).</summary>
    public const string SignInPolicy = "sign-in";

    /// <summary>On <c>POST /api/demands</c>.</summary>
    public const string IntakePolicy = "intake";

    /// <summary>The login page's query parameter that says a form post was refused, and for how many seconds.</summary>
    public const string ThrottledParameter = "throttled";

    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().Bind(builder.Configuration.GetSection(RateLimitOptions.Section))
            .Validate(o => o.SignIn is { PermitLimit: > 0, Window.Ticks: > 0 } && o.Intake is { PermitLimit: > 0, Window.Ticks: > 0 },
                $"{RateLimitOptions.Section}: every PermitLimit and Window must be positive.")
            .ValidateOnStart();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((options, limits) =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = Rejected;
            options.AddPolicy(SignInPolicy, http => HttpMethods.IsPost(http.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(ClientAddress(http), _ => limits.Value.SignIn.Limiter())
                : RateLimitPartition.GetNoLimiter(""));
            options.AddPolicy(IntakePolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? ClientAddress(http), _ => limits.Value.Intake.Limiter()));
        });
        return builder;
    }

    /// <summary>After authentication, so intake is counted per user.</summary>
    public static WebApplication UseRateLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    /// <summary>
    /// Behind a reverse proxy every client has the proxy's address: configure forwarded headers there, or the whole
    /// site shares one sign-in budget.
    /// </summary>
    private static string ClientAddress(HttpContext http) => "address:" + http.Connection.RemoteIpAddress;

    /// <summary>
    /// 429 problem with Retry-After for programs; a browser's login form goes back to the page, which says why in the
    /// user's language (a refused post cannot render the page itself).
    /// </summary>
    private static async ValueTask Rejected(OnRejectedContext context, CancellationToken cancel)
    {
        var http = context.HttpContext;
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        if (!DispatchPolicies.IsApi(http.Request))
        {
            http.Response.StatusCode = StatusCodes.Status303SeeOther;
            http.Response.Headers.Location = AccountEndpoints.LoginPath + QueryString.Create(
            [
                new KeyValuePair<string, StringValues>(ThrottledParameter, seconds.ToString(CultureInfo.InvariantCulture)),
                .. http.Request.Query.Where(q => q.Key == "returnUrl"),
            ]);
            return;
        }
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests.",
                Detail = $"Too many requests from this {(http.User.Identity?.IsAuthenticated == true ? "user" : "address")}: try again in {seconds} seconds.",
            },
        });
    }
}
