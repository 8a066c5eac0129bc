using System.Text;
using System.Text.Json;
using Dispatch.Web.Accounts;
using Dispatch.Web.Audit;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Dispatch.Web.Tests.Auth;

/// <summary>Bearer tokens a caller should not get anywhere with, made from a real one, and the reason the audit should give.</summary>
public static class ForgedTokens
{
    /// <summary>Every way of bending <paramref name="token"/> (a real one, for <paramref name="userName"/>'s account).</summary>
    public static IReadOnlyList<(string Kind, string Token, AuditReason Reason)> From(string token) =>
    [
        ("expired", Sign(ClaimsOf(token), DateTime.UtcNow.AddMinutes(-5)), AuditReason.Expired),
        ("payload changed, signature kept", ClaimingToBe(token, DemoUsers.Admin), AuditReason.BadSignature),
        ("signature changed", SignatureChanged(token), AuditReason.BadSignature),
        ("alg none", Unsigned(token), AuditReason.BadSignature),
        ("signed with another key", Sign(ClaimsOf(token), DateTime.UtcNow.AddHours(1), "someone-elses-key-0123456789abcdefghij"), AuditReason.BadSignature),
        ("not a token", "not.a.token", AuditReason.Malformed),
    ];

    /// <summary>Claims to be <paramref name="userName"/> without the key: the signature no longer matches.</summary>
    public static string ClaimingToBe(string token, string userName)
    {
        var parts = token.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, object>>(Base64UrlEncoder.Decode(parts[1]))!;
        payload["sub"] = userName;
        return $"{parts[0]}.{Base64UrlEncoder.Encode(JsonSerializer.Serialize(payload))}.{parts[2]}";
    }

    /// <summary>The signature dropped and the header saying "none".</summary>
    public static string Unsigned(string token) =>
        $"{Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{token.Split('.')[1]}.";

    public static string SignatureChanged(string token)
    {
        var signature = Base64UrlEncoder.DecodeBytes(token.Split('.')[2]);
        signature[0] ^= 0xFF;
        return $"{token[..(token.LastIndexOf('.') + 1)]}{Base64UrlEncoder.Encode(signature)}";
    }

    /// <summary>The token's own claims (who and their password stamp), without its dates and audience.</summary>
    public static Dictionary<string, object> ClaimsOf(string token) =>
        new JsonWebToken(token).Claims.Where(c => c.Type is not ("exp" or "nbf" or "iat" or "iss" or "aud"))
            .ToDictionary(c => c.Type, c => (object)c.Value);

    /// <summary><paramref name="claims"/> as our token service would sign them (with the tests' key unless told otherwise).</summary>
    public static string Sign(Dictionary<string, object> claims, DateTime expires, string key = DispatchAppFactory.SigningKey) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TokenService.Issuer,
            Audience = TokenService.Audience,
            Claims = claims,
            IssuedAt = expires.AddHours(-1),
            NotBefore = expires.AddHours(-1),
            Expires = expires,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
}
