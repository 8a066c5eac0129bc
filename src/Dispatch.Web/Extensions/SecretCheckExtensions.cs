using Dispatch.BlobStorage;
using Dispatch.Web.Accounts;
using Microsoft.Extensions.Options;

namespace Dispatch.Web.Extensions;

/// <summary>
/// Secrets come from configuration only, and outside Development the host refuses to start on a missing secret or a
/// published development one: Azurite's well-known account key, the development signing key, the demo users' shared
/// password. A test or demo machine opts in by name with <see cref="AllowDevelopmentSecrets"/>.
/// </summary>
public static class SecretCheckExtensions
{
    public const string AllowDevelopmentSecrets = "Dispatch:AllowDevelopmentSecrets";

    public const string StorageConnectionString = "Dispatch:Storage:ConnectionString";

    /// <summary>The signing key in appsettings.Development.json: public, being in the repository.</summary>
    public const string DevelopmentSigningKey = "development-only-signing-key--never-use-in-production";

    public static WebApplicationBuilder AddSecretChecks(this WebApplicationBuilder builder)
    {
        // Checked with the other options as the host starts, before the silo opens storage or anyone can sign in.
        builder.Services.AddOptions<DeploymentSecrets>().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DeploymentSecrets>, DeploymentSecretsValidator>();
        return builder;
    }

    /// <summary>What is wrong with the configured secrets for <paramref name="environment"/>, one line per setting.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration, IHostEnvironment environment)
    {
        if (environment.IsDevelopment() || configuration.GetValue<bool>(AllowDevelopmentSecrets))
        {
            return [];
        }
        // Bound here, not taken from IOptions: that would stop at the first invalid auth setting and hide the rest.
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var problems = new List<string>();
        var storage = configuration[StorageConnectionString];
        if (string.IsNullOrWhiteSpace(storage))
        {
            problems.Add($"{StorageConnectionString} is not set (without it the host would use a local Azurite).");
        }
        else if (storage.Contains(BlobStorageOptions.AzuriteAccountKey, StringComparison.Ordinal) || storage.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{StorageConnectionString} holds Azurite's published development key: give the real storage account's connection string.");
        }
        if (auth.SigningKey == DevelopmentSigningKey)
        {
            problems.Add($"{AuthOptions.Section}:SigningKey is the development key from appsettings.Development.json: set a secret of your own.");
        }
        if (auth.DemoUsersEnabled(environment))
        {
            problems.Add($"{AuthOptions.Section}:DemoUsers is on: the demo users share a published password. Use {AuthOptions.Section}:InitialAdmin instead.");
        }
        if (auth.InitialAdmin.Password == DemoUsers.Password)
        {
            problems.Add($"{AuthOptions.Section}:InitialAdmin:Password is the demo users' published password.");
        }
        if (problems.Count > 0)
        {
            problems.Add($"(Outside Development these are refused; a test or demo machine may set {AllowDevelopmentSecrets}=true.)");
        }
        return problems;
    }
}

/// <summary>Nothing to bind: the options only carry <see cref="SecretCheckExtensions.Problems"/> into start-up validation.</summary>
public sealed class DeploymentSecrets;

public sealed class DeploymentSecretsValidator(IConfiguration configuration, IHostEnvironment environment) : IValidateOptions<DeploymentSecrets>
{
    public ValidateOptionsResult Validate(string? name, DeploymentSecrets options) =>
        SecretCheckExtensions.Problems(configuration, environment) is { Count: > 0 } problems
            ? ValidateOptionsResult.Fail(problems)
            : ValidateOptionsResult.Success;
}
