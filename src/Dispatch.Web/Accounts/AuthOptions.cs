using Dispatch.Contracts.Accounts;
using Microsoft.Extensions.Options;

namespace Dispatch.Web.Accounts;

/// <summary>Section <c>Dispatch:Auth</c>: token signing, session and lockout settings, and where the first users come from.</summary>
public sealed class AuthOptions
{
    public const string Section = "Dispatch:Auth";

    /// <summary>HS256 needs at least 256 bits.</summary>
    public const int MinSigningKeyLength = 32;

    /// <summary>Signs API tokens. Required everywhere; there is no built-in default outside appsettings.Development.json.</summary>
    public string? SigningKey { get; set; }

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a screen's sign-in cookie lasts without use (it slides while used).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    public int MaxFailedAttempts { get; set; } = LockoutRule.Default.MaxFailedAttempts;

    public TimeSpan Lockout { get; set; } = LockoutRule.Default.Duration;

    /// <summary>Load the demo users into an empty directory; unset means "in Development only".</summary>
    public bool? DemoUsers { get; set; }

    /// <summary>The first administrator of a production system, created only into an empty directory.</summary>
    public InitialAdminOptions InitialAdmin { get; set; } = new();

    public LockoutRule LockoutRule => new(MaxFailedAttempts, Lockout);

    public bool DemoUsersEnabled(IHostEnvironment environment) => DemoUsers ?? environment.IsDevelopment();
}

public sealed class InitialAdminOptions
{
    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string DisplayName { get; set; } = "Administrator";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(UserName) || !string.IsNullOrEmpty(Password);
}

/// <summary>Refuses to start with settings that would leave the system open or unusable.</summary>
public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(options.SigningKey) || options.SigningKey.Length < AuthOptions.MinSigningKeyLength)
        {
            problems.Add($"{AuthOptions.Section}:SigningKey must be set to a secret of at least {AuthOptions.MinSigningKeyLength} characters " +
                         "(for example the output of `openssl rand -base64 48`).");
        }
        if (options.MaxFailedAttempts < 1)
        {
            problems.Add($"{AuthOptions.Section}:MaxFailedAttempts must be at least 1.");
        }
        if (options.Lockout <= TimeSpan.Zero || options.TokenLifetime <= TimeSpan.Zero || options.SessionLifetime <= TimeSpan.Zero)
        {
            problems.Add($"{AuthOptions.Section}:Lockout, TokenLifetime and SessionLifetime must be positive.");
        }
        var admin = options.InitialAdmin;
        if (admin.IsConfigured)
        {
            if (admin.UserName is null || !UserAccount.IsValidUserName(UserAccount.Normalize(admin.UserName)))
            {
                problems.Add($"{AuthOptions.Section}:InitialAdmin:UserName must be 3–32 of a–z, 0–9, '.', '_', '-'.");
            }
            if (AccountService.PasswordProblem(admin.Password ?? "") is not null)
            {
                problems.Add($"{AuthOptions.Section}:InitialAdmin:Password must have at least {AccountService.MinPasswordLength} characters.");
            }
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
