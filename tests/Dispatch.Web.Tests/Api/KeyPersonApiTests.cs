using System.Net;
using System.Net.Http.Json;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.DemoData;
using Dispatch.Web.Tests.Infrastructure;

namespace Dispatch.Web.Tests.Api;

/// <summary>
/// The register and visits through the API on the real host and storage: 城厢's head registers a person in a community
/// w001 covers; w001 visits and finds a need, which reaches the dispatchers as a demand about the person.
/// </summary>
public sealed class KeyPersonApiTests(AzuriteFixture azurite) : ApiTest(azurite)
{
    private static readonly string Community = TaicangDemoData.Create().FindWorker("w001")!.CommunityIds[0];
    private static readonly string IdNumber = KeyPersonDemoData.NextIdNumber(new Random(42));
    private static readonly string Head = DemoUsers.HeadOf("chengxiang");
    private static readonly string Worker = DemoUsers.WorkerUser("w001");

    private static object Entry(string? idNumber = null, string? communityId = null) => new
    {
        name = "王秀英",
        idNumber = idNumber ?? IdNumber,
        phone = "13800000000",
        communityId = communityId ?? Community,
        categories = new[] { new { categoryId = "elderly-alone", since = "2026-01-01" } },
        riskLevel = "Medium",
    };

    [Fact]
    public async Task A_bad_entry_is_refused_with_every_problem_and_nothing_is_registered()
    {
        var head = await App.ClientFor(Head);

        var response = await head.PostAsJsonAsync("/api/key-persons", new
        {
            name = "",
            idNumber = "320585199001011234",
            communityId = "nowhere",
            categories = new[] { new { categoryId = "disaster-affected", since = "2026-07-01" } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await DemandApi.Read(response)).GetProperty("errors");
        Assert.Equal(["categories", "communityId", "idNumber", "name"], errors.EnumerateObject().Select(p => p.Name).Order());
        Assert.Contains("temporary category", errors.GetProperty("categories")[0].GetString());
        Assert.Empty((await DemandApi.Read(await head.GetAsync("/api/key-persons"))).EnumerateArray());
    }

    [Fact]
    public async Task A_malformed_body_is_a_400_not_a_500()
    {
        var head = await App.ClientFor(Head);

        var response = await head.PostAsync("/api/key-persons", new StringContent("{\"categories\": [{\"since\": \"soon\"}]}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Another_station_s_head_may_not_register_a_person_here()
    {
        var other = await App.ClientFor(DemoUsers.HeadOf("shaxi"));

        var response = await other.PostAsJsonAsync("/api/key-persons", Entry());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_visit_that_finds_a_need_reaches_the_dispatchers_as_a_demand_about_the_person()
    {
        var head = await App.ClientFor(Head);
        var registered = await DemandApi.Read(await head.PostAsJsonAsync("/api/key-persons", Entry()));
        var personId = registered.GetProperty("id").GetString()!;
        Assert.Equal(IdNumbers.PersonIdOf(IdNumber), personId);

        // The dispatcher reads the entry with the id number masked; the head in full.
        var dispatcher = await App.ClientFor(DemoUsers.Dispatcher);
        var seenByDispatcher = await DemandApi.Read(await dispatcher.GetAsync($"/api/key-persons/{personId}"));
        Assert.Equal(IdNumbers.Mask(IdNumber), seenByDispatcher.GetProperty("person").GetProperty("details").GetProperty("idNumber").GetString());
        var seenByHead = await DemandApi.Read(await head.GetAsync($"/api/key-persons/{personId}"));
        Assert.Equal(IdNumber, seenByHead.GetProperty("person").GetProperty("details").GetProperty("idNumber").GetString());

        var worker = await App.ClientFor(Worker);
        var future = await worker.PostAsJsonAsync($"/api/key-persons/{personId}/visits", new { on = "2026-11-03", found = true, observations = "走访" });
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.True((await DemandApi.Read(future)).GetProperty("errors").TryGetProperty("on", out _));

        var visited = await worker.PostAsJsonAsync($"/api/key-persons/{personId}/visits", new
        {
            on = "2026-11-02",
            found = true,
            observations = "老人独居，冰箱空了",
            needs = new[] { new { description = "需要助餐服务", serviceType = "ElderlyAndChildCare", urgency = "Normal" } },
        });
        Assert.Equal(HttpStatusCode.OK, visited.StatusCode);

        var demands = await DemandApi.Read(await dispatcher.GetAsync("/api/demands?state=Reported"));
        var demand = Assert.Single(demands.EnumerateArray(), d => d.GetProperty("keyPersonId").GetString() == personId);
        Assert.Equal("w001", demand.GetProperty("foundByWorkerId").GetString());
        Assert.Equal("王秀英", demand.GetProperty("personName").GetString());

        var rates = await DemandApi.Read(await head.GetAsync("/api/visits/rates"));
        Assert.Equal(1, rates.GetProperty("city").GetProperty("visited").GetInt32());
        Assert.Equal(1, rates.GetProperty("city").GetProperty("due").GetInt32());
    }

    [Fact]
    public async Task Only_a_worker_covering_the_person_records_their_visit()
    {
        var head = await App.ClientFor(Head);
        var personId = (await DemandApi.Read(await head.PostAsJsonAsync("/api/key-persons", Entry()))).GetProperty("id").GetString()!;
        var visit = new { on = "2026-11-02", found = true, observations = "走访" };

        // The station's other worker does not cover this community: to them the person does not exist.
        var other = await App.ClientFor(DemoUsers.WorkerUser(OtherWorkerOfChengxiang()));
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/key-persons/{personId}/visits", visit)).StatusCode);
        // The head sees the person but does not visit.
        Assert.Equal(HttpStatusCode.Forbidden, (await head.PostAsJsonAsync($"/api/key-persons/{personId}/visits", visit)).StatusCode);
    }

    private static string OtherWorkerOfChengxiang()
    {
        var city = TaicangDemoData.Create();
        return city.Workers.Where(w => w.StationId == "chengxiang").Take(DemoUsers.WorkersPerStation)
            .First(w => !w.CommunityIds.Contains(Community)).Id;
    }
}
