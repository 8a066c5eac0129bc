using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Contracts.Grains;
using Dispatch.Contracts.Sla;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.DemoData;
using Dispatch.Web.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Dispatch.Web.Tests.Api;

/// <summary>Stop the host, start a new one on the same blob storage: every demand, timeline and KPI is back.</summary>
[Collection(WebCollection.Name)]
public sealed class RestartTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_register_visits_and_visit_rates_survive_a_restart()
    {
        var storage = StorageNames.Unique();
        var clock = new FakeTimeProvider(DispatchAppFactory.Start);
        var community = TaicangDemoData.Create().FindWorker("w001")!.CommunityIds[0];
        string personBefore, ratesBefore, personId;

        await using (var first = new DispatchAppFactory(azurite, storage, clock))
        {
            var head = await first.ClientFor(DemoUsers.HeadOf("chengxiang"));
            var registered = await DemandApi.Read(await head.PostAsJsonAsync("/api/key-persons", new
            {
                name = "王秀英", idNumber = RegisterFiles.IdNumber(7), communityId = community,
                categories = new[] { new { categoryId = "elderly-alone", since = "2026-01-01" } },
            }));
            personId = registered.GetProperty("id").GetString()!;
            var worker = await first.ClientFor(DemoUsers.WorkerUser("w001"));
            var visited = await worker.PostAsJsonAsync($"/api/key-persons/{personId}/visits", new
            {
                on = "2026-11-02", found = true, observations = "老人独居，冰箱空了",
                needs = new[] { new { description = "需要助餐服务", serviceType = "ElderlyAndChildCare", urgency = "Normal" } },
            });
            Assert.True(visited.IsSuccessStatusCode, await visited.Content.ReadAsStringAsync());
            personBefore = await head.GetStringAsync($"/api/key-persons/{personId}");
            ratesBefore = await head.GetStringAsync("/api/visits/rates");
        }

        await using var second = new DispatchAppFactory(azurite, storage, clock);
        var again = await second.ClientFor(DemoUsers.HeadOf("chengxiang"));
        Assert.Equal(personBefore, await again.GetStringAsync($"/api/key-persons/{personId}"));
        Assert.Equal(ratesBefore, await again.GetStringAsync("/api/visits/rates"));
        Assert.Contains("需要助餐服务", personBefore);   // the visit, and the demand it became, are both in the record
        Assert.Equal(1, JsonDocument.Parse(personBefore).RootElement.GetProperty("demands").GetArrayLength());
    }

    [Fact]
    public async Task Demands_timelines_and_kpis_survive_a_restart()
    {
        var storage = StorageNames.Unique();
        var clock = new FakeTimeProvider(DispatchAppFactory.Start);
        var ids = new List<string>();
        Dictionary<string, string> before;
        string kpisBefore;

        await using (var first = new DispatchAppFactory(azurite, storage, clock))
        {
            var api = await DemandApi.For(first);
            var worker = (await api.Get("/api/workers?station=liuhe"))[0].GetProperty("id").GetString();
            for (var i = 0; i < 6; i++)
            {
                var id = await api.ReportId(DemandApi.NewDemand("liuhe-c01", i % 2 == 0 ? "Urgent" : "Routine", $"需求 {i}：独居老人需要探访"));
                ids.Add(id);
                clock.Advance(TimeSpan.FromMinutes(4));
                if (i >= 1) { await api.Act(id, "dispatch", new { stationId = "liuhe" }); }
                if (i >= 2) { await api.Act(id, "accept"); }
                if (i >= 3) { await api.Act(id, "assign", new { workerId = worker }); }
                if (i >= 4) { await api.Act(id, "contact", new { note = "已联系" }); }
                if (i == 4)
                {
                    // Forms and a referral go through the blob's JSON too.
                    foreach (var step in DemandApi.Steps)
                    {
                        await api.Step(id, step);
                    }
                    await api.Act(id, "refer", new { department = "镇民政办", reason = "申请低保" });
                }
                if (i == 5) { await api.Act(id, "cancel", new { reason = "求助人已搬离" }); }
                clock.Advance(TimeSpan.FromMinutes(7));
            }
            before = await Snapshot(api, ids);
            kpisBefore = await KpisWithoutTimestamp(api);
        }

        await using var second = new DispatchAppFactory(azurite, storage, clock);
        var again = await DemandApi.For(second);
        var after = await Snapshot(again, ids);
        Assert.Equal(before, after);
        Assert.Equal(kpisBefore, await KpisWithoutTimestamp(again));
        var listed = (await again.Get("/api/demands")).EnumerateArray().Select(d => d.GetProperty("id").GetString()).ToHashSet();
        Assert.True(listed.SetEquals(ids));
        // Demands 1–4 are open at 浏河; 0 was never dispatched and 5 was cancelled.
        Assert.Equal(4, (await again.Get("/api/stations/liuhe")).GetProperty("openOrders").GetArrayLength());
    }

    [Fact]
    public async Task An_sla_reminder_set_before_a_restart_flags_the_demand_overdue_after_it()
    {
        var storage = StorageNames.Unique();
        var clock = new FakeTimeProvider(DispatchAppFactory.Start);
        // Long enough for the first host to stop and the second to start before the reminder is due (it runs on real time).
        var acceptWithin = TimeSpan.FromSeconds(15);
        string id;
        await using (var first = new DispatchAppFactory(azurite, storage, clock))
        {
            var api = await DemandApi.For(first);
            var problem = await first.Grains.GetGrain<ICityDirectoryGrain>(ICityDirectoryGrain.Key).SetSla(SlaTargets.Default with
            {
                Urgent = new SlaTarget(acceptWithin, TimeSpan.FromHours(2)),
            });
            Assert.Null(problem);
            id = await api.ReportId(DemandApi.NewDemand(urgency: "Urgent"));
            await api.Act(id, "dispatch", new { stationId = "chengxiang" });
        }

        clock.Advance(acceptWithin + TimeSpan.FromSeconds(1));
        await using var second = new DispatchAppFactory(azurite, storage, clock);
        var again = await DemandApi.For(second);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        JsonElement demand;
        do
        {
            await Task.Delay(500);
            demand = (await again.Demand(id)).GetProperty("demand");
        }
        while (!demand.GetProperty("isOverdue").GetBoolean() && DateTime.UtcNow < deadline);

        Assert.True(demand.GetProperty("isOverdue").GetBoolean(), "the reminder did not flag the demand after the restart");
        var breach = demand.GetProperty("timeline").EnumerateArray().Last();
        Assert.Equal("SlaBreached", breach.GetProperty("kind").GetString());
        Assert.Equal("system", breach.GetProperty("actor").GetProperty("id").GetString());
        Assert.Equal("Acceptance", breach.GetProperty("breach").GetProperty("kind").GetString());
        Assert.Equal("StationHead", breach.GetProperty("breach").GetProperty("escalatedTo").GetString());
        var overdue = await again.Get("/api/demands?overdue=true");
        Assert.Equal([id], overdue.EnumerateArray().Select(d => d.GetProperty("id").GetString()));
    }

    private static async Task<Dictionary<string, string>> Snapshot(DemandApi api, IEnumerable<string> ids)
    {
        var snapshot = new Dictionary<string, string>();
        foreach (var id in ids)
        {
            var demand = await api.Demand(id);
            Assert.True(demand.GetProperty("demand").GetProperty("timeline").GetArrayLength() >= 1);
            snapshot[id] = demand.GetRawText();
        }
        return snapshot;
    }

    private static async Task<string> KpisWithoutTimestamp(DemandApi api)
    {
        var overall = (await api.Get("/api/kpis")).GetProperty("overall");
        var stations = (await api.Get("/api/kpis/stations?limit=500")).GetProperty("items");
        var load = (await api.Get("/api/kpis/workers?limit=500")).GetProperty("items");
        return JsonSerializer.Serialize(new { overall, stations, load });
    }
}
