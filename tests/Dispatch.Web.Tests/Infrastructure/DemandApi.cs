using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Web.Extensions;

namespace Dispatch.Web.Tests.Infrastructure;

/// <summary>A small typed client for the demand API, so tests read as the flow they exercise.</summary>
public sealed class DemandApi(HttpClient http)
{
    public static readonly JsonSerializerOptions Json = CreateJson();

    public HttpClient Http { get; } = http;

    public static object NewDemand(string communityId = "chengxiang-c01", string urgency = "Normal", string description = "独居老人行动不便，需上门探访。") => new
    {
        communityId,
        categoryId = "elderly-alone",
        serviceType = "ElderlyAndChildCare",
        urgency,
        description,
        person = new { name = "王秀英", phone = "13912345678", address = "新区小区3栋2单元401" },
        reporter = new { name = "李网格", channel = "GridWorker", phone = "13800001111" },
    };

    public async Task<JsonElement> Report(object? body = null)
    {
        var response = await Http.PostAsJsonAsync("/api/demands", body ?? NewDemand());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await Read(response);
    }

    public async Task<string> ReportId(object? body = null) => (await Report(body)).GetProperty("demand").GetProperty("id").GetString()!;

    /// <summary>Posts an action that must succeed and returns the demand details.</summary>
    public async Task<JsonElement> Act(string id, string action, object? body = null)
    {
        var response = await Post(id, action, body);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Assert.Fail($"{action} on {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        return await Read(response);
    }

    public Task<HttpResponseMessage> Post(string id, string action, object? body = null) =>
        Http.PostAsJsonAsync($"/api/demands/{id}/{action}", body ?? new { });

    public async Task<JsonElement> Get(string path)
    {
        var response = await Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Read(response);
    }

    public Task<JsonElement> Demand(string id) => Get($"/api/demands/{id}");

    public static async Task<JsonElement> Read(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ProblemHandlingExtensions.Configure(json);
        return json;
    }
}
