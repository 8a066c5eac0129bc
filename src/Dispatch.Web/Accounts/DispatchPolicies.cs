using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Microsoft.AspNetCore.Authorization;

namespace Dispatch.Web.Accounts;

/// <summary>
/// Authorization policies, each asking <see cref="AccessPolicy"/> about the user <see cref="CurrentUser"/> reads from the
/// claims: a principal without a known role is nobody, whatever else it carries.
/// </summary>
public static class DispatchPolicies
{
    /// <summary>Any signed-in user with a role; also what a bare <c>[Authorize]</c> means.</summary>
    public const string SignedIn = "dispatch.signed-in";

    /// <summary>Those who take in demands: dispatchers, and social workers reporting needs found on outreach.</summary>
    public const string Report = "dispatch.report";

    /// <summary>The city's KPIs, or one station's for its head.</summary>
    public const string Kpis = "dispatch.kpis";

    public const string Administer = "dispatch.administer";

    public static void Add(AuthorizationOptions options)
    {
        var signedIn = For(_ => true);
        options.DefaultPolicy = signedIn;
        options.AddPolicy(SignedIn, signedIn);
        options.AddPolicy(Report, For(AccessPolicy.CanReport));
        options.AddPolicy(Kpis, For(user => AccessPolicy.CanSeeCity(user) || user.Role == ActorRole.StationHead));
        options.AddPolicy(Administer, For(AccessPolicy.CanAdminister));
        // The safety net: an /api route someone maps without saying who may call it still needs a signed-in user.
        options.FallbackPolicy = new AuthorizationPolicyBuilder()
            .RequireAssertion(context => context.Resource is not HttpContext http || !IsApi(http.Request)
                                         || CurrentUser.From(context.User) is not null)
            .Build();
    }

    /// <summary>Requests from programs (the API and the live hub): they get 401/403 problems, never a login page.</summary>
    public static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments(Live.DispatchHub.Path);

    private static AuthorizationPolicy For(Func<DispatchUser, bool> allowed) => new AuthorizationPolicyBuilder()
        .RequireAuthenticatedUser()
        .RequireAssertion(context => CurrentUser.From(context.User) is { } user && allowed(user))
        .Build();
}
