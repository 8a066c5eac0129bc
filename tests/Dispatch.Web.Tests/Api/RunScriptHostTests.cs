using System.Net;
using System.Text.Json;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dispatch.Web.Tests.Api;

/// <summary>
/// One host as the README's <c>scripts/run.sh</c> runs it (<see cref="DispatchAppFactory.LikeRunScript"/>: Production,
/// the simulator taking in demands and visiting key persons, the real clock, the production rate limits), with a few
/// demo key persons per community and one month of demo history to keep it small. The checks are the everyday ones, made while the simulator works;
/// each looks only at its own demands, as a user among the simulated ones would.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class RunScriptHostTests(AzuriteFixture azurite, ClassHost host) : IClassFixture<ClassHost>
{
    /// <summary>The one host of this class, started by the first test, on a real port: hub clients connect as browsers do.</summary>
    private DispatchAppFactory App => host.App(() =>
    {
        var app = new DispatchAppFactory(azurite, settings: new Dictionary<string, string>
        {
            ["Dispatch:DemoData:KeyPersonsPerCommunity"] = "1",
            ["Dispatch:DemoData:HistoryMonths"] = "1",
        })
        {
            LikeRunScript = true,
        };
        app.StartOnKestrel();
        return app;
    });

    [Fact]
    public async Task A_demand_walks_the_whole_flow_among_the_simulated_ones()
    {
        var app = App;
        var api = await DemandApi.For(app);

        var demand = await WalkTheFlow(api);

        Assert.Equal("Closed", demand.GetProperty("state").GetString());
        Assert.Equal(Enumerable.Range(1, 12), demand.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt32()));
        var id = demand.GetProperty("id").GetString();
        Assert.Contains(id, DemandApi.Ids(await api.Get("/api/demands?state=Closed")));
    }

    [Fact]
    public async Task A_hub_client_stays_connected_and_hears_each_step_of_our_demand_among_the_simulator_s_changes()
    {
        var app = App;
        await using var hub = await HubListener.Connect(app.ClientOptions.BaseAddress, await app.TokenFor(DemoUsers.Dispatcher));

        var id = (await WalkTheFlow(await DemandApi.For(app))).GetProperty("id").GetString();

        await hub.Until(h => h.Messages.Count(m => m.Change.Demand?.Summary.Id == id) == 12, "the 12 changes of our demand");
        Assert.Equal(Enumerable.Range(1, 12), hub.Messages.Where(m => m.Change.Demand?.Summary.Id == id).Select(m => m.Change.Demand!.Summary.Version));
        Assert.Equal(HubConnectionState.Connected, hub.Connection.State);
    }

    [Fact]
    public async Task The_register_the_visit_plan_and_the_kpis_answer_while_the_simulator_visits()
    {
        var app = App;
        var api = await DemandApi.For(app);

        // The demo key persons are registered in the background after the start.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while ((await api.Get("/api/visits/rates")).GetProperty("city").GetProperty("due").GetInt32() == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "no demo key person was due a visit within 2 minutes of the start");
            await Task.Delay(500);
        }
        var register = await api.Get("/api/key-persons?station=chengxiang");
        var person = register.EnumerateArray().First().GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync($"/api/key-persons/{person}")).StatusCode);
        Assert.NotEmpty((await api.Get("/api/visits/plan?station=chengxiang")).EnumerateArray());

        var kpis = await api.Get("/api/kpis/stations");
        Assert.Equal(8, kpis.GetProperty("items").GetArrayLength());
        var report = await (await app.ClientFor(DemoUsers.Leader)).GetAsync($"/api/reports/{DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)):yyyy-MM}");
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
    }

    [Fact]
    public async Task The_demo_starts_with_a_month_of_finished_demands_in_the_list()
    {
        var app = App;
        var api = await DemandApi.For(app);
        var started = DateTimeOffset.UtcNow;

        // The history is imported in the background after the start; the simulator's demands are all of today.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        List<JsonElement> past;
        while ((past = Past(await api.Get("/api/demands?state=Closed&limit=5000"), started)).Count < 100)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {past.Count} closed demands of the past month within 3 minutes of the start");
            await Task.Delay(1000);
        }
        Assert.All(past, d => Assert.InRange(d.GetProperty("reportedAt").GetDateTimeOffset(), started.AddMonths(-1), started));
        Assert.All(past, d => Assert.True(d.GetProperty("closedAt").GetDateTimeOffset() < started));
        Assert.Contains(past, d => d.GetProperty("satisfactionRating").ValueKind == JsonValueKind.Number);
        Assert.Contains(past, d => d.GetProperty("returnedBy").GetArrayLength() > 0);
        // A past demand opens with its whole timeline, from the report to the close.
        var one = (await api.Demand(past[0].GetProperty("id").GetString()!)).GetProperty("demand");
        var timeline = one.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal("Reported", timeline[0]);
        Assert.Contains("Closed", timeline);
    }

    /// <summary>Demands reported more than a day before the start: the demo's past, not the simulator's present.</summary>
    private static List<JsonElement> Past(JsonElement list, DateTimeOffset started) =>
        [.. list.EnumerateArray().Where(d => d.GetProperty("reportedAt").GetDateTimeOffset() < started.AddDays(-1))];

    /// <summary>Takes in a demand and walks it to a callback, each step as the user whose job it is; the demand at the end.</summary>
    private static async Task<JsonElement> WalkTheFlow(DemandApi api)
    {
        var id = await api.ReportId(DemandApi.NewDemand(urgency: "Urgent"));
        await api.Act(id, "dispatch", new { stationId = "chengxiang" });
        await api.Act(id, "accept");
        await api.Act(id, "assign", new { workerId = "w001" });
        await api.Act(id, "contact", new { note = "已电话联系，约定上门。" });
        foreach (var step in DemandApi.Steps)
        {
            await api.Step(id, step);
        }
        await api.Act(id, "close", new { summary = "服务完成" });
        return (await api.Act(id, "callback", new { rating = 5, note = "满意" })).GetProperty("demand");
    }
}
