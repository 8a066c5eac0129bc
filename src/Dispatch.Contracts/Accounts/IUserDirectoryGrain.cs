using System.Collections.Immutable;

namespace Dispatch.Contracts.Accounts;

/// <summary>
/// The one writer of user accounts (key <see cref="Key"/>), persisted like every other grain. It stores and counts;
/// password hashing and checking happen in the web layer, which reports each attempt's result here so that the lockout
/// count is kept in one place even when attempts arrive at once.
/// </summary>
public interface IUserDirectoryGrain : IGrainWithStringKey
{
    public const string Key = "users";

    Task<UserAccount?> Get(string userName);

    Task<ImmutableList<UserAccount>> List();

    /// <summary>False (and nothing stored) when the user name is taken.</summary>
    Task<bool> Create(UserAccount account);

    /// <summary>False (and nothing stored) when there is no such user or the account changed since it was read.</summary>
    Task<bool> Update(UserAccount account);

    /// <summary>Loads <paramref name="accounts"/> only into an empty directory; false (and nothing stored) otherwise.</summary>
    Task<bool> SeedIfEmpty(ImmutableList<UserAccount> accounts);

    /// <summary>Counts a sign-in attempt: a locked account refuses even the right password (see <see cref="UserAccount.AfterSignIn"/>).</summary>
    Task<SignInOutcome> RecordSignIn(string userName, bool passwordMatched, DateTimeOffset at, LockoutRule rule, string? rehashedPassword);
}
