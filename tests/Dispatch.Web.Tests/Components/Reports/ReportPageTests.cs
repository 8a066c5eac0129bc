using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using Bunit;
using Dispatch.Contracts;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Reports;
using Dispatch.Web.Components.Pages.Reports;
using Dispatch.Web.Localization;
using Dispatch.Web.Reports;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using static Dispatch.Web.Tests.Components.Kpi.TestKpis;

namespace Dispatch.Web.Tests.Components.Reports;

/// <summary>
/// A report service over a fixed November (the test clock's month): D1 reported in 城厢 on 11-01 09:00, accepted after
/// 10 min, contacted after 60 min, closed with rating 5 and 3 person-times of elderly care; D2 reported in 沙溪, waiting.
/// It checks access as the real one does and records what it was asked.
/// </summary>
public sealed class FakeReportService(TimeProvider clock) : IReportService
{
    private static readonly DateTimeOffset November1 = new(2026, 11, 1, 9, 0, 0, TimeSpan.FromHours(8));

    private static readonly ReportInputs Inputs = new(
        [
            TestDemands.Summary("D1", DemandState.Closed, reportedAt: November1, dispatchedAt: November1.AddMinutes(5), stationId: "chengxiang")
                with
                {
                    AcceptedAt = November1.AddMinutes(15), FirstContactAt = November1.AddMinutes(60), ClosedAt = November1.AddHours(3), SatisfactionRating = 5,
                    Services = [new ServiceTally(ServiceType.ElderlyAndChildCare, 3, new DateOnly(2026, 11, 1))],
                    ResourcesLinked = [new ResourceLink("慈善超市", new DateOnly(2026, 11, 1))],
                },
            TestDemands.Summary("D2", DemandState.Reported, reportedAt: November1.AddHours(1), communityId: "shaxi-c01", homeStationId: "shaxi"),
        ],
        []);

    public List<(DateOnly Month, string? StationId)> Asked { get; } = [];

    public Task<ReportChoices?> Choices(DispatchUser user)
    {
        var stations = City.Stations.RemoveAll(s => !AccessPolicy.CanSeeStation(user, s.Id));
        return Task.FromResult<ReportChoices?>(AccessPolicy.CanSeeCity(user) || !stations.IsEmpty
            ? new ReportChoices(AccessPolicy.CanSeeCity(user), stations, new DateOnly(2026, 11, 1))
            : null);
    }

    public Task<ReportAnswer> Monthly(DispatchUser user, DateOnly month, string? stationId)
    {
        Asked.Add((month, stationId));
        var now = clock.GetUtcNow();
        var answer = !(stationId is null ? AccessPolicy.CanSeeCity(user) : AccessPolicy.CanSeeStation(user, stationId))
            ? ReportAnswer.Refused(ReportRefusal.Forbidden)
            : month > ChinaCalendar.DateOf(now)
                ? ReportAnswer.Refused(ReportRefusal.FutureMonth)
                : new ReportAnswer(MonthlyReportCalculator.Compute(Inputs, City, month, stationId, now), City, null);
        return Task.FromResult(answer);
    }
}

public abstract class ReportPageTestBase : ComponentTest
{
    public static readonly DispatchUser Leader = new("u-leader", "林局长", ActorRole.Leader);
    public static readonly DispatchUser Head = new("u-head", "陈站长", ActorRole.StationHead, StationId: "chengxiang");

    protected ReportPageTestBase(string culture = SupportedCultures.Chinese) : base(culture)
    {
        Reports = new FakeReportService(Clock);
        Services.AddSingleton<IReportService>(Reports);
    }

    protected FakeReportService Reports { get; }

    protected IRenderedComponent<ReportPage> RenderReport(string? month = null, string? station = null)
    {
        // The station comes from the query string, as the router supplies it.
        Services.GetRequiredService<NavigationManager>().NavigateTo(
            $"reports{(month is null ? "" : $"/{month}")}{(station is null ? "" : $"?station={station}")}");
        var page = RenderPage<ReportPage>(p => p.Add(r => r.Month, month));
        page.WaitForElement("[data-test=report-heading], [data-test=report-problem], [data-test=report-not-allowed]");
        return page;
    }

    /// <summary>The table under the section heading <paramref name="title"/>, as rows of cell texts (header first).</summary>
    protected static List<string[]> Table(IRenderedComponent<ReportPage> page, string title) =>
        page.FindAll("[data-test=report-section]")
            .Single(s => s.QuerySelector("h2")?.TextContent == title)
            .QuerySelectorAll("tr")
            .Select(r => r.QuerySelectorAll("th, td").Select(c => c.TextContent.Trim()).ToArray())
            .ToList();

    protected static string Value(IRenderedComponent<ReportPage> page, string section, string figure) =>
        Table(page, section).Single(r => r[0] == figure)[1];
}

public sealed class ReportPageTests : ReportPageTestBase
{
    [Fact]
    public void A_leader_sees_this_months_city_report_with_every_figure_and_each_station()
    {
        SignIn(Leader);
        var page = RenderReport();

        Assert.Equal("2026-11 全市 月报", page.Find("[data-test=report-heading]").TextContent);
        Assert.Contains("2026-11-02 10:00", page.Find("[data-test=report-as-of]").TextContent);
        Assert.Contains("本月尚未结束", page.Find("[data-test=report-in-progress]").TextContent);
        Assert.Equal([(new DateOnly(2026, 11, 1), null)], Reports.Asked);

        Assert.Equal("2", Value(page, "概况", "受理工单"));
        Assert.Equal("1", Value(page, "概况", "办结工单"));
        Assert.Equal("3", Value(page, "概况", "服务人次"));
        Assert.Equal("10", Value(page, "概况", "接单时长中位数（分钟）"));
        Assert.Equal("60", Value(page, "概况", "首次联系时长中位数（分钟）"));
        Assert.Equal("5", Value(page, "概况", "平均满意度（1–5 分）"));
        Assert.Equal("—", Value(page, "概况", "走访率（%）"));   // nobody due a visit: no rate, not 0 %
        Assert.Equal(["老幼关爱", "3", "1"], Table(page, "按服务类型").Single(r => r[0] == "老幼关爱"));
        Assert.Equal(["独居老人", "3", "1"], Table(page, "按人群类别")[1]);
        Assert.Equal(["慈善超市", "1"], Table(page, "链接资源")[1]);

        var stations = Table(page, "各社工站");
        Assert.Equal("社工站", stations[0][0]);
        Assert.Equal(["城厢镇社工站", "1", "1"], stations[1][..3]);
        Assert.Equal(["沙溪镇社工站", "1", "0"], stations[2][..3]);
        Assert.Equal("api/reports/2026-11.xlsx", page.Find("[data-test=download]").GetAttribute("href"));
    }

    [Fact]
    public async Task A_city_role_picks_any_station_and_month_and_the_url_follows()
    {
        SignIn(Leader);
        var page = RenderReport("2026-11", "shaxi");

        Assert.Equal("2026-11 沙溪镇社工站 月报", page.Find("[data-test=report-heading]").TextContent);
        Assert.DoesNotContain(page.FindAll("[data-test=report-section] h2"), h => h.TextContent == "各社工站");
        Assert.Equal("api/reports/2026-11/stations/shaxi.xlsx", page.Find("[data-test=download]").GetAttribute("href"));
        var navigation = Services.GetRequiredService<NavigationManager>();

        await page.InvokeAsync(() => page.FindComponent<MudSelect<string>>().Instance.SelectOption("chengxiang"));
        Assert.EndsWith("/reports/2026-11?station=chengxiang", navigation.Uri);
        page.WaitForAssertion(() => Assert.Equal("2026-11 城厢镇社工站 月报", page.Find("[data-test=report-heading]").TextContent));

        await page.InvokeAsync(() => page.FindComponent<MudSelect<DateOnly>>().Instance.SelectOption(new DateOnly(2026, 10, 1)));
        Assert.EndsWith("/reports/2026-10?station=chengxiang", navigation.Uri);

        await page.InvokeAsync(() => page.FindComponent<MudSelect<string>>().Instance.SelectOption(""));
        Assert.EndsWith("/reports/2026-11", navigation.Uri);
    }

    [Fact]
    public void A_station_head_sees_only_their_own_station_whatever_the_url_asks()
    {
        SignIn(Head);
        var page = RenderReport("2026-11", "shaxi");

        Assert.Equal("2026-11 城厢镇社工站 月报", page.Find("[data-test=report-heading]").TextContent);
        Assert.Empty(page.FindComponents<MudSelect<string>>());
        Assert.Empty(page.FindAll("[data-test=station-picker]"));
        Assert.All(Reports.Asked, asked => Assert.Equal("chengxiang", asked.StationId));
        Assert.Equal("1", Value(page, "概况", "受理工单"));
        Assert.Equal("api/reports/2026-11/stations/chengxiang.xlsx", page.Find("[data-test=download]").GetAttribute("href"));
    }

    [Fact]
    public void Print_asks_the_browser_to_print()
    {
        SignIn(Leader);
        var page = RenderReport();

        page.Find("[data-test=print]").Click();

        JSInterop.VerifyInvoke("print");
    }

    [Theory]
    [InlineData("2026-13", "“2026-13”不是有效的月份")]
    [InlineData("2026-12", "2026-12 尚未开始")]
    public void A_bad_or_future_month_says_so_instead_of_figures(string month, string message)
    {
        SignIn(Leader);
        var page = RenderReport(month);

        Assert.Contains(message, page.Find("[data-test=report-problem]").TextContent);
        Assert.Empty(page.FindAll("[data-test=report-section]"));
    }

    [Fact]
    public void A_social_worker_who_reaches_the_page_gets_no_report()
    {
        SignIn(new DispatchUser("u-w", "李社工", ActorRole.SocialWorker, WorkerId: "w-zhang"));
        var page = RenderReport();

        Assert.Contains("无权", page.Find("[data-test=report-not-allowed]").TextContent);
        Assert.Empty(Reports.Asked);
    }

    [Fact]
    public void City_roles_and_station_heads_may_open_the_page()
    {
        Assert.Equal("Leader,Dispatcher,Admin,StationHead", typeof(ReportPage).GetCustomAttribute<AuthorizeAttribute>()?.Roles);
        Assert.Equal(["/reports", "/reports/{Month}"],
            typeof(ReportPage).GetCustomAttributes<RouteAttribute>().Select(r => r.Template).Order(StringComparer.Ordinal));
    }
}

public sealed class ReportPageEnglishTests() : ReportPageTestBase(SupportedCultures.English)
{
    [Fact]
    public void The_report_speaks_English_and_switches_to_Chinese_headings()
    {
        SignIn(Leader);
        var page = RenderReport();
        Assert.Equal("Monthly report 2026-11 · Whole city", page.Find("[data-test=report-heading]").TextContent);
        Assert.Equal(["Summary", "Services by type", "Services by category", "Services by type and category", "Stations", "SLA compliance",
            "Resources linked"], page.FindAll("[data-test=report-section] h2").Select(h => h.TextContent));
        Assert.Equal("2", Value(page, "Summary", "Orders reported"));

        // The app bar's switch reloads the page in the chosen language: the same page, rendered again.
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(SupportedCultures.Chinese);
        page.Render();

        Assert.Equal("2026-11 全市 月报", page.Find("[data-test=report-heading]").TextContent);
        Assert.Equal(["概况", "按服务类型", "按人群类别", "服务类型与人群类别", "各社工站", "时限达标", "链接资源"],
            page.FindAll("[data-test=report-section] h2").Select(h => h.TextContent));
    }
}
