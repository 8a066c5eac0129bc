using Dispatch.Contracts.Accounts;
using Dispatch.Contracts.Demands;

namespace Dispatch.Web.Accounts;

/// <summary>An account as screens see it: everything but the password hash.</summary>
public sealed record AccountSummary(
    string UserName, string DisplayName, ActorRole Role, string? StationId, string? WorkerId, bool Enabled,
    int FailedAttempts, DateTimeOffset? LockedUntil)
{
    public static AccountSummary Of(UserAccount account) => new(
        account.UserName, account.DisplayName, account.Role, account.StationId, account.WorkerId, account.Enabled,
        account.FailedAttempts, account.LockedUntil);
}

/// <summary>A user to create; a social worker's station is taken from their worker record.</summary>
public sealed record NewAccount(string UserName, string DisplayName, ActorRole Role, string? StationId, string? WorkerId, string Password);
