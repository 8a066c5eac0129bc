using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Contracts.Demands;
using Dispatch.Web.Accounts;
using Dispatch.Web.Extensions;

namespace Dispatch.Web.Testing;

/// <summary>
/// A small typed client for the demand API, so tests read as the flow they exercise. It is signed in either as one
/// user, or (<see cref="For"/> without a user) as whoever the flow gives each action to: the dispatcher takes in,
/// dispatches, cancels and calls back; the head of the station holding the demand accepts, returns and assigns; the
/// assigned worker contacts, records steps and closes. Reads and reports go as the dispatcher, who sees the whole city.
/// </summary>
public sealed class DemandApi
{
    public static readonly JsonSerializerOptions Json = CreateJson();

    private readonly DispatchAppFactory app;
    private readonly bool actsAsTheFlow;

    private DemandApi(DispatchAppFactory app, HttpClient http, bool actsAsTheFlow)
    {
        this.app = app;
        Http = http;
        this.actsAsTheFlow = actsAsTheFlow;
    }

    /// <summary>The client reads, reports and (for a fixed user) acts with.</summary>
    public HttpClient Http { get; }

    /// <summary>Signed in as <paramref name="userName"/>; without one, as whoever the flow gives each action to.</summary>
    public static async Task<DemandApi> For(DispatchAppFactory app, string? userName = null) =>
        new(app, await app.ClientFor(userName ?? DemoUsers.Dispatcher), actsAsTheFlow: userName is null);

    public Task<DemandApi> As(string userName) => For(app, userName);

    public Task<DemandApi> AsHeadOf(string stationId) => As(DemoUsers.HeadOf(stationId));

    public async Task<DemandApi> AsWorker(string workerId) => await As(await app.WorkerUser(workerId));

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

    /// <summary>The China-local day on the app's clock: the day forms are dated from.</summary>
    public DateOnly Today => FollowUpPolicy.ChinaDate(app.DomainTime.GetUtcNow());

    /// <summary>A valid body for a casework step, its form under the step's name, dated from <paramref name="today"/>.</summary>
    public static object StepBody(string step, DateOnly today, string risk = "Medium") => step switch
    {
        "Assessment" => new { step, assessment = new { needs = new[] { new { serviceType = "ElderlyAndChildCare", description = "独居，需要助餐" } } } },
        "Grading" => new { step, grading = new { riskLevel = risk, reason = "独居高龄，近期跌倒" } },
        "Plan" => new
        {
            step,
            plan = new
            {
                goals = new[] { "每周两次助餐到户" },
                actions = new[] { new { description = "申请临时救助", due = today.AddDays(14), resource = "镇慈善基金" } },
            },
        },
        "Execution" => new
        {
            step,
            execution = new { services = new[] { new { serviceType = "ElderlyAndChildCare", personTimes = 2, on = today, description = "上门助餐" } } },
        },
        // Seven days suits every risk level.
        _ => new { step, followUp = new { result = "状况稳定", nextFollowUpOn = today.AddDays(7) } },
    };

    public static readonly string[] Steps = ["Assessment", "Grading", "Plan", "Execution", "FollowUp"];

    /// <summary>Records one casework step with a valid form, as the assigned worker.</summary>
    public Task<JsonElement> Step(string id, string step, string risk = "Medium") => Act(id, "steps", StepBody(step, Today, risk));

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

    public async Task<HttpResponseMessage> Post(string id, string action, object? body = null)
    {
        var http = actsAsTheFlow ? await ActorFor(id, action) : Http;
        return await http.PostAsJsonAsync($"/api/demands/{id}/{action}", body ?? new { });
    }

    public async Task<JsonElement> Get(string path)
    {
        var response = await Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Read(response);
    }

    public Task<JsonElement> Demand(string id) => Get($"/api/demands/{id}");

    /// <summary>The ids of a list of demands (or anything else with ids).</summary>
    public static IEnumerable<string?> Ids(JsonElement list) => list.EnumerateArray().Select(d => d.GetProperty("id").GetString());

    public static async Task<JsonElement> Read(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>
    /// Who does <paramref name="action"/> to the demand as it stands. When nobody in that role holds it (no station,
    /// no worker, no such demand), the dispatcher asks, and the API answers for itself.
    /// </summary>
    private async Task<HttpClient> ActorFor(string id, string action)
    {
        if (action is not ("accept" or "return" or "assign" or "contact" or "steps" or "refer" or "close"))
        {
            return Http;
        }
        var response = await Http.GetAsync($"/api/demands/{id}");
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return Http;
        }
        var demand = (await Read(response)).GetProperty("demand");
        var holder = action is "accept" or "return" or "assign" ? demand.GetProperty("stationId") : demand.GetProperty("workerId");
        if (holder.ValueKind != JsonValueKind.String)
        {
            return Http;
        }
        return await app.ClientFor(action is "accept" or "return" or "assign"
            ? DemoUsers.HeadOf(holder.GetString()!)
            : await app.WorkerUser(holder.GetString()!));
    }

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ProblemHandlingExtensions.Configure(json);
        return json;
    }
}
