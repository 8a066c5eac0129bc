using System.Reflection;
using Bunit;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Web.Components.Pages.Kpi;
using Dispatch.Web.Demands;
using Dispatch.Web.Kpis;
using Dispatch.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Interop;
using static Dispatch.Web.Tests.Components.Kpi.TestKpis;

namespace Dispatch.Web.Tests.Components.Kpi;

public abstract class KpiWallTestBase : ComponentTest
{
    public static readonly DispatchUser Leader = new("u-leader", "林局长", ActorRole.Leader);

    protected KpiWallTestBase(string culture = SupportedCultures.Chinese) : base(culture)
    {
        Demands.ReferenceData = City;
        Wall = new WallDemandService(Demands, new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.FromHours(8)))
        {
            Today = Report(Now,
                Figures(12, open: 7, overdue: 2, urgentOpen: 3, acceptMedian: TimeSpan.FromMinutes(7), acceptP90: TimeSpan.FromMinutes(40),
                    responseMedian: TimeSpan.FromMinutes(90), responseP90: TimeSpan.FromHours(3), sla: 0.9, dispatches: 10, returns: 1,
                    meanRating: 4.5, shareAtLeastFour: 0.75),
                Figures(8, open: 5, overdue: 2, urgentOpen: 3, sla: 1.0, dispatches: 6, returns: 0),
                Figures(4, open: 2, sla: 0.5, dispatches: 4, returns: 1, closed: 1)),
            Month = Report(Now,
                Figures(300, open: 7, overdue: 2, urgentOpen: 3, acceptMedian: TimeSpan.FromMinutes(12), acceptP90: TimeSpan.FromMinutes(50),
                    responseMedian: TimeSpan.FromHours(2), responseP90: TimeSpan.FromHours(5), sla: 0.85, dispatches: 320, returns: 16,
                    meanRating: 4.2, shareAtLeastFour: 0.8),
                Figures(200, open: 5, overdue: 2, urgentOpen: 3, sla: 0.9, dispatches: 210, returns: 5),
                Figures(100, open: 2, sla: 0.8, dispatches: 110, returns: 11, closed: 60)),
        };
        Services.AddSingleton<IDemandService>(Wall);
        Services.AddSingleton<KpiDashboardService>();
        // The charts fit themselves to their card: they draw once the browser has told them its size.
        JSInterop.Setup<ElementSize>("mudObserveElementSize", _ => true).SetResult(new ElementSize { Width = 400, Height = 300 });
    }

    protected WallDemandService Wall { get; }

    protected IRenderedComponent<KpiWall> RenderWall(DispatchUser? user = null)
    {
        SignIn(user ?? Leader);
        var wall = RenderPage<KpiWall>();
        wall.WaitForElement("[data-test=tile-today-orders]", TimeSpan.FromSeconds(5));
        return wall;
    }

    protected static string Tile(IRenderedComponent<KpiWall> wall, string test) => wall.Find($"[data-test=tile-{test}]").TextContent;

    protected static string TileValue(IRenderedComponent<KpiWall> wall, string test) =>
        wall.Find($"[data-test=tile-{test}] [data-test=tile-value]").TextContent.Trim();
}

public sealed class KpiWallTests : KpiWallTestBase
{
    [Fact]
    public void The_tiles_show_todays_figures_with_the_last_30_days_beside_them()
    {
        var wall = RenderWall();

        Assert.Equal("12", TileValue(wall, "today-orders"));
        Assert.Contains("近 30 天：300", Tile(wall, "today-orders"));
        Assert.Equal("7", TileValue(wall, "backlog"));
        Assert.Contains("紧急 3", Tile(wall, "backlog"));
        Assert.Equal("2", TileValue(wall, "overdue"));
        Assert.Contains("占待办 29%", Tile(wall, "overdue"));
        Assert.Contains("kpi-tile-alert", wall.Find("[data-test=tile-overdue]").ClassName);
        Assert.Equal("中位 7 分钟", TileValue(wall, "acceptance"));
        Assert.Contains("P90 40 分钟", Tile(wall, "acceptance"));
        Assert.Contains("近 30 天：中位 12 分钟 · P90 50 分钟", Tile(wall, "acceptance"));
        Assert.Equal("中位 1 小时 30 分钟", TileValue(wall, "response"));
        Assert.Contains("P90 3 小时 0 分钟", Tile(wall, "response"));
        Assert.Equal("90%", TileValue(wall, "sla"));
        Assert.Contains("近 30 天：85%", Tile(wall, "sla"));
        Assert.Equal("10%", TileValue(wall, "return-rate"));
        Assert.Contains("退回 1 / 派单 10", Tile(wall, "return-rate"));
        Assert.Contains("近 30 天：5%", Tile(wall, "return-rate"));
        Assert.Equal("4.5 分", TileValue(wall, "satisfaction"));
        Assert.Contains("4 分及以上 75%", Tile(wall, "satisfaction"));
        Assert.Contains("近 30 天：4.2 分", Tile(wall, "satisfaction"));
        // 王社工 covers no community, so 沙溪社区 is uncovered.
        Assert.Equal("1", TileValue(wall, "coverage"));
        Assert.Contains("1 名社工覆盖社区数不在 2–3 个", Tile(wall, "coverage"));
    }

    [Fact]
    public void The_visit_rate_tile_and_the_stations_move_when_a_visit_is_pushed()
    {
        var october = new Dispatch.Contracts.KeyPersons.RecordVisit(new DateOnly(2026, 10, 20), true, "走访", []);
        var worker = new Actor("w", "张社工", ActorRole.SocialWorker);
        var people = new[] { "chengxiang-c01", "chengxiang-c02" }
            .Select(c => KeyPersons.Add(RegisterPageTests.Person("居民", c)))
            .Select(p => KeyPersons.People[p.Id] = Dispatch.Contracts.KeyPersons.KeyPersonRules.RecordVisit(p, october, "w", worker, Now, () => "x").Person!)
            .ToList();
        var wall = RenderWall();
        Assert.Equal("0%", TileValue(wall, "visit-rate"));
        Assert.Contains("已访 0 / 应访 2", Tile(wall, "visit-rate"));

        var visited = KeyPersons.People[people[0].Id] = Dispatch.Contracts.KeyPersons.KeyPersonRules.RecordVisit(
            people[0], october with { On = new DateOnly(2026, 11, 2) }, "w", worker, Now, () => "x").Person!;
        Feed.OnKeyPersonChanged(visited.ToSummary());

        wall.WaitForAssertion(() => Assert.Equal("50%", TileValue(wall, "visit-rate")), TimeSpan.FromSeconds(5));
        Assert.Contains("走访 50%", wall.Find("[data-test=station-visit-rate-chengxiang]").TextContent);
    }

    [Fact]
    public void The_charts_cover_both_time_spans_the_distributions_and_the_stations()
    {
        var wall = RenderWall();

        Assert.Equal(
            ["chart-orders-hourly", "chart-sla-hourly", "chart-orders-daily", "chart-sla-daily", "chart-durations", "chart-backlog",
                "chart-return-rate", "chart-worker-load"],
            wall.FindAll("[data-test^=chart-]").Select(c => c.GetAttribute("data-test")));
        Assert.Contains("近 24 小时工单量（每小时）", wall.Find("[data-test=chart-orders-hourly]").TextContent);
        Assert.Contains("各站待办工单（按紧急程度）", wall.Find("[data-test=chart-backlog]").TextContent);
        Assert.Contains("城厢镇", wall.Find("[data-test=chart-backlog]").TextContent);
    }

    [Fact]
    public void The_wall_is_read_only_there_is_nothing_to_press_or_fill_in()
    {
        var wall = RenderWall();
        wall.Find("[data-test=station-shaxi]").Click();

        Assert.Empty(wall.FindAll("button, input, select, textarea, form"));
        Assert.Empty(Demands.Commands);
        Assert.Empty(Demands.Reports);
    }

    [Fact]
    public void Clicking_a_station_shows_its_own_figures_and_clicking_again_closes_them()
    {
        var wall = RenderWall();
        Assert.Contains("点击社工站查看该站指标", wall.Find("[data-test=drill-down]").TextContent);

        wall.Find("[data-test=station-shaxi]").Click();

        Assert.Equal("沙溪镇社工站", wall.Find("[data-test=drill-station-name]").TextContent);
        Assert.Equal("true", wall.Find("[data-test=station-shaxi]").GetAttribute("aria-pressed"));
        string Row(string test) => wall.Find($"[data-test=drill-{test}]").TextContent;
        Assert.Equal("受理工单4100", Row("reported"));
        Assert.Equal("时限达标率50%80%", Row("sla"));
        Assert.Equal("退回率25% (1/4)10% (11/110)", Row("return-rate"));
        Assert.Equal("待办（当前）2", Row("backlog"));
        Assert.Equal("社工 / 在办案件（当前）1 / 1", Row("workers"));
        Assert.Equal("无人覆盖社区（当前）沙溪社区", Row("uncovered"));

        wall.Find("[data-test=station-chengxiang]").Click();
        Assert.Equal("城厢镇社工站", wall.Find("[data-test=drill-station-name]").TextContent);
        Assert.Equal("无人覆盖社区（当前）0", Row("uncovered"));

        wall.Find("[data-test=station-chengxiang]").Click();
        Assert.Empty(wall.FindAll("[data-test=drill-station]"));
    }

    [Fact]
    public void A_burst_of_pushes_reloads_the_wall_once_not_once_per_push()
    {
        var wall = RenderWall();
        wall.WaitForAssertion(() => Assert.Equal(1, Wall.Loads));

        Wall.Today = Wall.Today! with { Overall = Wall.Today.Overall with { Reported = 13 } };
        var demand = TestDemands.Summary("D1", DemandState.Reported);
        for (var i = 0; i < 50; i++)
        {
            Feed.OnDemandChanged(new DemandChange(demand with { Version = i + 1 },
                new DemandEvent(i + 1, DemandEventKind.Reported, Now, Actor.System, DemandState.Reported, DemandState.Reported)));
        }

        wall.WaitForAssertion(() => Assert.Equal("13", TileValue(wall, "today-orders")), TimeSpan.FromSeconds(5));
        // Pushes that arrive while a reload waits ride along with it; at most one more reload follows a second later.
        Thread.Sleep(KpiWall.RefreshInterval * 1.5);
        Assert.InRange(Wall.Loads, 2, 3);
    }

    [Fact]
    public void A_directory_change_reloads_the_wall_too()
    {
        var wall = RenderWall();

        Wall.Today = Wall.Today! with { Coverage = Wall.Today.Coverage with { UncoveredCommunityIds = [] } };
        Feed.Publish(new Dispatch.Web.Live.DirectoryChanged());

        wall.WaitForAssertion(() => Assert.Equal("0", TileValue(wall, "coverage")), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Someone_without_a_city_wide_view_gets_no_figures_even_if_they_reach_the_page()
    {
        SignIn(new DispatchUser("u-head", "陈站长", ActorRole.StationHead, StationId: "chengxiang"));
        var wall = RenderPage<KpiWall>();

        wall.WaitForAssertion(() => Assert.Contains("暂时无法获取指标", wall.Find("[data-test=kpi-loading]").TextContent));
        Assert.Empty(wall.FindAll("[data-test^=tile-]"));
        Assert.Equal(0, Wall.Loads);
    }

    [Fact]
    public void Leaders_dispatchers_and_admins_may_open_the_wall()
    {
        Assert.Equal("Leader,Dispatcher,Admin", typeof(KpiWall).GetCustomAttribute<AuthorizeAttribute>()?.Roles);
        Assert.Equal("/kpi", typeof(KpiWall).GetCustomAttribute<Microsoft.AspNetCore.Components.RouteAttribute>()?.Template);
    }
}

public sealed class KpiWallEnglishTests() : KpiWallTestBase(SupportedCultures.English)
{
    [Fact]
    public void The_wall_speaks_English_when_the_user_chose_it()
    {
        var wall = RenderWall();

        Assert.Contains("Orders today", Tile(wall, "today-orders"));
        Assert.Contains("30 days: 300", Tile(wall, "today-orders"));
        Assert.Equal("median 7 min", TileValue(wall, "acceptance"));
        Assert.Contains("rated 4 or 5: 75%", Tile(wall, "satisfaction"));
        Assert.Contains("Orders per hour, last 24 h", wall.Find("[data-test=chart-orders-hourly]").TextContent);
        Assert.Contains("Select a station to see its figures.", wall.Find("[data-test=drill-down]").TextContent);
    }
}
