using System.Collections.Immutable;
using Dispatch.Contracts.Accounts;

namespace Dispatch.Web.Tests.Auth;

/// <summary>The directory grain without Orleans: the same <see cref="UserDirectory"/> rules, kept in memory.</summary>
public sealed class InMemoryUserDirectory : IUserDirectoryGrain
{
    private readonly Lock gate = new();
    private UserDirectory directory = UserDirectory.Empty;

    public Task<UserAccount?> Get(string userName) => Task.FromResult(directory.Find(userName));

    public Task<ImmutableList<UserAccount>> List() => Task.FromResult(directory.Accounts.Values.ToImmutableList());

    public Task<bool> Create(UserAccount account) => Apply(d => d.Create(account));

    public Task<bool> Update(UserAccount account) => Apply(d => d.Update(account));

    public Task<bool> SeedIfEmpty(ImmutableList<UserAccount> accounts) => Apply(d => d.Seed(accounts));

    public Task<SignInOutcome> RecordSignIn(string userName, bool passwordMatched, DateTimeOffset at, LockoutRule rule, string? rehashedPassword)
    {
        lock (gate)
        {
            (directory, var outcome) = directory.RecordSignIn(userName, passwordMatched, at, rule, rehashedPassword);
            return Task.FromResult(outcome);
        }
    }

    private Task<bool> Apply(Func<UserDirectory, UserDirectory?> change)
    {
        lock (gate)
        {
            if (change(directory) is not { } after)
            {
                return Task.FromResult(false);
            }
            directory = after;
            return Task.FromResult(true);
        }
    }
}
