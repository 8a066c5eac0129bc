using System.Collections.Immutable;
using System.Security.Cryptography;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Accounts;
using Dispatch.Contracts.Demands;
using Dispatch.Web.Audit;
using Dispatch.Web.Demands;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Dispatch.Web.Accounts;

/// <summary>
/// Signing in and managing users. Passwords are hashed and checked here with ASP.NET Core Identity's
/// <see cref="PasswordHasher{TUser}"/>; the directory grain keeps the accounts and counts failed attempts.
/// A sign-in never tells an unknown user name from a wrong password: both answer <see cref="SignInStatus.Invalid"/>,
/// take as long, and lock out after the same number of tries.
/// </summary>
public sealed class AccountService(
    IUserDirectoryGrain directory,
    IDemandService demands,
    IOptions<AuthOptions> options,
    TimeProvider clock,
    ILogger<AccountService> logger) : IDisposable
{
    public const int MinPasswordLength = 12;

    /// <summary>Admin edits read, change and write back; a sign-in landing in between makes them try again.</summary>
    private const int EditAttempts = 3;

    private readonly PasswordHasher<UserAccount> hasher = new();

    /// <summary>Failed attempts on unknown names, so that they lock out like real ones (bounded: names are attacker-chosen).</summary>
    private readonly MemoryCache unknownNames = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    /// <summary>A hash to check wrong names against, so an unknown name costs the same time as a wrong password.</summary>
    private readonly Lazy<string> decoyHash = new(() =>
        new PasswordHasher<UserAccount>().HashPassword(null!, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))));

    private LockoutRule Rule => options.Value.LockoutRule;

    /// <summary>Why a password is too weak, or null. The one rule: length, which matters most.</summary>
    public static AccountError? PasswordProblem(string password) =>
        password.Length < MinPasswordLength ? AccountError.WeakPassword : null;

    public async Task<SignInOutcome> SignIn(string userName, string password)
    {
        var name = UserAccount.Normalize(userName);
        var now = clock.GetUtcNow();
        var account = UserAccount.IsValidUserName(name) ? await directory.Get(name) : null;
        if (account is null)
        {
            return FailUnknownName(name, password, now);
        }
        if (account.IsLockedAt(now))
        {
            return SignInOutcome.Locked(account.LockedUntil!.Value);
        }
        var verdict = hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        var rehashed = verdict == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(account, password) : null;
        // The grain decides: an attempt that raced with the one that locked the account is refused even if right.
        var outcome = await directory.RecordSignIn(name, verdict != PasswordVerificationResult.Failed, now, Rule, rehashed);
        if (outcome.Status != SignInStatus.SignedIn)
        {
            logger.LogWarning("Sign-in refused for {UserName}: {Status}", name, outcome.Status);
        }
        return outcome;
    }

    /// <summary>
    /// The account behind a session or token, when it is still good: it exists, is enabled, and its password has not
    /// changed since the session began (<see cref="AccountClaims.Stamp"/>). Null otherwise.
    /// </summary>
    public async Task<UserAccount?> Revalidate(string? userName, string? stamp) => (await Recheck(userName, stamp)).Account;

    /// <summary><see cref="Revalidate"/>, saying why not when the account is no longer good (for the audit trail).</summary>
    public async Task<(UserAccount? Account, AuditReason? Refused)> Recheck(string? userName, string? stamp)
    {
        if (string.IsNullOrEmpty(userName) || string.IsNullOrEmpty(stamp))
        {
            return (null, AuditReason.NoCredentials);
        }
        return await directory.Get(userName) switch
        {
            null => (null, AuditReason.AccountGone),
            { Enabled: false } => (null, AuditReason.AccountDisabled),
            var account when AccountClaims.Stamp(account) != stamp => (null, AuditReason.PasswordChanged),
            var account => (account, null),
        };
    }

    /// <summary>Every account without its hash; null for anyone but an administrator.</summary>
    public async Task<IReadOnlyList<AccountSummary>?> List(DispatchUser admin) =>
        AccessPolicy.CanAdminister(admin) ? [.. (await directory.List()).Select(AccountSummary.Of)] : null;

    public async Task<AccountError?> Create(DispatchUser admin, NewAccount request)
    {
        if (!AccessPolicy.CanAdminister(admin))
        {
            return AccountError.NotAllowed;
        }
        var (account, problem) = await Prepare(request);
        if (problem is not null)
        {
            return problem;
        }
        if (!await directory.Create(account!))
        {
            return AccountError.UserNameTaken;
        }
        logger.LogInformation("{Admin} created user {UserName} ({Role})", admin.UserName, account!.UserName, account.Role);
        return null;
    }

    public Task<AccountError?> SetEnabled(DispatchUser admin, string userName, bool enabled) =>
        admin.UserName == UserAccount.Normalize(userName) && !enabled
            // An administrator who disables themselves may leave nobody able to undo it.
            ? Task.FromResult<AccountError?>(AccountError.OwnAccount)
            : Edit(admin, userName, account => account with { Enabled = enabled });

    public Task<AccountError?> ResetLockout(DispatchUser admin, string userName) =>
        Edit(admin, userName, account => account with { FailedAttempts = 0, LockedUntil = null });

    public Task<AccountError?> ResetPassword(DispatchUser admin, string userName, string newPassword) =>
        PasswordProblem(newPassword) is { } problem
            ? Task.FromResult<AccountError?>(problem)
            : Edit(admin, userName, account => account with
            {
                PasswordHash = hasher.HashPassword(account, newPassword),
                FailedAttempts = 0,
                LockedUntil = null,
            });

    /// <summary>Loads <paramref name="accounts"/> into an empty directory; false when it already has users.</summary>
    public async Task<bool> SeedIfEmpty(IReadOnlyList<NewAccount> accounts)
    {
        // Hashing is deliberately slow: demo users sharing one password share one hash.
        var hashes = accounts.Select(a => a.Password).Distinct().ToDictionary(p => p, p => hasher.HashPassword(null!, p));
        var seed = accounts.Select(a => new UserAccount(
            UserAccount.Normalize(a.UserName), a.DisplayName, a.Role, a.StationId, a.WorkerId, hashes[a.Password])).ToImmutableList();
        return await directory.SeedIfEmpty(seed);
    }

    public void Dispose() => unknownNames.Dispose();

    private async Task<(UserAccount? Account, AccountError? Problem)> Prepare(NewAccount request)
    {
        var stationId = request.Role == ActorRole.StationHead ? request.StationId : null;
        var workerId = request.Role == ActorRole.SocialWorker ? request.WorkerId : null;
        var candidate = new UserAccount(
            UserAccount.Normalize(request.UserName), request.DisplayName.Trim(), request.Role, stationId, workerId, "unhashed");
        if (candidate.Problem() is { } problem)
        {
            return (null, problem);
        }
        if (PasswordProblem(request.Password) is { } weak)
        {
            return (null, weak);
        }
        var reference = await demands.Reference();
        if (stationId is not null && reference.FindStation(stationId) is null)
        {
            return (null, AccountError.UnknownStation);
        }
        if (workerId is not null)
        {
            if (reference.FindWorker(workerId) is not { } worker)
            {
                return (null, AccountError.UnknownWorker);
            }
            candidate = candidate with { StationId = worker.StationId };
        }
        return (candidate with { PasswordHash = hasher.HashPassword(candidate, request.Password) }, null);
    }

    private async Task<AccountError?> Edit(DispatchUser admin, string userName, Func<UserAccount, UserAccount> change)
    {
        if (!AccessPolicy.CanAdminister(admin))
        {
            return AccountError.NotAllowed;
        }
        for (var attempt = 0; attempt < EditAttempts; attempt++)
        {
            if (await directory.Get(userName) is not { } account)
            {
                return AccountError.NoSuchUser;
            }
            if (await directory.Update(change(account)))
            {
                logger.LogInformation("{Admin} changed user {UserName}", admin.UserName, account.UserName);
                return null;
            }
        }
        return AccountError.Conflict;
    }

    /// <summary>An unknown name fails exactly as a wrong password would: same checks, same cost, same lockout.</summary>
    private SignInOutcome FailUnknownName(string name, string password, DateTimeOffset now)
    {
        var tally = unknownNames.GetOrCreate(name, entry =>
        {
            entry.Size = 1;
            entry.SlidingExpiration = TimeSpan.FromDays(1);
            return new UnknownNameTally();
        })!;
        lock (tally)
        {
            if (tally.LockedUntil is { } until && until > now)
            {
                return SignInOutcome.Locked(until);
            }
        }
        hasher.VerifyHashedPassword(null!, decoyHash.Value, password);
        // The name is whatever was typed: only a well-formed one is written, so a line break in it cannot forge a log line.
        logger.LogWarning("Sign-in refused for unknown user name {UserName}", UserAccount.IsValidUserName(name) ? name : "(not a user name)");
        lock (tally)
        {
            if (++tally.Failures < Rule.MaxFailedAttempts)
            {
                return new SignInOutcome(SignInStatus.Invalid);
            }
            tally.Failures = 0;
            tally.LockedUntil = now + Rule.Duration;
            return SignInOutcome.Locked(now + Rule.Duration);
        }
    }

    private sealed class UnknownNameTally
    {
        public int Failures { get; set; }

        public DateTimeOffset? LockedUntil { get; set; }
    }
}
