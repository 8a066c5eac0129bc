using System.Text;
using System.Text.RegularExpressions;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;

namespace Dispatch.Contracts.Accounts;

/// <summary>
/// A person who signs in: their role, the station or worker record they are bound to, their password hash and the
/// lockout bookkeeping. <see cref="Version"/> counts writes, so an edit made from a stale copy is refused instead of
/// silently undoing a sign-in's bookkeeping or another administrator's change.
/// </summary>
[GenerateSerializer, Immutable]
public sealed partial record UserAccount(
    [property: Id(0)] string UserName,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] ActorRole Role,
    [property: Id(3)] string? StationId,
    [property: Id(4)] string? WorkerId,
    [property: Id(5)] string PasswordHash,
    [property: Id(6)] int FailedAttempts = 0,
    [property: Id(7)] DateTimeOffset? LockedUntil = null,
    [property: Id(8)] bool Enabled = true,
    [property: Id(9)] int Version = 0)
{
    public const int MaxDisplayNameLength = 40;

    public DispatchUser ToUser() => new(UserName, DisplayName, Role, StationId, WorkerId);

    public bool IsLockedAt(DateTimeOffset now) => LockedUntil is { } until && until > now;

    /// <summary>User names are compared in lower case: "Dispatcher" and "dispatcher" are one account.</summary>
    public static string Normalize(string userName) => userName.Trim().ToLowerInvariant();

    /// <summary>3–32 of a–z, 0–9, '.', '_', '-', starting with a letter or digit (the form <see cref="Normalize"/> gives).</summary>
    public static bool IsValidUserName(string userName) => UserNamePattern().IsMatch(userName);

    /// <summary>What makes this account unusable, or null: the directory refuses to store such an account.</summary>
    public AccountError? Problem()
    {
        if (!IsValidUserName(UserName))
        {
            return AccountError.InvalidUserName;
        }
        if (string.IsNullOrWhiteSpace(DisplayName) || DisplayName.Length > MaxDisplayNameLength || DisplayName.Any(char.IsControl))
        {
            return AccountError.InvalidDisplayName;
        }
        if (string.IsNullOrEmpty(PasswordHash))
        {
            return AccountError.WeakPassword;
        }
        // The platform's own actor is never a person who signs in.
        if (Role is not (ActorRole.Dispatcher or ActorRole.StationHead or ActorRole.SocialWorker or ActorRole.Leader or ActorRole.Admin))
        {
            return AccountError.InvalidRole;
        }
        return Role switch
        {
            ActorRole.StationHead => string.IsNullOrEmpty(StationId) ? AccountError.StationRequired
                : WorkerId is null ? null : AccountError.InvalidRole,
            // A worker's station is the one their worker record belongs to; it is kept for screens, not for access.
            ActorRole.SocialWorker => string.IsNullOrEmpty(WorkerId) ? AccountError.WorkerRequired : null,
            _ => StationId is null && WorkerId is null ? null : AccountError.InvalidRole,
        };
    }

    /// <summary>
    /// The account after a sign-in attempt whose password did or did not match. A locked account refuses even the right
    /// password and does not count the attempt; the failure that reaches the limit locks it and starts a fresh count.
    /// </summary>
    public (UserAccount After, SignInOutcome Outcome) AfterSignIn(bool passwordMatched, DateTimeOffset at, LockoutRule rule, string? rehashedPassword)
    {
        if (IsLockedAt(at))
        {
            return (this, SignInOutcome.Locked(LockedUntil!.Value));
        }
        if (!passwordMatched)
        {
            if (FailedAttempts + 1 >= rule.MaxFailedAttempts)
            {
                var until = at + rule.Duration;
                return (this with { FailedAttempts = 0, LockedUntil = until }, SignInOutcome.Locked(until));
            }
            return (this with { FailedAttempts = FailedAttempts + 1 }, new SignInOutcome(SignInStatus.Invalid));
        }
        if (!Enabled)
        {
            return (this, new SignInOutcome(SignInStatus.Disabled));
        }
        var after = this with { FailedAttempts = 0, LockedUntil = null, PasswordHash = rehashedPassword ?? PasswordHash };
        return (after, new SignInOutcome(SignInStatus.SignedIn, after));
    }

    // Records print every property: the hash must never reach a log line or an exception message.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"UserName = {UserName}, DisplayName = {DisplayName}, Role = {Role}, StationId = {StationId}, WorkerId = {WorkerId}, ");
        builder.Append($"FailedAttempts = {FailedAttempts}, LockedUntil = {LockedUntil}, Enabled = {Enabled}, Version = {Version}");
        return true;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{2,31}$")]
    private static partial Regex UserNamePattern();
}

/// <summary>How many wrong passwords in a row lock an account, and for how long.</summary>
[GenerateSerializer, Immutable]
public sealed record LockoutRule([property: Id(0)] int MaxFailedAttempts, [property: Id(1)] TimeSpan Duration)
{
    public static LockoutRule Default { get; } = new(5, TimeSpan.FromMinutes(15));
}

public enum SignInStatus { SignedIn, Invalid, LockedOut, Disabled }

/// <summary>What a sign-in attempt came to; the account only when it succeeded.</summary>
[GenerateSerializer, Immutable]
public sealed record SignInOutcome(
    [property: Id(0)] SignInStatus Status,
    [property: Id(1)] UserAccount? Account = null,
    [property: Id(2)] DateTimeOffset? LockedUntil = null)
{
    public static SignInOutcome Locked(DateTimeOffset until) => new(SignInStatus.LockedOut, LockedUntil: until);
}

/// <summary>Why an account operation was refused; screens word each one in the user's language.</summary>
public enum AccountError
{
    NotAllowed,
    InvalidUserName,
    UserNameTaken,
    InvalidDisplayName,
    InvalidRole,
    StationRequired,
    UnknownStation,
    WorkerRequired,
    UnknownWorker,
    WeakPassword,
    NoSuchUser,
    OwnAccount,
    Conflict,
}
