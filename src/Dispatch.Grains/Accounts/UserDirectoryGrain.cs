using System.Collections.Immutable;
using Dispatch.Contracts.Accounts;

namespace Dispatch.Grains.Accounts;

[GenerateSerializer]
public sealed class UserDirectoryState
{
    [Id(0)] public UserDirectory Directory { get; set; } = UserDirectory.Empty;
}

/// <summary>Persists the user directory's transitions (<see cref="UserDirectory"/>); a refused one writes nothing.</summary>
[GrainType("users")]
public sealed class UserDirectoryGrain([PersistentState("users")] IPersistentState<UserDirectoryState> state) : Grain, IUserDirectoryGrain
{
    private UserDirectory Directory => state.State.Directory;

    public Task<UserAccount?> Get(string userName) => Task.FromResult(Directory.Find(userName));

    public Task<ImmutableList<UserAccount>> List() => Task.FromResult(Directory.Accounts.Values.ToImmutableList());

    public Task<bool> Create(UserAccount account) => Write(Directory.Create(account));

    public Task<bool> Update(UserAccount account) => Write(Directory.Update(account));

    public Task<bool> SeedIfEmpty(ImmutableList<UserAccount> accounts) => Write(Directory.Seed(accounts));

    public async Task<SignInOutcome> RecordSignIn(
        string userName, bool passwordMatched, DateTimeOffset at, LockoutRule rule, string? rehashedPassword)
    {
        var (after, outcome) = Directory.RecordSignIn(userName, passwordMatched, at, rule, rehashedPassword);
        await Write(after);
        return outcome;
    }

    private async Task<bool> Write(UserDirectory? after)
    {
        if (after is null)
        {
            return false;
        }
        if (ReferenceEquals(after, Directory))
        {
            return true;
        }
        var before = Directory;
        state.State.Directory = after;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // A write that failed must not be served from memory as if it had been stored.
            state.State.Directory = before;
            throw;
        }
        return true;
    }
}
