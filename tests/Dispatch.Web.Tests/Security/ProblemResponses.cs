using System.Net;
using System.Text.Json;

namespace Dispatch.Web.Tests.Security;

public static class ProblemResponses
{
    /// <summary>The response is a problem+json of <paramref name="status"/>; its detail, which must say something.</summary>
    public static async Task<string> Detail(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString();
        Assert.False(string.IsNullOrWhiteSpace(detail), body);
        return detail!;
    }
}
