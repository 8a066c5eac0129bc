using System.Security.Claims;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;

namespace Dispatch.Web.Accounts;

/// <summary>The signed-in user as the server's checks see them, read from the claims the sign-in issued.</summary>
public static class CurrentUser
{
    public const string StationClaim = "dispatch:station";
    public const string WorkerClaim = "dispatch:worker";

    /// <summary>Until sign-in is required everywhere, an anonymous caller acts as the system.</summary>
    public static DispatchUser From(HttpContext http) => From(http.User) ?? DispatchUser.System;

    public static DispatchUser? From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return null;
        }
        var role = Enum.TryParse<ActorRole>(principal.FindFirstValue(ClaimTypes.Role), out var parsed) ? parsed : ActorRole.Leader;
        var userName = principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? principal.Identity.Name ?? "unknown";
        return new DispatchUser(
            userName,
            principal.FindFirstValue(ClaimTypes.GivenName) ?? principal.Identity.Name ?? userName,
            role,
            principal.FindFirstValue(StationClaim),
            principal.FindFirstValue(WorkerClaim));
    }
}
