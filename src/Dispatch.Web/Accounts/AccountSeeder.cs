using Dispatch.Contracts.Demands;
using Microsoft.Extensions.Options;

namespace Dispatch.Web.Accounts;

/// <summary>
/// Fills an empty user directory at startup: the demo users when enabled, and the first administrator from configuration.
/// Existing users are never touched, so neither can bring back a default password once someone has changed things.
/// </summary>
public sealed class AccountSeeder(
    AccountService accounts, IOptions<AuthOptions> options, IHostEnvironment environment, ILogger<AccountSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var seed = new List<NewAccount>();
        if (settings.DemoUsersEnabled(environment))
        {
            seed.AddRange(DemoUsers.Create());
        }
        if (settings.InitialAdmin is { IsConfigured: true } admin)
        {
            seed.RemoveAll(a => a.UserName == admin.UserName!.Trim().ToLowerInvariant());
            seed.Add(new NewAccount(admin.UserName!, admin.DisplayName, ActorRole.Admin, null, null, admin.Password!));
        }
        if (seed.Count == 0)
        {
            logger.LogInformation("No demo users or initial administrator configured ({Section}:DemoUsers, {Section}:InitialAdmin)",
                AuthOptions.Section, AuthOptions.Section);
            return;
        }
        var seeded = await accounts.SeedIfEmpty(seed);
        logger.LogInformation(seeded
            ? "User directory was empty: loaded {Count} users"
            : "User directory already holds users; {Count} configured users not loaded", seed.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
