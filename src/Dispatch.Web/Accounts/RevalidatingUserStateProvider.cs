using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace Dispatch.Web.Accounts;

/// <summary>
/// An open screen (a Blazor circuit) keeps the user it started with; this checks every minute that the account is still
/// enabled with the same password, so disabling a user or resetting their password also ends their open screens.
/// </summary>
public sealed class RevalidatingUserStateProvider(ILoggerFactory loggers, AccountService accounts)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken) =>
        state.User.Identity?.IsAuthenticated != true
        || await accounts.Revalidate(state.User.FindFirstValue(ClaimTypes.NameIdentifier), state.User.FindFirstValue(AccountClaims.StampClaim)) is not null;
}
