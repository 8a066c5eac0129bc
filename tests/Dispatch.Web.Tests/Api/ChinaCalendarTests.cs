using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.DemoData;
using Dispatch.Web.Kpis;
using Dispatch.Web.Reports;
using Dispatch.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dispatch.Web.Tests.Api;

/// <summary>
/// The hosts' usual clock (a Monday 09:00) is the same calendar day in China and in UTC, so a "today" or a month taken
/// from UTC passes unseen. Each case here runs one host on a clock where the two part: before dawn in China (still
/// yesterday in UTC), a weekend, the last evening of a month crossing into the next, and the first morning of a month
/// (still the previous month in UTC). One body walks everything dated by "today" or "this month" through the API.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ChinaCalendarTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);
    private static readonly string Community = TaicangDemoData.Create().FindWorker("w001")!.CommunityIds[0];
    private static readonly DispatchUser Dispatcher = new(DemoUsers.Dispatcher, DemoUsers.Dispatcher, ActorRole.Dispatcher);

    /// <summary>Start instants, China time.</summary>
    public static TheoryData<string> Clocks { get; } = new()
    {
        "2026-11-03T06:30:00+08:00", // Tuesday before dawn: Monday in UTC; the flow ends after UTC midnight
        "2026-11-08T10:00:00+08:00", // Sunday
        "2026-11-30T23:30:00+08:00", // the month's last evening; the flow ends on 1 December
        "2026-12-01T06:00:00+08:00", // the month's first morning: still November in UTC
    };

    [Theory]
    [MemberData(nameof(Clocks))]
    public async Task Today_and_this_month_are_China_s_in_every_figure(string clock)
    {
        var start = DateTimeOffset.Parse(clock, CultureInfo.InvariantCulture);
        await using var app = new DispatchAppFactory(azurite, clock: new FakeTimeProvider(start));
        var api = await DemandApi.For(app);
        var today = ChinaDay(start);
        var firstOfMonth = new DateOnly(today.Year, today.Month, 1);
        var lastOfMonth = firstOfMonth.AddMonths(1).AddDays(-1);

        // Taken in today: the order number carries China's date.
        var id = await api.ReportId(DemandApi.NewDemand(urgency: "Urgent"));
        Assert.StartsWith(today.ToString("yyyyMMdd", CultureInfo.InvariantCulture), id);

        // Two people in a monthly category since the first of this month: both due by its last day, neither overdue yet.
        var head = await app.ClientFor(DemoUsers.HeadOf("chengxiang"));
        var random = new Random(13);
        var visited = await Register(head, "王秀英", KeyPersonDemoData.NextIdNumber(random), firstOfMonth);
        var notVisited = await Register(head, "李桂兰", KeyPersonDemoData.NextIdNumber(random), firstOfMonth);
        var plan = await Plan(api);
        foreach (var person in new[] { visited, notVisited })
        {
            Assert.Equal([lastOfMonth.ToString("O")], plan[person].GetProperty("dueDates").EnumerateArray().Select(d => d.GetString()));
            Assert.False(plan[person].GetProperty("isOverdue").GetBoolean());
            Assert.Equal(lastOfMonth.DayNumber - today.DayNumber + 1, plan[person].GetProperty("daysLeft").GetInt32());
        }

        // A visit dated today is not "in the future", and the need it finds is taken in today.
        var worker = await app.ClientFor(DemoUsers.WorkerUser("w001"));
        var visit = await worker.PostAsJsonAsync($"/api/key-persons/{visited}/visits", new
        {
            on = today,
            found = true,
            observations = "老人独居，冰箱空了",
            needs = new[] { new { description = "需要助餐服务", serviceType = "ElderlyAndChildCare", urgency = "Normal" } },
        });
        Assert.True(visit.IsSuccessStatusCode, $"visit on {today}: {(int)visit.StatusCode} {await visit.Content.ReadAsStringAsync()}");
        Assert.Equal(1, (await Plan(api))[visited].GetProperty("done").GetInt32());

        // The flow, with the first contact late: the breach is flagged at the deadline two hours after the report.
        app.Clock.Advance(TimeSpan.FromMinutes(3));
        await api.Act(id, "dispatch", new { stationId = "chengxiang" });
        app.Clock.Advance(TimeSpan.FromMinutes(7));
        await api.Act(id, "accept");
        await api.Act(id, "assign", new { workerId = "w001" });
        app.Clock.SetUtcNow(start + TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        var reassigned = (await api.Act(id, "assign", new { workerId = "w002" })).GetProperty("demand");
        Assert.True(reassigned.GetProperty("isOverdue").GetBoolean());
        var breach = Assert.Single(reassigned.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "SlaBreached");
        Assert.Equal("Contact", breach.GetProperty("breach").GetProperty("kind").GetString());
        Assert.Equal(start + TimeSpan.FromHours(2), breach.GetProperty("breach").GetProperty("dueAt").GetDateTimeOffset());
        Assert.Contains(id, DemandApi.Ids(await api.Get("/api/demands?overdue=true")));
        await api.Act(id, "contact", new { note = "已电话联系，约定上门。" });
        foreach (var step in DemandApi.Steps)
        {
            await api.Step(id, step);
        }
        await api.Act(id, "close", new { summary = "服务完成" });
        await api.Act(id, "callback", new { rating = 5, note = "满意" });

        // Two hours on it may be another day, even another month: the order and the need belong to the day they came in.
        var now = app.Clock.GetUtcNow();
        var nowDay = ChinaDay(now);
        var crossedMonth = nowDay.Month != today.Month;
        var reportedToday = nowDay == today ? 2 : 0;
        Assert.Equal(reportedToday, (await Kpis(api, nowDay)).GetProperty("reported").GetInt32());
        var thatDay = await Kpis(api, today);
        Assert.Equal(2, thatDay.GetProperty("reported").GetInt32());
        Assert.Equal(1, thatDay.GetProperty("closed").GetInt32());

        // The leader wall's "today" tile and its last daily bar are China's day.
        var wall = await app.Services.GetRequiredService<KpiDashboardService>().Load(Dispatcher);
        Assert.Equal(reportedToday, wall!.Today.Overall.Reported);
        Assert.Equal(Midnight(nowDay), wall.Daily.Buckets[^1].Start);
        Assert.Equal(reportedToday, wall.Daily.Buckets[^1].Reported);

        // Into a new month: the visited person is due again, the other missed last month and is overdue at once.
        plan = await Plan(api);
        Assert.Equal(crossedMonth ? 0 : 1, plan[visited].GetProperty("done").GetInt32());
        Assert.False(plan[visited].GetProperty("isOverdue").GetBoolean());
        Assert.Equal(crossedMonth, plan[notVisited].GetProperty("isOverdue").GetBoolean());
        Assert.Equal(crossedMonth, plan[notVisited].GetProperty("missedLastMonth").GetBoolean());
        var rates = await api.Get("/api/visits/rates");
        Assert.Equal(nowDay.ToString("O"), rates.GetProperty("today").GetString());
        Assert.Equal(new DateOnly(nowDay.Year, nowDay.Month, 1).ToString("O"), rates.GetProperty("month").GetString());

        // The report of the month the day began in counts both orders and the visit; "this month" is China's now.
        var report = await api.Get($"/api/reports/{MonthText(today)}");
        Assert.Equal(2, report.GetProperty("figures").GetProperty("orders").GetProperty("reported").GetInt32());
        Assert.Equal(2, report.GetProperty("figures").GetProperty("visits").GetProperty("due").GetInt32());
        Assert.Equal(1, report.GetProperty("figures").GetProperty("visits").GetProperty("visited").GetInt32());
        var thisMonth = await api.Get($"/api/reports/{MonthText(nowDay)}");
        Assert.Equal(crossedMonth ? 0 : 2, thisMonth.GetProperty("figures").GetProperty("orders").GetProperty("reported").GetInt32());
        var choices = await app.Services.GetRequiredService<IReportService>().Choices(Dispatcher);
        Assert.Equal(new DateOnly(nowDay.Year, nowDay.Month, 1), choices!.ThisMonth);
    }

    /// <summary>China's date, worked out here rather than by the code under test: China keeps UTC+8 all year.</summary>
    private static DateOnly ChinaDay(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(ChinaOffset).DateTime);

    private static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), ChinaOffset);

    private static string MonthText(DateOnly day) => day.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The city's figures for demands reported on China's <paramref name="day"/>.</summary>
    private static async Task<JsonElement> Kpis(DemandApi api, DateOnly day)
    {
        var (from, to) = (Uri.EscapeDataString(Midnight(day).ToString("O")), Uri.EscapeDataString(Midnight(day.AddDays(1)).ToString("O")));
        return (await api.Get($"/api/kpis?from={from}&to={to}")).GetProperty("overall");
    }

    private static async Task<Dictionary<string, JsonElement>> Plan(DemandApi api) =>
        (await api.Get("/api/visits/plan?station=chengxiang")).EnumerateArray()
            .ToDictionary(d => d.GetProperty("personId").GetString()!);


    private static async Task<string> Register(HttpClient head, string name, string idNumber, DateOnly since)
    {
        var response = await head.PostAsJsonAsync("/api/key-persons", new
        {
            name,
            idNumber,
            phone = "13800000000",
            communityId = Community,
            categories = new[] { new { categoryId = "elderly-alone", since } },
            riskLevel = "Medium",
        });
        Assert.True(response.IsSuccessStatusCode, $"registering {name} since {since}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await DemandApi.Read(response)).GetProperty("id").GetString()!;
    }
}
