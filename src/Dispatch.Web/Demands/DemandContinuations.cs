using System.Security.Cryptography;
using System.Text.Json;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Grains;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace Dispatch.Web.Demands;

/// <summary>
/// The continuation tokens of <c>GET /api/demands</c>: the next page's filter and where the page before it ended, for
/// the user it was issued to, sealed with the app's data protection (the key ring every node of a cluster shares, as
/// for sign-in cookies), so a client can hand it back but not read, alter or pass it to someone else.
/// </summary>
public sealed class DemandContinuations(
    IDataProtectionProvider protection, [FromKeyedServices(DomainClock.Key)] TimeProvider clock)
{
    /// <summary>How long a token answers: long enough to read a list page by page, short enough that a leaked one dies.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    public const string Refused =
        "continuation is not a token this service issued to you, or it was altered: start again from the first page.";

    public const string OtherFilters = "continuation belongs to a list with other filters: send that list's filters or none.";

    public const string Expired = "continuation has expired (a token lasts an hour): start again from the first page.";

    private readonly IDataProtector protector = protection.CreateProtector("Dispatch.Web.Demands.Continuation.v1");

    /// <summary>What a token carries; the limit is not in it: each page may ask for its own.</summary>
    private sealed record Token(
        string User, DemandState? State, string? StationId, Urgency? Urgency, bool? Overdue, bool OpenOnly, bool FinishedOnly,
        DateTimeOffset SortKey, string Id, DateOnly? Month, DateTimeOffset Issued);

    public string Issue(DemandFilter next, DispatchUser user)
    {
        var after = next.After ?? throw new ArgumentException("A continuation goes on after a position.", nameof(next));
        var token = new Token(
            user.UserName, next.State, next.StationId, next.Urgency, next.Overdue, next.OpenOnly, next.FinishedOnly, after.SortKey, after.Id, next.Month,
            clock.GetUtcNow());
        return WebEncoders.Base64UrlEncode(protector.Protect(JsonSerializer.SerializeToUtf8Bytes(token)));
    }

    /// <summary>
    /// The filter of the page a request asks for: <paramref name="asked"/> without a token, else the token's filter with
    /// the asked limit; or why the token is refused.
    /// </summary>
    public (DemandFilter? Filter, string? Refusal) Open(string? continuation, DemandFilter asked, DispatchUser user)
    {
        if (continuation is null)
        {
            return (asked, null);
        }
        Token? token;
        try
        {
            token = JsonSerializer.Deserialize<Token>(protector.Unprotect(WebEncoders.Base64UrlDecode(continuation)));
        }
        catch (Exception exception) when (exception is FormatException or CryptographicException or JsonException)
        {
            return (null, Refused);
        }
        // Sealed for one user: another's token would continue a list they were never shown the start of.
        if (token is null || token.User != user.UserName || token.Id is null)
        {
            return (null, Refused);
        }
        if (clock.GetUtcNow() - token.Issued > Lifetime)
        {
            return (null, Expired);
        }
        // Filters sent beside a token must be its own: the list it continues cannot change under it.
        if ((asked.State ?? token.State, asked.StationId ?? token.StationId, asked.Urgency ?? token.Urgency, asked.Overdue ?? token.Overdue,
                asked.Month ?? token.Month)
            != (token.State, token.StationId, token.Urgency, token.Overdue, token.Month))
        {
            return (null, OtherFilters);
        }
        return (new DemandFilter(token.State, token.StationId, token.Urgency, token.Overdue, asked.Limit)
        {
            OpenOnly = token.OpenOnly,
            FinishedOnly = token.FinishedOnly,
            After = new DemandPosition(token.SortKey, token.Id),
            Month = token.Month,
        }, null);
    }
}
