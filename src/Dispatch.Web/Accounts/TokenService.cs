using System.Text;
using Dispatch.Contracts.Accounts;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Dispatch.Web.Accounts;

/// <summary>
/// Bearer tokens for scripts: a JWT signed with HS256 and the configured key. The token names the user and carries
/// their password stamp; each request rebuilds the user's claims from the directory (see <see cref="AccountService.Revalidate"/>),
/// so a disabled user or a reset password stops a token before it expires.
/// </summary>
public sealed class TokenService(IOptions<AuthOptions> options, TimeProvider clock)
{
    public const string Issuer = "dispatch";
    public const string Audience = "dispatch-api";

    public TokenResponse Issue(UserAccount account)
    {
        var now = clock.GetUtcNow();
        var expiresAt = now + options.Value.TokenLifetime;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            SigningCredentials = new SigningCredentials(Key(options.Value), SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = account.UserName,
                [JwtRegisteredClaimNames.Name] = account.DisplayName,
                ["role"] = account.Role.ToString(),
                [AccountClaims.StampClaim] = AccountClaims.Stamp(account),
            },
        });
        return new TokenResponse(token, expiresAt);
    }

    public static TokenValidationParameters ValidationParameters(AuthOptions options) => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = Key(options),
        // Only the algorithm we sign with: a token may not pick a weaker one (or "none").
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = JwtRegisteredClaimNames.Sub,
    };

    private static SymmetricSecurityKey Key(AuthOptions options) =>
        new(Encoding.UTF8.GetBytes(options.SigningKey ?? throw new InvalidOperationException($"{AuthOptions.Section}:SigningKey is not set.")));
}

public sealed record TokenRequest(string? UserName, string? Password);

public sealed record TokenResponse(string AccessToken, DateTimeOffset ExpiresAt);
