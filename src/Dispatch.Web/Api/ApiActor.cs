using System.Security.Claims;
using Dispatch.Contracts.Demands;

namespace Dispatch.Web.Api;

/// <summary>Who is calling, for the timeline: the signed-in user, or an unnamed API client while there is no login.</summary>
public static class ApiActor
{
    public static readonly Actor Anonymous = new("api", "API client", ActorRole.System);

    public static Actor From(HttpContext http)
    {
        var user = http.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return Anonymous;
        }
        var role = Enum.GetValues<ActorRole>().FirstOrDefault(r => user.IsInRole(r.ToString()));
        return new Actor(
            user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.Identity.Name ?? "unknown",
            user.Identity.Name ?? "unknown",
            role);
    }
}
