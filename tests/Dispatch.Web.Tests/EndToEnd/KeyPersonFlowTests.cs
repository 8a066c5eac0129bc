using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.DemoData;
using Dispatch.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Dispatch.Web.Tests.EndToEnd;

/// <summary>
/// The station's own work in real headless Chromium on the real host and Azurite: the head imports the register from
/// a file (a dry run first finds the bad line), a worker on a phone visits one of the people and finds a need, the
/// need reaches the dispatcher's console as a demand, and the leader wall's visit rate moves, all without a reload; the
/// station desk and the monthly report count the visit.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class KeyPersonFlowTests(AzuriteFixture azurite, BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private static readonly string[] Header = ["姓名", "身份证号", "电话", "社区", "类别", "开始日期", "结束日期", "风险等级", "备注"];

    [Fact]
    public async Task An_imported_person_is_visited_the_need_found_reaches_the_console_and_the_visit_rate_moves()
    {
        await using var app = new DispatchAppFactory(azurite) { RealTime = true };
        var root = app.StartOnKestrel();
        var city = TaicangDemoData.Create();
        var worker = city.FindWorker("w001")!;
        var community = city.FindCommunity(worker.CommunityIds[0])!;
        object?[] Row(string name, string idNumber) =>
            [name, idNumber, "13800000000", community.Name, "独居老人", "2026-01-01", null, "中", null];
        var good = new[] { Row("端到端甲", RegisterFiles.IdNumber(1)), Row("端到端乙", RegisterFiles.IdNumber(2)), Row("端到端丙", RegisterFiles.IdNumber(3)) };
        var folder = Directory.CreateTempSubdirectory("dispatch-register-");
        var withBadLine = Path.Combine(folder.FullName, "名册-有误.xlsx");
        await File.WriteAllBytesAsync(withBadLine, RegisterFiles.Xlsx(Header, [good[0], Row("端到端错", "320585195001011230"), .. good[1..]]));
        var clean = Path.Combine(folder.FullName, "名册.xlsx");
        await File.WriteAllBytesAsync(clean, RegisterFiles.Xlsx(Header, good));

        await using var leader = await BrowserSession.SignIn(browser.Browser, root, DemoUsers.Leader, "kpi");
        await using var dispatcher = await BrowserSession.SignIn(browser.Browser, root, DemoUsers.Dispatcher, "console");
        await using var head = await BrowserSession.SignIn(browser.Browser, root, DemoUsers.HeadOf(worker.StationId), "persons");
        Assert.Equal("—", await VisitRate(leader));   // nobody registered, nobody due

        // The head's dry run names the bad line and imports nothing; the corrected file imports.
        await head.Page.ClickAsync("[data-test=register-import-export]");
        var dialog = head.Page.Locator("[data-test=register-import-dialog]");
        await dialog.Locator("input[type=file]").First.SetInputFilesAsync(withBadLine);
        await head.Page.ClickAsync("[data-test=register-dry-run]");
        var problem = dialog.Locator("[data-test=register-problem]");
        await problem.WaitForAsync();
        Assert.Equal("3", await problem.GetAttributeAsync("data-line"));
        Assert.True(await head.Page.Locator("[data-test=register-import]").IsDisabledAsync());
        await head.Screenshot("register-dry-run");

        await dialog.Locator("input[type=file]").First.SetInputFilesAsync(clean);
        await head.Page.ClickAsync("[data-test=register-dry-run]");
        await dialog.Locator("[data-test=register-clean]").WaitForAsync();
        await head.Page.ClickAsync("[data-test=register-import]");
        await dialog.Locator("[data-test=register-imported]").WaitForAsync();
        await head.Page.ClickAsync("[data-test=register-close]");
        await head.Page.Locator("[data-test=register-table]", new() { HasText = "端到端丙" }).WaitForAsync();
        await head.Screenshot("flow-register");

        // The wall counts them due, by itself.
        await BrowserSession.Eventually(async () => await VisitRate(leader) == "0%");

        // The covering worker, on a phone, visits 端到端甲 and finds a need.
        await using var phone = await BrowserSession.SignIn(browser.Browser, root, DemoUsers.WorkerUser(worker.Id), "worker", 390, 844);
        var rounds = phone.Page.Locator("[data-test=visit-rounds]");
        await rounds.Locator("[data-test^=due-]", new() { HasText = "端到端甲" }).Locator("[data-test^=visit-]").ClickAsync();
        await phone.Page.Locator("[data-test=visit-observations]").FillAsync("端到端：老人独居，冰箱空了，腿脚不便。");
        await phone.Page.ClickAsync("[data-test=visit-add-need]");
        await phone.Page.Locator("[data-test=visit-need-description-0]").FillAsync("端到端：需要助餐服务");
        await phone.Page.Locator("[data-test=visit-need-urgency-0-Urgent]").ClickAsync();
        await phone.Screenshot("worker-visit");
        Assert.False(await phone.ScrollsSideways(), "the visit form scrolls sideways at 390 px");
        await phone.Page.ClickAsync("[data-test=visit-submit]");
        var sinceVisit = System.Diagnostics.Stopwatch.StartNew();

        // The need is a demand on the dispatcher's console, about 端到端甲, without a reload.
        await dispatcher.Page.Locator("[data-test=queue-row]", new() { HasText = "端到端甲" }).WaitForAsync();
        output.WriteLine($"visit recorded → demand on the console: {sinceVisit.ElapsedMilliseconds} ms");
        await dispatcher.Screenshot("console-outreach");

        // And the wall's visit rate moved: one of three visited.
        await BrowserSession.Eventually(async () => await VisitRate(leader) == "33%");
        output.WriteLine($"visit recorded → wall at 33%: {sinceVisit.ElapsedMilliseconds} ms");
        await leader.Screenshot("kpi-visits");
        await rounds.WaitForAsync();
        Assert.Equal(0, await rounds.Locator("[data-test^=due-]", new() { HasText = "端到端甲" }).CountAsync());

        // The station desk and the month's report count the visit too.
        await head.Open("station");
        await head.Page.Locator("[data-test=station-visit-rate] [data-test=visit-rate-value]", new() { HasText = "33%" }).WaitForAsync();
        await head.Screenshot("station-visits");
        await dispatcher.Open("reports");
        await dispatcher.Page.Locator("[data-test=report-heading]").WaitForAsync();
        await dispatcher.Screenshot("flow-report");
    }

    private static async Task<string> VisitRate(BrowserSession session) =>
        (await session.Page.Locator("[data-test=tile-visit-rate] [data-test=tile-value]").InnerTextAsync()).Trim();
}
