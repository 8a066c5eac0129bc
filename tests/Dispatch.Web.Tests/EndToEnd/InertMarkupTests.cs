using System.Net.Http.Json;
using System.Reflection;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Grains;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Dispatch.Web.Tests.EndToEnd;

/// <summary>
/// Script and HTML in every free-text field a user can fill (a demand's texts, every action's note and reason, the
/// casework forms, referrals, the callback, a key person and their visit, a station's and a worker's name, a user's
/// display name) show as plain text on every screen, in Chromium. The browser ignores the Content-Security-Policy here,
/// so only the markup's own encoding stands between a payload and the page: nothing injected may run or appear as an
/// element, and the payloads are visible literally.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class InertMarkupTests(AzuriteFixture azurite, BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private const string Station = "chengxiang";
    private const string Worker = "w001";
    private const string MarkupDispatcher = "inert-dispatcher";

    private const string Script = "<script>window.__pwned=1</script>";
    private const string Image = "<img src=x onerror=\"window.__pwned=2\">";
    private const string Svg = "<svg onload=\"window.__pwned=3\">";
    private const string Breakout = "\"><b id=injected>x</b>";
    private const string Link = "javascript:window.__pwned=5";

    /// <summary>Names short enough for every name field (50 characters), each with the text around it it must keep.</summary>
    private const string StationName = "城厢" + Breakout;
    private const string WorkerName = "社工" + Image;
    private const string DisplayName = "调度" + Svg;
    private const string PersonName = "王" + Breakout;
    private const string KeyPersonName = "李" + Svg;

    /// <summary>
    /// Anything that would run or render: the flag a payload sets, an element a payload made, an inline handler or a
    /// script that mentions the flag, a javascript: URL. Comes back as a list of findings (empty when inert).
    /// </summary>
    private const string Findings = """
        () => {
          const found = [];
          if (window.__pwned !== undefined) found.push('window.__pwned = ' + window.__pwned);
          for (const e of document.querySelectorAll('*')) {
            if (e.id === 'injected') found.push('an injected element: ' + e.outerHTML);
            if (e.tagName === 'SCRIPT' && e.textContent.includes('__pwned')) found.push('an injected script: ' + e.outerHTML);
            for (const a of e.attributes) {
              if (a.name.startsWith('on') && a.value.includes('__pwned')) found.push('an injected handler: ' + e.outerHTML.slice(0, 200));
              if (/^(href|src|action|formaction|srcdoc|xlink:href)$/.test(a.name) && /^\s*javascript:/i.test(a.value))
                found.push('a javascript: URL: ' + e.outerHTML.slice(0, 200));
            }
          }
          return found;
        }
        """;

    [Fact]
    public async Task Script_and_html_in_every_text_field_render_inert_on_every_screen()
    {
        await using var app = new DispatchAppFactory(azurite) { RealTime = true };
        var root = app.StartOnKestrel();
        var city = await FillEveryTextField(app);
        var month = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM");

        // Each screen: who sees it, where, what to open on it, and the payloads it must show as text.
        var screens = new Dictionary<string, Screen>
        {
            ["/"] = new(DemoUsers.Dispatcher, "", [], [Script]),
            ["/console"] = new(DemoUsers.Dispatcher, "console",
                [OpenTimeline(city.Reported), OpenTimeline(city.Returned)], [PersonName, Script, StationName, DisplayName]),
            ["/station"] = new(DemoUsers.HeadOf(Station), "station", [], [StationName, PersonName]),
            ["/demands/{DemandId}"] = new(DemoUsers.Dispatcher, $"demands/{city.InService}", [], [PersonName, Script, Svg, StationName, WorkerName]),
            ["/worker"] = new(DemoUsers.WorkerUser(Worker), "worker", [], [PersonName]),
            ["/worker/cases/{DemandId}"] = new(DemoUsers.WorkerUser(Worker), $"worker/cases/{city.InService}", [Drawn("[data-test=step-form]")], [PersonName]),
            ["/worker/cases/{DemandId}/steps/{Step}"] = new(DemoUsers.WorkerUser(Worker), $"worker/cases/{city.InService}/steps/Assessment", [Drawn("[data-test=step-form]")], [PersonName]),
            ["/worker/report"] = new(DemoUsers.WorkerUser(Worker), "worker/report", [], [WorkerName]),
            ["/worker/visits/{PersonId}"] = new(DemoUsers.WorkerUser(Worker), $"worker/visits/{city.PersonId}", [], [KeyPersonName]),
            // The charts draw their axes once they know their size: station names are axis labels there.
            ["/kpi"] = new(DemoUsers.Leader, "kpi", [Drawn("[data-test=chart-return-rate] .mud-charts-xaxis text"), Drawn("[data-test=chart-backlog] .mud-charts-xaxis text")], [StationName]),
            ["/persons"] = new(DemoUsers.HeadOf(Station), "persons", [], [KeyPersonName]),
            ["/persons/{PersonId}"] = new(DemoUsers.HeadOf(Station), $"persons/{city.PersonId}", [], [KeyPersonName, Script]),
            ["/reports"] = new(DemoUsers.Leader, "reports", [], [StationName]),
            ["/reports/{Month}"] = new(DemoUsers.Leader, $"reports/{month}", [], [StationName]),
            ["/admin"] = new(DemoUsers.Admin, "admin",
                [.. Enumerable.Range(0, AdminTabs).Select(AdminTab)],
                [StationName, WorkerName, DisplayName]),
            // Rendered on the server from its query: the return address must neither break out nor become a script link.
            ["/account/denied"] = new(DemoUsers.WorkerUser(Worker), $"account/denied?returnUrl={Uri.EscapeDataString(Link)}",
                [Visit(root, $"account/denied?returnUrl={Uri.EscapeDataString(Breakout + Script)}")], [], Interactive: false),
        };
        var routes = typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>()).Select(r => r.Template).ToHashSet();
        routes.Remove("/account/login");
        Assert.True(routes.SetEquals(screens.Keys), $"screens without an inert-markup check: {string.Join(", ", routes.Except(screens.Keys))}; "
            + $"checks of screens that no longer exist: {string.Join(", ", screens.Keys.Except(routes))}");

        var problems = new List<string>();
        // One signed-in browser per user: each screen is a full page load of its own (nothing a payload did on the last
        // one stays), and a sign-in per screen would cost a login each.
        var sessions = new Dictionary<string, BrowserSession>();
        try
        {
            foreach (var (route, screen) in screens)
            {
                if (!sessions.TryGetValue(screen.User, out var session))
                {
                    session = sessions[screen.User] = await BrowserSession.SignIn(browser.Browser, root, screen.User, screen.Interactive ? screen.Path : "", bypassCsp: true);
                }
                else if (screen.Interactive)
                {
                    await session.Open(screen.Path);
                }
                if (!screen.Interactive)
                {
                    await session.Page.GotoAsync(new Uri(root, screen.Path).ToString());
                }
                // Each payload shows somewhere on the screen: on the page itself or in what opens on it (a dialog, a tab).
                var shown = new HashSet<string>();
                problems.AddRange(await Check(session.Page, route, screen.Shows, shown));
                foreach (var open in screen.Opens)
                {
                    problems.AddRange(await Check(session.Page, $"{route} {await open(session.Page)}", screen.Shows, shown));
                }
                problems.AddRange(screen.Shows.Except(shown).Select(text => $"{route}: '{text}' is not shown literally"));
            }
        }
        finally
        {
            foreach (var session in sessions.Values)
            {
                await session.DisposeAsync();
            }
        }
        problems.AddRange(await LoginPage(root));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>The login page shows its refusal, and the typed name, inert.</summary>
    private async Task<IEnumerable<string>> LoginPage(Uri root)
    {
        await using var context = await browser.Browser.NewContextAsync(new() { BypassCSP = true, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(root, $"account/login?returnUrl={Uri.EscapeDataString(Link)}").ToString());
        await page.FillAsync("#login-username", Breakout + Script);
        await page.FillAsync("#login-password", Image);
        await page.ClickAsync("[data-test=login-submit]");
        await page.Locator("[data-test=login-error]").WaitForAsync();
        var problems = (await page.EvaluateAsync<string[]>(Findings)).Select(f => $"/account/login: {f}").ToList();
        if (await page.InputValueAsync("#login-username") is var typed && typed != Breakout + Script && typed != "")
        {
            problems.Add($"/account/login: the typed name came back as '{typed}'");
        }
        return problems;
    }

    /// <summary>What would run or render on the page now; adds the payloads the page shows as text to <paramref name="shown"/>.</summary>
    private async Task<IEnumerable<string>> Check(IPage page, string where, string[] shows, HashSet<string> shown)
    {
        if (shows.Length > 0)
        {
            // Live lists fill in after the circuit starts; waiting for the first payload also gives an image's error handler its time.
            try
            {
                await page.WaitForFunctionAsync("texts => texts.some(t => document.body.innerText.includes(t))", shows);
            }
            catch (TimeoutException)
            {
                output.WriteLine($"{where}: none of the payloads is shown");
            }
        }
        shown.UnionWith(await page.EvaluateAsync<string[]>("texts => texts.filter(t => document.body.innerText.includes(t))", shows));
        var findings = (await page.EvaluateAsync<string[]>(Findings)).Select(f => $"{where}: {f}").ToList();
        output.WriteLine($"{where}: checked{string.Concat(findings.Select(f => "\n  " + f))}");
        return findings;
    }

    private static Func<IPage, Task<string>> OpenTimeline(string demandId) => async page =>
    {
        // One timeline at a time: the open one's backdrop takes the clicks.
        if (await page.Locator("[data-test=timeline-close]").CountAsync() > 0)
        {
            await page.Locator("[data-test=timeline-close]").ClickAsync();
            await page.Locator("[data-test=timeline-dialog]").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        }
        await page.Locator($"[data-test=queue-row][data-demand='{demandId}'] [data-test=queue-timeline]").ClickAsync();
        await page.Locator("[data-test=timeline-event]").First.WaitForAsync();
        return $"timeline of {demandId}";
    };

    private static Func<IPage, Task<string>> Drawn(string selector) => async page =>
    {
        await page.Locator(selector).First.WaitForAsync(new() { State = WaitForSelectorState.Attached });
        return selector;
    };

    private static Func<IPage, Task<string>> Visit(Uri root, string path) => async page =>
    {
        await page.GotoAsync(new Uri(root, path).ToString());
        return path;
    };

    /// <summary>The admin page's tabs: stations, communities, workers, categories, SLA, users.</summary>
    private const int AdminTabs = 6;

    private static Func<IPage, Task<string>> AdminTab(int index) => async page =>
    {
        var tabs = page.Locator(".mud-tabs-tabbar .mud-tab");
        Assert.Equal(AdminTabs, await tabs.CountAsync());
        await tabs.Nth(index).ClickAsync();
        await page.Locator(".mud-tab-active").Nth(0).WaitForAsync();
        return $"tab {index + 1}";
    };

    /// <summary>
    /// Markup in every text field, stored the way the screens store it (the API and the directory and account services
    /// behind the admin pages): demands in every state the screens list, with each action's text; a key person with a
    /// visit; the station's and a worker's names; the display name of the dispatcher who does it all.
    /// </summary>
    private static async Task<City> FillEveryTextField(DispatchAppFactory app)
    {
        var admin = new DispatchUser(DemoUsers.Admin, "admin", ActorRole.Admin);
        Assert.Null(await app.Services.GetRequiredService<AccountService>().Create(admin,
            new NewAccount(MarkupDispatcher, DisplayName, ActorRole.Dispatcher, null, null, DemoUsers.Password)));
        var directory = app.Grains.GetGrain<ICityDirectoryGrain>(ICityDirectoryGrain.Key);
        var reference = await directory.Get();
        Assert.Null(await directory.UpsertStation(reference.FindStation(Station)! with { Name = StationName }, isNew: false));
        Assert.Null(await directory.UpsertWorker(reference.FindWorker(Worker)! with { Name = WorkerName }, isNew: false));

        // Browser tests run on real time: forms are dated from the real China-local day, not the factory's fake clock.
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var dispatcher = await DemandApi.For(app, MarkupDispatcher);
        var flow = await DemandApi.For(app);
        var community = reference.FindWorker(Worker)!.CommunityIds[0];
        object Demand() => new
        {
            communityId = community,
            categoryId = "elderly-alone",
            serviceType = "ElderlyAndChildCare",
            urgency = "Urgent",
            description = $"独居老人{Script}{Image}",
            person = new { name = PersonName, phone = "13912345678", address = $"新区{Link}" },
            reporter = new { name = $"网格{Svg}", channel = "GridWorker", phone = "13800001111" },
        };
        async Task<string> Walked(params (string Action, object Body)[] steps)
        {
            var id = await dispatcher.ReportId(Demand());
            foreach (var (action, body) in steps)
            {
                await (action is "dispatch" or "cancel" or "callback" ? dispatcher : flow).Act(id, action, body);
            }
            return id;
        }
        var dispatch = ("dispatch", (object)new { stationId = Station, note = $"请尽快{Script}" });
        var toService = new (string Action, object Body)[]
        {
            dispatch, ("accept", new { note = $"收到{Image}" }), ("assign", new { workerId = Worker, note = $"熟悉{Svg}" }),
            ("contact", new { note = $"已联系{Breakout}" }),
        };
        var reported = await Walked();
        var returned = await Walked(dispatch, ("return", new { reason = $"不属于本站{Script}" }));
        await Walked(("cancel", new { reason = $"重复{Image}" }));
        var inService = await Walked([.. toService, ("refer", new { department = $"司法所{Svg}", reason = $"调解{Breakout}" })]);
        var referral = (await flow.Demand(inService)).GetProperty("demand").GetProperty("openReferrals")[0].GetProperty("id").GetString();
        await dispatcher.Act(inService, $"referrals/{referral}/answer", new { answer = $"已受理{Script}" });
        var closed = await Walked(toService);
        foreach (var step in DemandApi.Steps)
        {
            await flow.Act(closed, "steps", MarkupStep(step, today));
        }
        await flow.Act(closed, "close", new { summary = $"完成{Image}" });
        await dispatcher.Act(closed, "callback", new { rating = 5, note = $"满意{Svg}" });

        var head = await app.ClientFor(DemoUsers.HeadOf(Station));
        var person = await DemandApi.Read(await head.PostAsJsonAsync("/api/key-persons", new
        {
            name = KeyPersonName,
            idNumber = Dispatch.Web.DemoData.KeyPersonDemoData.NextIdNumber(new Random(6)),
            communityId = community,
            categories = new[] { new { categoryId = "elderly-alone", since = "2026-01-01" } },
            notes = $"备注{Script}",
        }));
        var personId = person.GetProperty("id").GetString()!;
        var worker = await app.ClientFor(DemoUsers.WorkerUser(Worker));
        var visit = await worker.PostAsJsonAsync($"/api/key-persons/{personId}/visits", new
        {
            on = today,
            found = true,
            observations = $"精神尚可{Breakout}",
            needs = new[] { new { description = $"助餐{Image}", serviceType = "ElderlyAndChildCare", urgency = "Normal" } },
        });
        Assert.True(visit.IsSuccessStatusCode, await visit.Content.ReadAsStringAsync());
        return new City(reported, returned, inService, personId);
    }

    /// <summary>A casework step's form with markup in each of its texts.</summary>
    private static object MarkupStep(string step, DateOnly today) => step switch
    {
        "Assessment" => new { step, note = $"评估{Svg}", assessment = new { needs = new[] { new { serviceType = "ElderlyAndChildCare", description = $"需要{Script}" } } } },
        "Grading" => new { step, grading = new { riskLevel = "High", reason = $"高龄{Image}" } },
        "Plan" => new
        {
            step,
            plan = new
            {
                goals = new[] { $"助餐{Breakout}" },
                actions = new[] { new { description = $"申请{Svg}", due = today.AddDays(14), resource = $"基金{Link}" } },
            },
        },
        "Execution" => new
        {
            step,
            execution = new { services = new[] { new { serviceType = "ElderlyAndChildCare", personTimes = 2, on = today, description = $"上门{Script}" } } },
        },
        _ => new { step, followUp = new { result = $"稳定{Image}", nextFollowUpOn = today.AddDays(7) } },
    };

    private sealed record City(string Reported, string Returned, string InService, string PersonId);

    private sealed record Screen(string User, string Path, Func<IPage, Task<string>>[] Opens, string[] Shows, bool Interactive = true);
}
