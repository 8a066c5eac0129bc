using System.Collections.Immutable;

namespace Dispatch.Contracts.Accounts;

/// <summary>
/// Every user account, with the directory's rules as pure transitions: the directory grain persists what they return,
/// and screen tests run the very same rules in memory. A transition that is refused returns null and changes nothing.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record UserDirectory([property: Id(0)] ImmutableSortedDictionary<string, UserAccount> Accounts)
{
    public static UserDirectory Empty { get; } = new(ImmutableSortedDictionary<string, UserAccount>.Empty);

    public bool IsEmpty => Accounts.IsEmpty;

    public UserAccount? Find(string userName) => Accounts.GetValueOrDefault(UserAccount.Normalize(userName));

    /// <summary>Null when the name is taken. The stored account starts at version 1.</summary>
    public UserDirectory? Create(UserAccount account)
    {
        Check(account);
        return Accounts.ContainsKey(account.UserName) ? null : new(Accounts.Add(account.UserName, account with { Version = 1 }));
    }

    /// <summary>Null when there is no such account or <paramref name="account"/> was edited from a stale copy.</summary>
    public UserDirectory? Update(UserAccount account)
    {
        Check(account);
        return Accounts.TryGetValue(account.UserName, out var stored) && stored.Version == account.Version
            ? new(Accounts.SetItem(account.UserName, account with { Version = stored.Version + 1 }))
            : null;
    }

    /// <summary>Loads <paramref name="accounts"/> into an empty directory only; null otherwise (existing users are never touched).</summary>
    public UserDirectory? Seed(IEnumerable<UserAccount> accounts)
    {
        if (!IsEmpty)
        {
            return null;
        }
        var seeded = Empty;
        foreach (var account in accounts)
        {
            seeded = seeded.Create(account) ?? throw new ArgumentException($"User name '{account.UserName}' appears twice in the seed.", nameof(accounts));
        }
        return seeded;
    }

    /// <summary>Records a sign-in attempt on an existing account (see <see cref="UserAccount.AfterSignIn"/>).</summary>
    public (UserDirectory After, SignInOutcome Outcome) RecordSignIn(
        string userName, bool passwordMatched, DateTimeOffset at, LockoutRule rule, string? rehashedPassword)
    {
        if (Find(userName) is not { } account)
        {
            return (this, new SignInOutcome(SignInStatus.Invalid));
        }
        var (after, outcome) = account.AfterSignIn(passwordMatched, at, rule, rehashedPassword);
        if (after == account)
        {
            return (this, outcome);
        }
        var stored = after with { Version = account.Version + 1 };
        return (new(Accounts.SetItem(account.UserName, stored)), outcome.Account is null ? outcome : outcome with { Account = stored });
    }

    private static void Check(UserAccount account)
    {
        if (account.Problem() is { } problem)
        {
            throw new ArgumentException($"Account {account.UserName} is not valid: {problem}.", nameof(account));
        }
    }
}
