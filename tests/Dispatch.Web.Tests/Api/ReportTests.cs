using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Contracts.Demands;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.Spreadsheets;
using Dispatch.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Dispatch.Web.Tests.Api;

/// <summary>
/// The monthly report routes on the real host: who may see which report, bad and future months, and the figures of a
/// small November (the test clock starts on 2026-11-02 09:00 China time): demand A reported 09:00 and dispatched to 城厢
/// at 09:05, demand B reported 09:10 in 沙溪 and left undispatched. Nobody is in a key-person register.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ReportTests(ReportTests.SmallNovember november) : IClassFixture<ReportTests.SmallNovember>
{
    /// <summary>The host with the small November, written once for the class: every test only reads reports.</summary>
    public sealed class SmallNovember(AzuriteFixture azurite) : IAsyncLifetime
    {
        public DispatchAppFactory App { get; } = new(azurite);

        public async Task InitializeAsync()
        {
            var dispatcher = await As(App, DemoUsers.Dispatcher);
            var a = await Report(dispatcher, "chengxiang-c01");
            App.Clock.Advance(TimeSpan.FromMinutes(5));
            Assert.Equal(HttpStatusCode.OK, (await dispatcher.PostAsJsonAsync($"/api/demands/{a}/dispatch", new { stationId = "chengxiang" })).StatusCode);
            App.Clock.Advance(TimeSpan.FromMinutes(5));
            await Report(dispatcher, "shaxi-c01");
        }

        public Task DisposeAsync() => App.DisposeAsync().AsTask();
    }

    private readonly DispatchAppFactory app = november.App;

    [Fact]
    public async Task The_city_report_counts_the_months_demands_for_the_stations_holding_them()
    {
        var report = await Get(DemoUsers.Leader, "/api/reports/2026-11");

        Assert.Equal("2026-11-01", report.GetProperty("month").GetString());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("stationId").ValueKind);
        Assert.Equal(2, report.GetProperty("figures").GetProperty("orders").GetProperty("reported").GetInt32());
        var stations = report.GetProperty("stations").EnumerateArray()
            .ToDictionary(s => s.GetProperty("stationId").GetString()!, s => s.GetProperty("figures"));
        Assert.Equal(8, stations.Count);
        // A is held by 城厢; B, undispatched, by its home station 沙溪.
        Assert.Equal(1, stations["chengxiang"].GetProperty("orders").GetProperty("reported").GetInt32());
        Assert.Equal(1, stations["shaxi"].GetProperty("orders").GetProperty("reported").GetInt32());
        Assert.Equal(0, stations["ludu"].GetProperty("orders").GetProperty("reported").GetInt32());
        // Nothing accepted yet and nobody due a visit: no figure to show, and null rather than NaN.
        Assert.Equal(0, report.GetProperty("figures").GetProperty("acceptanceTime").GetProperty("count").GetInt32());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("figures").GetProperty("acceptanceTime").GetProperty("median").ValueKind);
        Assert.Equal(JsonValueKind.Null, report.GetProperty("figures").GetProperty("visits").GetProperty("rate").ValueKind);
        Assert.Equal(JsonValueKind.Null, report.GetProperty("figures").GetProperty("sla").GetProperty("rate").ValueKind);
    }

    [Fact]
    public async Task The_report_downloads_as_a_workbook_in_the_user_s_language_with_the_same_checks()
    {
        var dispatcher = await As(DemoUsers.Dispatcher);

        var response = await dispatcher.GetAsync("/api/reports/2026-11.xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SheetWriter.XlsxContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("dispatch-report-city-2026-11.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var rows = SheetReader.ReadXlsx(await response.Content.ReadAsStreamAsync());
        Assert.Contains(rows, r => r.Cells.Contains("月份") && r.Cells.Contains("2026-11"));
        await AssertProblem(await dispatcher.GetAsync("/api/reports/2026-13.xlsx"), HttpStatusCode.BadRequest, "yyyy-MM");
        Assert.Equal(HttpStatusCode.Forbidden, (await (await As(DemoUsers.HeadOf("chengxiang"))).GetAsync("/api/reports/2026-11.xlsx")).StatusCode);
    }

    [Fact]
    public async Task A_station_head_gets_their_own_stations_report_and_no_other()
    {
        var own = await Get(DemoUsers.HeadOf("chengxiang"), "/api/reports/2026-11/stations/chengxiang");
        Assert.Equal("chengxiang", own.GetProperty("stationId").GetString());
        Assert.Equal("城厢镇社工站", own.GetProperty("stationName").GetString());
        Assert.Equal(1, own.GetProperty("figures").GetProperty("orders").GetProperty("reported").GetInt32());
        Assert.Empty(own.GetProperty("stations").EnumerateArray());

        var head = await As(DemoUsers.HeadOf("chengxiang"));
        await AssertProblem(await head.GetAsync("/api/reports/2026-11/stations/shaxi"), HttpStatusCode.Forbidden, "may not see station 'shaxi'");
        await AssertProblem(await head.GetAsync("/api/reports/2026-11"), HttpStatusCode.Forbidden, "Only city roles");
        // An unknown station is as forbidden to a head as another one: the answer must not tell them apart.
        await AssertProblem(await head.GetAsync("/api/reports/2026-11/stations/nowhere"), HttpStatusCode.Forbidden, "nowhere");
    }

    [Fact]
    public async Task City_roles_see_any_station_and_an_unknown_one_is_404()
    {
        foreach (var user in new[] { DemoUsers.Dispatcher, DemoUsers.Leader, DemoUsers.Admin })
        {
            Assert.Equal("shaxi", (await Get(user, "/api/reports/2026-11/stations/shaxi")).GetProperty("stationId").GetString());
        }
        await AssertProblem(await (await As(DemoUsers.Leader)).GetAsync("/api/reports/2026-11/stations/nowhere"), HttpStatusCode.NotFound, "station");
    }

    [Fact]
    public async Task Social_workers_and_anonymous_callers_get_no_report()
    {
        var worker = await As(DemoUsers.WorkerUser("w001"));
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.GetAsync("/api/reports/2026-11")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.GetAsync("/api/reports/2026-11/stations/chengxiang")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/reports/2026-11")).StatusCode);
    }

    [Theory]
    [InlineData("november")]
    [InlineData("2026-13")]
    [InlineData("2026-11-01")]
    [InlineData("26-11")]
    public async Task A_month_not_written_yyyy_MM_is_400_saying_so(string month)
    {
        var leader = await As(DemoUsers.Leader);

        await AssertProblem(await leader.GetAsync($"/api/reports/{month}"), HttpStatusCode.BadRequest, "yyyy-MM");
        await AssertProblem(await leader.GetAsync($"/api/reports/{month}/stations/chengxiang"), HttpStatusCode.BadRequest, "yyyy-MM");
    }

    [Fact]
    public async Task A_month_that_has_not_begun_is_400_and_a_past_one_is_empty()
    {
        var leader = await As(DemoUsers.Leader);
        await AssertProblem(await leader.GetAsync("/api/reports/2026-12"), HttpStatusCode.BadRequest, "has not begun");

        var october = await Get(DemoUsers.Leader, "/api/reports/2026-10");
        Assert.Equal(0, october.GetProperty("figures").GetProperty("orders").GetProperty("reported").GetInt32());
        Assert.Equal("2026-11-01T00:00:00+08:00", october.GetProperty("asOf").GetDateTimeOffset().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:sszzz"));
    }

    private async Task<JsonElement> Get(string userName, string path)
    {
        var response = await (await As(userName)).GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} as {userName}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await DemandApi.Read(response);
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string saying)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(saying, body);
    }

    private static async Task<string> Report(HttpClient client, string communityId)
    {
        var response = await client.PostAsJsonAsync("/api/demands", DemandApi.NewDemand(communityId));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await DemandApi.Read(response)).GetProperty("demand").GetProperty("id").GetString()!;
    }

    /// <summary>A client of this host signed in as <paramref name="userName"/> with a bearer token.</summary>
    private Task<HttpClient> As(string userName) => As(app, userName);

    private static async Task<HttpClient> As(DispatchAppFactory app, string userName)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password = DemoUsers.Password });
        Assert.True(response.IsSuccessStatusCode, $"sign-in as {userName}: {(int)response.StatusCode}");
        client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", (await DemandApi.Read(response)).GetProperty("accessToken").GetString());
        return client;
    }
}
