using System.Reflection;
using Bunit;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Sla;
using Dispatch.Web.Components.Pages.Admin;
using Dispatch.Web.DirectoryAdmin;
using Dispatch.Web.Live;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using static Dispatch.Web.Tests.Components.Kpi.TestKpis;

namespace Dispatch.Web.Tests.Components.Admin;

/// <summary>
/// The admin page over the real <see cref="DirectoryAdminService"/>, with an in-memory directory in place of the grain,
/// so a test sees both what reached the directory and what was published to the other screens.
/// </summary>
public sealed class AdminPageTests : ComponentTest
{
    public static readonly DispatchUser Administrator = new("u-admin", "系统管理员", ActorRole.Admin);

    private readonly InMemoryDirectory directory = new(City);
    private readonly List<LiveEvent> published = [];

    public AdminPageTests()
    {
        Services.AddSingleton<IDirectoryAdminService>(new DirectoryAdminService(() => directory, new FeedChanges(Feed)));
        Feed.Subscribe(e =>
        {
            lock (published)
            {
                published.Add(e);
            }
            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// The feed delivers on its own thread, not through a render, so bUnit's render-driven wait may never look again:
    /// wait on the count itself.
    /// </summary>
    private void AssertPublishedEventually(int expected) =>
        Assert.True(SpinWait.SpinUntil(() => DirectoryChanges == expected, TimeSpan.FromSeconds(10)),
            $"expected {expected} DirectoryChanged, saw {DirectoryChanges}");

    private int DirectoryChanges
    {
        get
        {
            lock (published)
            {
                return published.OfType<DirectoryChanged>().Count();
            }
        }
    }

    private IRenderedComponent<AdminPage> RenderAdmin(string tab = "社工站")
    {
        SignIn(Administrator);
        var page = RenderPage<AdminPage>();
        page.WaitForElement("[data-test=admin-page] .mud-tabs");
        page.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == tab).Click();
        return page;
    }

    private static void Type(IRenderedComponent<AdminPage> page, string field, string value) =>
        page.Find($"[data-test=editor] input[data-test={field}]").Change(value);

    [Fact]
    public void A_new_station_with_a_taken_id_and_no_name_shows_why_and_nothing_is_saved()
    {
        var page = RenderAdmin();
        page.Find("[data-test=add-station]").Click();

        Type(page, "field-id", "shaxi");
        Type(page, "field-headName", "刘站长");
        page.Find("[data-test=editor-save]").Click();

        var editor = page.Find("[data-test=editor]").TextContent;
        Assert.Contains("该编号已被使用。", editor);
        Assert.Contains("必填。", editor);
        Assert.Empty(directory.Writes);
        Assert.Equal(0, DirectoryChanges);
        Assert.Equal(City.Stations, directory.Data.Stations);
    }

    [Fact]
    public void Editing_a_station_saves_it_tells_every_screen_and_the_table_shows_the_change()
    {
        var page = RenderAdmin();
        page.Find("[data-test=edit-shaxi]").Click();
        Assert.Contains("正在编辑 shaxi", page.Find("[data-test=editor-title]").TextContent);

        Type(page, "field-headName", "钱站长");
        page.Find("[data-test=editor-save]").Click();

        var saved = Assert.IsType<Station>(Assert.Single(directory.Writes));
        Assert.Equal(City.FindStation("shaxi")! with { HeadName = "钱站长" }, saved);
        AssertPublishedEventually(1);
        page.WaitForAssertion(() =>
            Assert.Contains("钱站长", page.Find("[data-test=station-row][data-id=shaxi]").TextContent));
        Assert.Empty(page.FindAll("[data-test=editor]"));
        Assert.Contains("已保存。", StationPageTests.Snackbars(Services));
    }

    [Fact]
    public void The_page_follows_directory_changes_made_elsewhere()
    {
        var page = RenderAdmin();
        Assert.Equal(2, page.FindAll("[data-test=station-row]").Count);

        directory.Data = DirectoryRules.With(directory.Data, new Station("liuhe", "浏河镇社工站", "刘站长", "", "Asia/Shanghai"));
        Feed.Publish(new DirectoryChanged());

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-test=station-row]").Count));
    }

    [Fact]
    public void The_workers_tab_shows_the_coverage_report_and_keeps_it_current()
    {
        var page = RenderAdmin("驻站社工");

        // 王社工 covers nothing: outside 2–3, and 沙溪社区 has no worker.
        Assert.Contains("王社工 · 0 个社区", page.Find("[data-test=coverage-outside-norm]").TextContent);
        Assert.Contains("沙溪社区", page.Find("[data-test=coverage-uncovered]").TextContent);

        directory.Data = DirectoryRules.With(directory.Data,
            directory.Data.FindWorker("w-wang")! with { CommunityIds = ["shaxi-c01"] });
        directory.Data = DirectoryRules.With(directory.Data, new Community("shaxi-c02", "直塘村", "shaxi", CommunityKind.Village));
        directory.Data = DirectoryRules.With(directory.Data,
            directory.Data.FindWorker("w-wang")! with { CommunityIds = ["shaxi-c01", "shaxi-c02"] });
        Feed.Publish(new DirectoryChanged());

        page.WaitForAssertion(() => Assert.Contains("所有社区均有在岗社工覆盖", page.Find("[data-test=coverage]").TextContent));
    }

    [Fact]
    public void A_category_is_added_as_temporary()
    {
        var page = RenderAdmin("重点人群类别");
        page.Find("[data-test=add-category]").Click();

        Type(page, "field-id", "flood-evacuees");
        Type(page, "field-nameZh", "汛期转移群众");
        Type(page, "field-nameEn", "Flood-season evacuees");
        page.Find("[data-test=editor] input[data-test=field-temporary]").Change(true);
        page.Find("[data-test=editor-save]").Click();

        Assert.Equal(new PersonCategory("flood-evacuees", "汛期转移群众", "Flood-season evacuees", true), Assert.Single(directory.Writes));
        AssertPublishedEventually(1);
    }

    [Fact]
    public void A_category_carries_its_visit_frequency()
    {
        var page = RenderAdmin("重点人群类别");
        page.Find("[data-test=add-category]").Click();
        Type(page, "field-id", "severe-disability");
        Type(page, "field-nameZh", "重度残疾人");
        Type(page, "field-nameEn", "Persons with severe disabilities");
        Type(page, "field-visitsPerMonth", "2");
        page.Find("[data-test=editor-save]").Click();
        Assert.Equal(2, Assert.IsType<PersonCategory>(Assert.Single(directory.Writes)).VisitsPerMonth);
    }

    [Fact]
    public void Sla_targets_where_acceptance_outlasts_contact_are_refused_by_urgency_and_not_saved()
    {
        var page = RenderAdmin("时限标准");

        // Urgent: accept within 300 minutes but contact within 2 hours.
        page.Find("input[data-test=sla-Urgent-accept-amount]").Change("300");
        page.Find("[data-test=sla-save]").Click();

        Assert.Contains("紧急：时限必须大于零，且接单时限不能长于首次联系时限。", page.Find("[data-test=sla-problem]").TextContent);
        Assert.Empty(directory.Writes);
        Assert.Equal(0, DirectoryChanges);
    }

    [Fact]
    public void Sensible_sla_targets_are_saved_and_published()
    {
        var page = RenderAdmin("时限标准");

        page.Find("input[data-test=sla-Urgent-accept-amount]").Change("10");
        page.Find("[data-test=sla-save]").Click();

        Assert.Equal(SlaTargets.Default with { Urgent = new(TimeSpan.FromMinutes(10), TimeSpan.FromHours(2)) }, Assert.Single(directory.Writes));
        AssertPublishedEventually(1);
        page.WaitForAssertion(() => Assert.Contains("已保存。", StationPageTests.Snackbars(Services)));
    }

    [Fact]
    public async Task The_service_refuses_anyone_but_an_administrator_whatever_the_screen_shows()
    {
        var service = new DirectoryAdminService(() => directory, new FeedChanges(Feed));

        var refused = await service.SaveStation(City.Stations[0] with { HeadName = "某人" }, isNew: false,
            new DispatchUser("u-leader", "林局长", ActorRole.Leader));

        Assert.Equal(DirectoryAdminService.NotAllowed, refused);
        Assert.Empty(directory.Writes);
        Assert.Equal(0, DirectoryChanges);
    }

    [Fact]
    public void One_tab_per_part_of_the_directory_and_one_for_users()
    {
        SignIn(Administrator);
        var page = RenderPage<AdminPage>();

        page.WaitForAssertion(() => Assert.Equal(
            ["社工站", "社区（村）", "驻站社工", "重点人群类别", "时限标准", "用户"],
            page.FindAll(".mud-tab").Select(t => t.TextContent.Trim())));
    }

    [Fact]
    public void Only_administrators_may_open_the_page()
    {
        Assert.Equal("Admin", typeof(AdminPage).GetCustomAttribute<AuthorizeAttribute>()?.Roles);
        Assert.Equal("/admin", typeof(AdminPage).GetCustomAttribute<Microsoft.AspNetCore.Components.RouteAttribute>()?.Template);
    }
}
