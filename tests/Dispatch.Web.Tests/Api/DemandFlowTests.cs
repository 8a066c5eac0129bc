using System.Net;
using System.Text.Json;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.Tests.Infrastructure;

namespace Dispatch.Web.Tests.Api;

/// <summary>
/// The whole order flow through the HTTP API, on the real host and a real Azurite, each step taken by the user whose job
/// it is (see <see cref="DemandApi"/>): dispatcher, the station's head, the assigned worker.
/// </summary>
public sealed class DemandFlowTests(AzuriteFixture azurite) : ApiTest(azurite)
{

    [Fact]
    public async Task A_demand_walks_the_whole_flow_and_every_step_is_on_its_timeline()
    {
        var created = await Api.Http.PostAsync("/api/demands", JsonContent(DemandApi.NewDemand(urgency: "Urgent")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await DemandApi.Read(created)).GetProperty("demand").GetProperty("id").GetString()!;
        Assert.Equal($"/api/demands/{id}", created.Headers.Location!.OriginalString);
        Assert.Matches(@"^20261102-[0-9A-HJKMNP-TV-Z]{6}$", id);

        var recommendations = await Api.Get($"/api/demands/{id}/recommendations");
        var topStation = recommendations.GetProperty("stations")[0];
        Assert.Equal("chengxiang", topStation.GetProperty("stationId").GetString());
        Assert.Contains(topStation.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "CoversCommunity");

        App.Clock.Advance(TimeSpan.FromMinutes(3));
        await Api.Act(id, "dispatch", new { stationId = "chengxiang" });
        App.Clock.Advance(TimeSpan.FromMinutes(7));
        await Api.Act(id, "accept");

        var topWorker = (await Api.Get($"/api/demands/{id}/recommendations")).GetProperty("workers")[0];
        Assert.Contains(topWorker.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "WorkerCoversCommunity");
        var workerId = topWorker.GetProperty("workerId").GetString()!;
        await Api.Act(id, "assign", new { workerId });
        App.Clock.Advance(TimeSpan.FromMinutes(40));
        await Api.Act(id, "contact", new { note = "已电话联系，约定上门。" });
        foreach (var step in DemandApi.Steps)
        {
            await Api.Step(id, step, risk: "High");
        }
        App.Clock.Advance(TimeSpan.FromHours(2));
        await Api.Act(id, "close", new { summary = "服务完成" });
        var afterCallback = await Api.Act(id, "callback", new { rating = 5, note = "满意" });

        var demand = afterCallback.GetProperty("demand");
        Assert.Equal("Closed", demand.GetProperty("state").GetString());
        Assert.Equal("High", demand.GetProperty("riskLevel").GetString());
        Assert.Equal(5, demand.GetProperty("satisfactionRating").GetInt32());
        Assert.Equal(workerId, demand.GetProperty("workerId").GetString());
        var timeline = demand.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal(
            ["Reported", "Dispatched", "Accepted", "Assigned", "Contacted", "StepRecorded", "StepRecorded", "StepRecorded",
             "StepRecorded", "StepRecorded", "Closed", "CallbackRecorded"],
            timeline.Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal(Enumerable.Range(1, 12), timeline.Select(e => e.GetProperty("sequence").GetInt32()));
        // Every step names the real user who took it, in the role they took it in.
        var worker = DemoUsers.WorkerUser(workerId);
        Assert.Equal(
            [DemoUsers.Dispatcher, DemoUsers.Dispatcher, "head-chengxiang", "head-chengxiang", worker, worker, worker, worker, worker,
             worker, worker, DemoUsers.Dispatcher],
            timeline.Select(e => e.GetProperty("actor").GetProperty("id").GetString()));
        Assert.Equal(
            ["Dispatcher", "Dispatcher", "StationHead", "StationHead", "SocialWorker", "SocialWorker", "SocialWorker", "SocialWorker",
             "SocialWorker", "SocialWorker", "SocialWorker", "Dispatcher"],
            timeline.Select(e => e.GetProperty("actor").GetProperty("role").GetString()));
        Assert.Equal("顾建华", timeline[2].GetProperty("actor").GetProperty("name").GetString());
        Assert.Equal(DispatchAppFactory.Start.AddMinutes(3), timeline[1].GetProperty("at").GetDateTimeOffset());
        Assert.Equal(DispatchAppFactory.Start.AddMinutes(10), demand.GetProperty("acceptedAt").GetDateTimeOffset());
        Assert.Equal(DispatchAppFactory.Start.AddMinutes(50), demand.GetProperty("firstContactAt").GetDateTimeOffset());
        Assert.Empty(afterCallback.GetProperty("allowedActions").EnumerateArray());

        var closed = await Api.Get("/api/demands?state=Closed");
        Assert.Contains(closed.EnumerateArray(), d => d.GetProperty("id").GetString() == id);
        var station = await Api.Get("/api/stations/chengxiang");
        Assert.DoesNotContain(station.GetProperty("openOrders").EnumerateArray(), d => d.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task A_returned_demand_goes_back_to_the_queue_with_its_reason_and_can_be_dispatched_again()
    {
        var id = await Api.ReportId();
        await Api.Act(id, "dispatch", new { stationId = "shaxi" });
        var station = await Api.Get("/api/stations/shaxi");
        Assert.Contains(station.GetProperty("openOrders").EnumerateArray(), d => d.GetProperty("id").GetString() == id);

        var returned = (await Api.Act(id, "return", new { reason = "不属于本站服务范围" })).GetProperty("demand");
        Assert.Equal("Reported", returned.GetProperty("state").GetString());
        Assert.Equal("不属于本站服务范围", returned.GetProperty("lastReturnReason").GetString());
        Assert.Equal(JsonValueKind.Null, returned.GetProperty("stationId").ValueKind);
        station = await Api.Get("/api/stations/shaxi");
        Assert.DoesNotContain(station.GetProperty("openOrders").EnumerateArray(), d => d.GetProperty("id").GetString() == id);

        var recommendations = await Api.Get($"/api/demands/{id}/recommendations");
        var shaxi = recommendations.GetProperty("stations").EnumerateArray().Single(s => s.GetProperty("stationId").GetString() == "shaxi");
        Assert.Contains(shaxi.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "ReturnedBefore");

        var redispatched = (await Api.Act(id, "dispatch", new { stationId = "chengxiang" })).GetProperty("demand");
        Assert.Equal(["shaxi", "chengxiang"], redispatched.GetProperty("dispatchedTo").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["shaxi"], redispatched.GetProperty("returnedBy").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Cancel_needs_a_reason_and_ends_the_demand()
    {
        var id = await Api.ReportId();
        var refused = await Api.Post(id, "cancel", new { reason = "  " });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var cancelled = (await Api.Act(id, "cancel", new { reason = "重复上报" })).GetProperty("demand");
        Assert.Equal("Cancelled", cancelled.GetProperty("state").GetString());
        var again = await Api.Post(id, "dispatch", new { stationId = "chengxiang" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Lists_filter_by_state_station_urgency_and_overdue()
    {
        var urgent = await Api.ReportId(DemandApi.NewDemand(urgency: "Urgent"));
        var routine = await Api.ReportId(DemandApi.NewDemand(urgency: "Routine"));
        await Api.Act(routine, "dispatch", new { stationId = "liuhe" });

        var urgentOnly = await Api.Get("/api/demands?urgency=Urgent");
        Assert.Contains(urgentOnly.EnumerateArray(), d => d.GetProperty("id").GetString() == urgent);
        Assert.All(urgentOnly.EnumerateArray(), d => Assert.Equal("Urgent", d.GetProperty("urgency").GetString()));

        var atLiuhe = await Api.Get("/api/demands?station=liuhe&state=Dispatched");
        Assert.Equal([routine], atLiuhe.EnumerateArray().Select(d => d.GetProperty("id").GetString()));

        var overdue = await Api.Get("/api/demands?overdue=true");
        Assert.Empty(overdue.EnumerateArray());
        Assert.Single((await Api.Get("/api/demands?limit=1")).EnumerateArray());
    }

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body, DemandApi.Json), System.Text.Encoding.UTF8, "application/json");
}
