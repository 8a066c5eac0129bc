using System.Security.Claims;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;

namespace Dispatch.Web.Accounts;

/// <summary>The signed-in user as the server's checks see them, read from the claims the sign-in issued.</summary>
public static class CurrentUser
{
    public const string StationClaim = "dispatch:station";
    public const string WorkerClaim = "dispatch:worker";

    /// <summary>
    /// The user a request acts as. Only for routes that require a signed-in user: an unauthenticated request never acts
    /// (not even as the system), so reaching here without one is a mapping error and fails loudly.
    /// </summary>
    public static DispatchUser From(HttpContext http) =>
        From(http.User) ?? throw new InvalidOperationException(
            $"{http.Request.Method} {http.Request.Path} acted without a signed-in user: the route must require authorization.");

    /// <summary>Null unless authenticated with a user name and exactly one of the roles a person can hold.</summary>
    public static DispatchUser? From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true
            || principal.FindFirstValue(ClaimTypes.NameIdentifier) is not { Length: > 0 } userName
            || principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList() is not [var roleName]
            // Enum.TryParse also takes "1" and "Dispatcher,Leader" (or-ed together): only the exact name counts.
            || !Enum.TryParse<ActorRole>(roleName, out var role) || role.ToString() != roleName
            // The platform's own actor is never a signed-in person.
            || role == ActorRole.System)
        {
            return null;
        }
        return new DispatchUser(
            userName,
            principal.FindFirstValue(ClaimTypes.GivenName) ?? principal.Identity.Name ?? userName,
            role,
            principal.FindFirstValue(StationClaim),
            principal.FindFirstValue(WorkerClaim));
    }
}
