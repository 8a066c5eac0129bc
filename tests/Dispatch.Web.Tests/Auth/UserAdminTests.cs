using Bunit;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Accounts;
using Dispatch.Contracts.Demands;
using Dispatch.Web.Accounts;
using Dispatch.Web.Components.Pages.Admin;
using Dispatch.Web.DemoData;
using Dispatch.Web.Tests.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;

namespace Dispatch.Web.Tests.Auth;

/// <summary>The user administration tab, on the real <see cref="AccountService"/> over an in-memory directory.</summary>
public sealed class UserAdminTests : ComponentTest
{
    private static readonly DispatchUser Admin = new(DemoUsers.Admin, "系统管理员", ActorRole.Admin);

    private readonly InMemoryUserDirectory directory = new();
    private readonly FakeTimeProvider clock = new(Now);

    public UserAdminTests()
    {
        Demands.ReferenceData = TaicangDemoData.Create();
        // Built here, not resolved: bUnit takes no registrations (such as SignIn's) once a service has been resolved.
        Accounts = new AccountService(directory, Demands, Options.Create(new AuthOptions()), clock, NullLogger<AccountService>.Instance);
        Services.AddSingleton(Accounts);
        Services.AddSingleton<TimeProvider>(clock);
    }

    private AccountService Accounts { get; }

    [Fact]
    public async Task Only_an_administrator_gets_the_tab_and_the_service_refuses_anyone_else()
    {
        await Seed();
        var dispatcher = new DispatchUser(DemoUsers.Dispatcher, "周敏", ActorRole.Dispatcher);
        SignIn(dispatcher);
        var cut = RenderPage<UserAdmin>();
        cut.WaitForAssertion(() => Assert.Contains("无权", cut.Find("[data-test=user-admin-denied]").TextContent));
        Assert.Empty(cut.FindAll("[data-test=user-list]"));
        Assert.Null(await Accounts.List(dispatcher));
        Assert.Equal(AccountError.NotAllowed, await Accounts.ResetPassword(dispatcher, DemoUsers.Admin, "long-enough-password"));
    }

    [Fact]
    public async Task The_list_shows_every_user_with_role_and_binding_but_never_a_hash()
    {
        await Seed();
        var cut = RenderAsAdmin();
        var row = Row(cut, "head-chengxiang");
        Assert.Contains("顾建华", row.TextContent);
        Assert.Contains("站长", row.TextContent);
        Assert.Contains("城厢镇社工站", row.TextContent);
        Assert.Contains("陆佳怡", Row(cut, "worker-w001").TextContent);
        Assert.Equal(DemoUsers.Create().Count, cut.FindAll("[data-test=user-row]").Count);
        var hash = (await directory.Get(DemoUsers.Dispatcher))!.PasswordHash;
        Assert.DoesNotContain(hash, cut.Markup);
        Assert.DoesNotContain("AQAAAA", cut.Markup);
    }

    [Fact]
    public async Task Creating_a_station_head_binds_them_to_the_station_and_they_can_sign_in()
    {
        var cut = RenderAsAdmin();
        Fill(cut, "new-user-name", "Head-New");
        Fill(cut, "new-display-name", "沈站长");
        await Choose(cut, ActorRole.StationHead);
        await cut.InvokeAsync(() => cut.FindComponents<MudSelect<string>>().Single().Instance.ValueChanged.InvokeAsync("liuhe"));
        Fill(cut, "new-password", "a-long-initial-password");
        cut.Find("[data-test=create-user] ").Click();

        cut.WaitForAssertion(() => Assert.Contains("浏河镇社工站", Row(cut, "head-new").TextContent));
        var signedIn = await Accounts.SignIn("head-new", "a-long-initial-password");
        Assert.Equal(SignInStatus.SignedIn, signedIn.Status);
        Assert.Equal(new DispatchUser("head-new", "沈站长", ActorRole.StationHead, "liuhe"), signedIn.Account!.ToUser());
    }

    [Fact]
    public async Task A_social_worker_is_bound_to_their_worker_record_and_its_station()
    {
        var cut = RenderAsAdmin();
        Fill(cut, "new-user-name", "worker-w011");
        Fill(cut, "new-display-name", "陈晓燕");
        await Choose(cut, ActorRole.SocialWorker);
        await cut.InvokeAsync(() => cut.FindComponents<MudSelect<string>>().Single().Instance.ValueChanged.InvokeAsync("w011"));
        Fill(cut, "new-password", "a-long-initial-password");
        cut.Find("[data-test=create-user]").Click();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-test=user-row]")));
        var account = await directory.Get("worker-w011");
        Assert.Equal(("w011", TaicangDemoData.Create().FindWorker("w011")!.StationId), (account!.WorkerId, account.StationId));
    }

    [Theory]
    [InlineData("head-x", "short", ActorRole.StationHead, "liuhe", "密码至少需要 12 个字符。")]
    [InlineData("head-x", "a-long-initial-password", ActorRole.StationHead, null, "站长必须选择所属社工站。")]
    [InlineData("x", "a-long-initial-password", ActorRole.Leader, null, "用户名须为 3–32 位")]
    [InlineData("dispatcher", "a-long-initial-password", ActorRole.Dispatcher, null, "该用户名已被使用。")]
    public async Task A_refused_user_is_explained_and_nothing_is_created(
        string userName, string password, ActorRole role, string? station, string message)
    {
        await Seed();
        var before = (await directory.List()).Count;
        var cut = RenderAsAdmin();
        Fill(cut, "new-user-name", userName);
        Fill(cut, "new-display-name", "某人");
        await Choose(cut, role);
        if (station is not null)
        {
            await cut.InvokeAsync(() => cut.FindComponents<MudSelect<string>>().Single().Instance.ValueChanged.InvokeAsync(station));
        }
        Fill(cut, "new-password", password);
        cut.Find("[data-test=create-user]").Click();

        cut.WaitForAssertion(() => Assert.Contains(message, cut.Find("[data-test=user-admin-error]").TextContent));
        Assert.Equal(before, (await directory.List()).Count);
    }

    [Fact]
    public async Task Disabling_stops_sign_in_and_enabling_restores_it_but_nobody_disables_themselves()
    {
        await Seed();
        var cut = RenderAsAdmin();
        Row(cut, DemoUsers.Leader).QuerySelector("[data-test=toggle-enabled]")!.Click();
        cut.WaitForAssertion(() => Assert.Contains("已停用", Row(cut, DemoUsers.Leader).TextContent));
        Assert.Equal(SignInStatus.Disabled, (await Accounts.SignIn(DemoUsers.Leader, DemoUsers.Password)).Status);

        Row(cut, DemoUsers.Leader).QuerySelector("[data-test=toggle-enabled]")!.Click();
        cut.WaitForAssertion(() => Assert.Contains("正常", Row(cut, DemoUsers.Leader).TextContent));
        Assert.Equal(SignInStatus.SignedIn, (await Accounts.SignIn(DemoUsers.Leader, DemoUsers.Password)).Status);

        Assert.Null(Row(cut, DemoUsers.Admin).QuerySelector("[data-test=toggle-enabled]"));
        Assert.Equal(AccountError.OwnAccount, await Accounts.SetEnabled(Admin, DemoUsers.Admin, enabled: false));
    }

    [Fact]
    public async Task A_locked_user_shows_until_when_and_the_lockout_can_be_cleared()
    {
        await Seed();
        for (var i = 0; i < LockoutRule.Default.MaxFailedAttempts; i++)
        {
            await Accounts.SignIn(DemoUsers.Leader, "wrong password");
        }
        Assert.Equal(SignInStatus.LockedOut, (await Accounts.SignIn(DemoUsers.Leader, DemoUsers.Password)).Status);

        var cut = RenderAsAdmin();
        // Locked at 10:00 China time for 15 minutes.
        Assert.Contains("锁定至 11-02 10:15", Row(cut, DemoUsers.Leader).TextContent);
        Row(cut, DemoUsers.Leader).QuerySelector("[data-test=reset-lockout]")!.Click();
        cut.WaitForAssertion(() => Assert.Contains("正常", Row(cut, DemoUsers.Leader).TextContent));
        Assert.Equal(SignInStatus.SignedIn, (await Accounts.SignIn(DemoUsers.Leader, DemoUsers.Password)).Status);
    }

    [Fact]
    public async Task Resetting_a_password_replaces_the_old_one()
    {
        await Seed();
        var cut = RenderAsAdmin();
        Row(cut, "head-shaxi").QuerySelector("[data-test=start-reset-password]")!.Click();
        Assert.Contains("陆振东", cut.Find("[data-test=reset-password]").TextContent);
        Fill(cut, "reset-password-value", "short");
        cut.Find("[data-test=reset-password-save]").Click();
        cut.WaitForAssertion(() => Assert.Contains("密码至少需要 12 个字符。", cut.Find("[data-test=user-admin-error]").TextContent));

        Fill(cut, "reset-password-value", "another-long-password");
        cut.Find("[data-test=reset-password-save]").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-test=reset-password]")));
        Assert.Equal(SignInStatus.Invalid, (await Accounts.SignIn("head-shaxi", DemoUsers.Password)).Status);
        Assert.Equal(SignInStatus.SignedIn, (await Accounts.SignIn("head-shaxi", "another-long-password")).Status);
    }

    private Task Seed() => Accounts.SeedIfEmpty(DemoUsers.Create());

    private IRenderedComponent<UserAdmin> RenderAsAdmin()
    {
        SignIn(Admin);
        var cut = RenderPage<UserAdmin>();
        cut.WaitForElement("[data-test=user-list]");
        return cut;
    }

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<UserAdmin> cut, string userName) =>
        cut.Find($"[data-test=user-row][data-user='{userName}']");

    private static void Fill(IRenderedComponent<UserAdmin> cut, string field, string value) =>
        cut.Find($"input[data-test={field}], [data-test={field}] input").Change(value);

    private static Task Choose(IRenderedComponent<UserAdmin> cut, ActorRole role) =>
        cut.InvokeAsync(() => cut.FindComponent<MudSelect<ActorRole>>().Instance.ValueChanged.InvokeAsync(role));
}
