using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Dispatch.Contracts.Accounts;

namespace Dispatch.Web.Accounts;

/// <summary>The claims a sign-in issues, built from the stored account only, for cookies and tokens alike.</summary>
public static class AccountClaims
{
    /// <summary>Changes when the password does: a reset password ends every session and token issued before it.</summary>
    public const string StampClaim = "dispatch:stamp";

    public static ClaimsPrincipal Principal(UserAccount account, string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, account.UserName),
            new(ClaimTypes.Name, account.DisplayName),
            new(ClaimTypes.GivenName, account.DisplayName),
            new(ClaimTypes.Role, account.Role.ToString()),
            new(StampClaim, Stamp(account)),
        };
        if (account.StationId is { } station)
        {
            claims.Add(new Claim(CurrentUser.StationClaim, station));
        }
        if (account.WorkerId is { } worker)
        {
            claims.Add(new Claim(CurrentUser.WorkerClaim, worker));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static string Stamp(UserAccount account) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(account.PasswordHash)))[..22];

    /// <summary>Whether two principals say the same about who the user is and what they may do.</summary>
    public static bool SameUser(ClaimsPrincipal a, ClaimsPrincipal b)
    {
        static string Describe(ClaimsPrincipal p) => string.Join("\n", new[]
        {
            ClaimTypes.NameIdentifier, ClaimTypes.Name, ClaimTypes.Role, CurrentUser.StationClaim, CurrentUser.WorkerClaim, StampClaim,
        }.Select(type => p.FindFirstValue(type)));
        return Describe(a) == Describe(b);
    }
}
