using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Web.Accounts;
using Dispatch.Web.Audit;
using Dispatch.Web.Extensions;

namespace Dispatch.Web.Tests.Auth;

/// <summary>The audit trail as an administrator reads it through <c>GET /api/audit</c>.</summary>
public static class AuditReader
{
    private static readonly JsonSerializerOptions Json = Options();

    public static async Task<IReadOnlyList<AuditEntry>> Read(DispatchAppFactory app, string query = "limit=1000")
    {
        var response = await (await app.ClientFor(DemoUsers.Admin)).GetAsync($"/api/audit?{query}");
        Assert.True(response.IsSuccessStatusCode, $"GET /api/audit?{query}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<List<AuditEntry>>(Json))!;
    }

    /// <summary>What of <paramref name="expected"/> (user, action, outcome, reason) the trail lacks, one line each.</summary>
    public static IEnumerable<string> Missing(
        IReadOnlyList<AuditEntry> trail, IEnumerable<(string User, string Action, AuditOutcome Outcome, AuditReason? Reason)> expected) =>
        expected.Where(e => !trail.Any(a => a.User == e.User && a.Action == e.Action && a.Outcome == e.Outcome && a.Reason == e.Reason))
            .Select(e => $"not in the audit trail: {e.User} {e.Action} {e.Outcome} {e.Reason}" +
                         $" (entries for it: {string.Join("; ", trail.Where(a => a.Action == e.Action).Select(a => $"{a.User} {a.Outcome} {a.Reason}"))})");

    private static JsonSerializerOptions Options()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ProblemHandlingExtensions.Configure(options);
        return options;
    }
}
