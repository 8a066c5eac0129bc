using System.Net;
using System.Text.Json;
using Dispatch.Contracts.Kpis;
using Dispatch.Testing;
using Dispatch.Web.Tests.Infrastructure;

namespace Dispatch.Web.Tests.Api;

/// <summary>
/// KPI figures against values computed by hand from a scripted day (minutes after 09:00):
/// A urgent: reported 0, dispatched 5 (城厢), accepted 15, contact 60, closed 180, callback 5.
/// B normal: reported 10, dispatched 20 (沙溪), returned 30, dispatched 40 (城厢), accepted 220, contact 1600.
/// C routine: reported 30, cancelled 35.  D urgent: reported 100, dispatched 101 (城厢), never accepted.
/// Now: 1700.
/// </summary>
public sealed class KpiTests(AzuriteFixture azurite, KpiTests.ScriptedDay day) : ApiTest(azurite, day.App), IClassFixture<KpiTests.ScriptedDay>
{
    /// <summary>The day above, played once for the class on its own host: every test only reads its figures.</summary>
    public sealed class ScriptedDay(AzuriteFixture azurite) : IAsyncLifetime
    {
        public DispatchAppFactory App { get; } = new(azurite);

        public async Task InitializeAsync()
        {
            var api = await DemandApi.For(App);
            var worker = (await api.Get("/api/workers?station=chengxiang"))[0].GetProperty("id").GetString();

            var a = await At(0, () => api.ReportId(DemandApi.NewDemand("chengxiang-c01", "Urgent")));
            await At(5, () => api.Act(a, "dispatch", new { stationId = "chengxiang" }));
            var b = await At(10, () => api.ReportId(DemandApi.NewDemand("shaxi-c01", "Normal")));
            await At(15, () => api.Act(a, "accept"));
            await At(16, () => api.Act(a, "assign", new { workerId = worker }));
            await At(20, () => api.Act(b, "dispatch", new { stationId = "shaxi" }));
            await At(30, () => api.Act(b, "return", new { reason = "不属于本站" }));
            var c = await At(30, () => api.ReportId(DemandApi.NewDemand("chengxiang-c02", "Routine")));
            await At(35, () => api.Act(c, "cancel", new { reason = "重复上报" }));
            await At(40, () => api.Act(b, "dispatch", new { stationId = "chengxiang" }));
            await At(60, () => api.Act(a, "contact", new { note = "已联系" }));
            var step = 61;
            foreach (var name in DemandApi.Steps)
            {
                await At(step++, () => api.Step(a, name, risk: "Low"));
            }
            var d = await At(100, () => api.ReportId(DemandApi.NewDemand("chengxiang-c01", "Urgent")));
            await At(101, () => api.Act(d, "dispatch", new { stationId = "chengxiang" }));
            await At(180, () => api.Act(a, "close", new { summary = "完成" }));
            await At(181, () => api.Act(a, "callback", new { rating = 5 }));
            await At(220, () => api.Act(b, "accept"));
            await At(221, () => api.Act(b, "assign", new { workerId = worker }));
            await At(1600, () => api.Act(b, "contact", new { note = "已联系" }));
            MoveTo(1700);
        }

        public Task DisposeAsync() => App.DisposeAsync().AsTask();

        private async Task<T> At<T>(int minute, Func<Task<T>> action)
        {
            MoveTo(minute);
            return await action();
        }

        private void MoveTo(int minute)
        {
            var target = DispatchAppFactory.Start.AddMinutes(minute);
            if (target > App.Clock.GetUtcNow())
            {
                App.Clock.SetUtcNow(target);
            }
        }
    }

    [Fact]
    public async Task Overall_figures_match_the_hand_computed_day()
    {
        var overall = (await Api.Get("/api/kpis")).GetProperty("overall");

        Assert.Equal(4, overall.GetProperty("reported").GetInt32());
        Assert.Equal(1, overall.GetProperty("closed").GetInt32());
        Assert.Equal(1, overall.GetProperty("cancelled").GetInt32());
        // Dispatch time: 5, 10, 1 minutes. Nearest-rank median of 3 is the 2nd, p90 the 3rd.
        AssertStats(overall.GetProperty("dispatchTime"), 3, "00:05:20", "00:05:00", "00:10:00");
        // Acceptance: A 10 min; B 180 min, measured from its last dispatch (40 → 220).
        AssertStats(overall.GetProperty("acceptanceTime"), 2, "01:35:00", "00:10:00", "03:00:00");
        // Response: A 60 min; B 1590 min from its report.
        AssertStats(overall.GetProperty("responseTime"), 2, "13:45:00", "01:00:00", "1.02:30:00");
        AssertStats(overall.GetProperty("resolutionTime"), 1, "03:00:00", "03:00:00", "03:00:00");

        var sla = overall.GetProperty("sla").EnumerateArray()
            .ToDictionary(s => $"{s.GetProperty("urgency").GetString()}/{s.GetProperty("kind").GetString()}",
                s => (Met: s.GetProperty("met").GetInt32(), Missed: s.GetProperty("missed").GetInt32()));
        Assert.Equal((1, 1), sla["Urgent/Acceptance"]);   // A in 10 of 15 min; D still waiting after 1599 min.
        Assert.Equal((1, 1), sla["Urgent/Contact"]);      // A in 60 of 120 min; D uncontacted after 1600 min.
        Assert.Equal((0, 1), sla["Normal/Acceptance"]);   // B took 180 of 120 min.
        Assert.Equal((0, 1), sla["Normal/Contact"]);      // B took 1590 of 1440 min.
        Assert.Equal((0, 0), sla["Routine/Acceptance"]);  // C was cancelled before anything was due.
        Assert.Equal((0, 0), sla["Routine/Contact"]);
        Assert.Equal(2.0 / 6, overall.GetProperty("slaComplianceRate").GetDouble(), 6);

        var backlog = overall.GetProperty("backlog");
        Assert.Equal(2, backlog.GetProperty("open").GetInt32());
        Assert.Equal(1, backlog.GetProperty("byState").GetProperty("Dispatched").GetInt32());
        Assert.Equal(1, backlog.GetProperty("byState").GetProperty("InService").GetInt32());
        Assert.Equal(0, backlog.GetProperty("byState").GetProperty("Reported").GetInt32());
        Assert.Equal(1, backlog.GetProperty("byUrgency").GetProperty("Urgent").GetInt32());
        Assert.Equal(1, backlog.GetProperty("byUrgency").GetProperty("Normal").GetInt32());
        Assert.Equal(2, backlog.GetProperty("byAge").GetProperty("OneToThreeDays").GetInt32());

        Assert.Equal(4, overall.GetProperty("dispatches").GetInt32());
        Assert.Equal(1, overall.GetProperty("returns").GetInt32());
        Assert.Equal(0.25, overall.GetProperty("returnRate").GetDouble(), 6);
        var satisfaction = overall.GetProperty("satisfaction");
        Assert.Equal(1, satisfaction.GetProperty("callbacks").GetInt32());
        Assert.Equal(5.0, satisfaction.GetProperty("meanRating").GetDouble());
        Assert.Equal(1.0, satisfaction.GetProperty("shareAtLeastFour").GetDouble());
        var service = Assert.Single(overall.GetProperty("services").EnumerateArray());
        Assert.Equal("ElderlyAndChildCare", service.GetProperty("serviceType").GetString());
        Assert.Equal(1, service.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Per_station_figures_count_returns_against_the_returning_station()
    {
        var stations = (await Api.Get("/api/kpis/stations?limit=500")).GetProperty("items").EnumerateArray()
            .ToDictionary(s => s.GetProperty("stationId").GetString()!, s => s.GetProperty("figures"));
        Assert.Equal(8, stations.Count);

        var chengxiang = stations["chengxiang"];
        Assert.Equal(4, chengxiang.GetProperty("reported").GetInt32());
        Assert.Equal(3, chengxiang.GetProperty("dispatches").GetInt32());
        Assert.Equal(0, chengxiang.GetProperty("returns").GetInt32());
        Assert.Equal(2, chengxiang.GetProperty("backlog").GetProperty("open").GetInt32());

        var shaxi = stations["shaxi"];
        Assert.Equal(0, shaxi.GetProperty("reported").GetInt32());
        Assert.Equal(1, shaxi.GetProperty("dispatches").GetInt32());
        Assert.Equal(1.0, shaxi.GetProperty("returnRate").GetDouble());
        Assert.Equal(JsonValueKind.Null, stations["ludu"].GetProperty("returnRate").ValueKind);
    }

    [Fact]
    public async Task The_default_answer_is_the_overall_figures_and_coverage_counts_which_the_stations_rows_add_up_to()
    {
        var report = await Api.Get("/api/kpis");
        Assert.Equal(["computedAt", "from", "to", "overall", "coverage"], report.EnumerateObject().Select(p => p.Name));

        // Every order here is attributed to a station of the directory, so the city's figures are the stations' sums.
        var overall = report.GetProperty("overall");
        var stations = (await Api.Get("/api/kpis/stations?limit=500")).GetProperty("items").EnumerateArray().Select(s => s.GetProperty("figures")).ToList();
        foreach (var figure in new[] { "reported", "closed", "cancelled", "dispatches", "returns" })
        {
            Assert.Equal(overall.GetProperty(figure).GetInt32(), stations.Sum(s => s.GetProperty(figure).GetInt32()));
        }
        Assert.Equal(overall.GetProperty("backlog").GetProperty("open").GetInt32(), stations.Sum(s => s.GetProperty("backlog").GetProperty("open").GetInt32()));
        Assert.Equal(4, overall.GetProperty("reported").GetInt32());
    }

    [Theory]
    [InlineData("stations")]
    [InlineData("workers")]
    public async Task Pages_follow_one_another_in_the_directorys_order_without_gaps_or_overlaps(string rows)
    {
        var key = rows == "stations" ? "stationId" : "workerId";
        var whole = await Api.Get($"/api/kpis/{rows}?limit=500");
        Assert.Equal(JsonValueKind.Null, whole.GetProperty("nextOffset").ValueKind);
        var all = whole.GetProperty("items").EnumerateArray().Select(r => r.GetRawText()).ToList();
        // The directory's order: /api/stations lists each station with its communities and workers, /api/workers every worker.
        var directory = rows == "stations"
            ? (await Api.Get("/api/stations")).EnumerateArray().Select(r => r.GetProperty("station").GetProperty("id").GetString())
            : (await Api.Get("/api/workers")).EnumerateArray().Where(r => r.GetProperty("isActive").GetBoolean()).Select(r => r.GetProperty("id").GetString());
        Assert.Equal(directory, whole.GetProperty("items").EnumerateArray().Select(r => r.GetProperty(key).GetString()));

        var paged = new List<string>();
        for (int? offset = 0; offset is { } at;)
        {
            var page = await Api.Get($"/api/kpis/{rows}?offset={at}&limit=3");
            var items = page.GetProperty("items").EnumerateArray().Select(r => r.GetRawText()).ToList();
            Assert.InRange(items.Count, 1, 3);
            paged.AddRange(items);
            offset = page.GetProperty("nextOffset").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextOffset").GetInt32();
            Assert.True(offset is null || offset == at + 3, $"after offset {at} came {offset}");
        }
        Assert.Equal(all, paged);
        Assert.Empty((await Api.Get($"/api/kpis/{rows}?offset={all.Count}")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task The_default_page_holds_fifty_rows()
    {
        var page = await Api.Get("/api/kpis/workers");
        Assert.Equal(50, page.GetProperty("items").GetArrayLength());
        Assert.Equal(50, page.GetProperty("nextOffset").GetInt32());
    }

    [Theory]
    [InlineData("stations", "offset=-1", "offset")]
    [InlineData("stations", "limit=0", "limit")]
    [InlineData("stations", "limit=501", "limit")]
    [InlineData("workers", "offset=-5&limit=10", "offset")]
    [InlineData("workers", "limit=-1", "limit")]
    public async Task A_bad_page_is_refused_naming_the_field_alone(string rows, string query, string field)
    {
        var response = await Api.Http.GetAsync($"/api/kpis/{rows}?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await DemandApi.Read(response)).GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(e => e.Name));
        Assert.Contains(field, errors.GetProperty(field)[0].GetString());
    }

    [Fact]
    public async Task One_stations_rows_are_asked_by_station_and_a_station_head_gets_only_their_own()
    {
        var workers = await Api.Get("/api/kpis/workers?station=chengxiang&limit=500");
        Assert.NotEmpty(workers.GetProperty("items").EnumerateArray());
        Assert.All(workers.GetProperty("items").EnumerateArray(), w => Assert.Equal("chengxiang", w.GetProperty("stationId").GetString()));
        var station = Assert.Single((await Api.Get("/api/kpis/stations?station=chengxiang")).GetProperty("items").EnumerateArray());
        Assert.Equal(4, station.GetProperty("figures").GetProperty("reported").GetInt32());

        var head = await Api.AsHeadOf("shaxi");
        var own = Assert.Single((await head.Get("/api/kpis/stations")).GetProperty("items").EnumerateArray());
        Assert.Equal("shaxi", own.GetProperty("stationId").GetString());
        Assert.Equal(own.GetProperty("figures").GetRawText(), (await head.Get("/api/kpis")).GetProperty("overall").GetRawText());
        Assert.All((await head.Get("/api/kpis/workers?limit=500")).GetProperty("items").EnumerateArray(),
            w => Assert.Equal("shaxi", w.GetProperty("stationId").GetString()));
        // Another station's rows, as with lists of orders: the filter meets what the head may see, which is nothing.
        Assert.Empty((await head.Get("/api/kpis/stations?station=chengxiang")).GetProperty("items").EnumerateArray());
        Assert.Empty((await head.Get("/api/kpis/workers?station=chengxiang")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_time_window_limits_time_figures_but_not_the_backlog()
    {
        var from = Uri.EscapeDataString(DispatchAppFactory.Start.AddHours(1).ToString("O"));
        var overall = (await Api.Get($"/api/kpis?from={from}")).GetProperty("overall");
        Assert.Equal(1, overall.GetProperty("reported").GetInt32());       // D
        AssertStats(overall.GetProperty("dispatchTime"), 1, "00:01:00", "00:01:00", "00:01:00");
        Assert.Equal(2, overall.GetProperty("backlog").GetProperty("open").GetInt32());
    }

    [Theory]
    [InlineData(10, "day")]
    [InlineData(75, "month")]
    public async Task An_end_older_than_the_hours_kept_widens_to_its_day_or_month_and_the_answer_names_it(int daysBack, string unit)
    {
        var asked = DispatchAppFactory.Start.AddDays(-daysBack).AddHours(3);
        var to = DispatchAppFactory.Start.AddHours(1);
        var answer = await Api.Get($"/api/kpis?from={Uri.EscapeDataString(asked.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}");

        var counted = unit == "day" ? KpiLedger.DayOf(asked) : KpiLedger.MonthOf(asked);
        Assert.True(counted < asked);
        Assert.Equal(counted, answer.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(to, answer.GetProperty("to").GetDateTimeOffset());
        Assert.Equal(3, answer.GetProperty("overall").GetProperty("reported").GetInt32());   // A, B, C
    }

    [Fact]
    public async Task A_window_between_whole_hours_is_refused_with_what_to_send_instead()
    {
        var from = Uri.EscapeDataString(DispatchAppFactory.Start.AddMinutes(25).ToString("O"));
        var response = await Api.Http.GetAsync($"/api/kpis?from={from}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("whole hour", problem.GetProperty("errors").GetProperty("from")[0].GetString());
    }

    [Fact]
    public async Task Worker_load_and_coverage_come_with_the_kpis()
    {
        var load = (await Api.Get("/api/kpis/workers?limit=500")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(80, load.Count);
        Assert.Equal(1, load.Sum(w => w.GetProperty("openCases").GetInt32()));   // B is open with its worker; A closed.
        Assert.All(load, w => Assert.InRange(w.GetProperty("communitiesCovered").GetInt32(), 2, 3));
        var coverage = (await Api.Get("/api/kpis")).GetProperty("coverage");
        Assert.Equal(0, coverage.GetProperty("uncoveredCommunities").GetInt32());
        Assert.Equal(0, coverage.GetProperty("workersOutsideNorm").GetInt32());
    }

    private static void AssertStats(JsonElement stats, int count, string mean, string median, string p90)
    {
        Assert.Equal(count, stats.GetProperty("count").GetInt32());
        Assert.Equal(mean, stats.GetProperty("mean").GetString());
        Assert.Equal(median, stats.GetProperty("median").GetString());
        Assert.Equal(p90, stats.GetProperty("p90").GetString());
    }
}
