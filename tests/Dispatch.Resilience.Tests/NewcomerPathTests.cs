using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Resilience.Tests.Harness;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.Testing;
using Microsoft.Playwright;

namespace Dispatch.Resilience.Tests;

/// <summary>
/// A newcomer's first hour (issue 13): the system started as the README says, then every role in a real Chromium on
/// each of its screens. Every screen was once dead on a fresh clone while every other test passed.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class NewcomerPathTests(AzuriteFixture azurite, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>Each role of the README's demo users and the screens it may open.</summary>
    private static readonly (string User, string[] Screens, int Width)[] Roles =
    [
        (DemoUsers.Dispatcher, ["console", "kpi", "persons", "reports"], 1920),
        (DemoUsers.Leader, ["kpi", "persons", "reports"], 1920),
        (DemoUsers.Admin, ["admin", "kpi", "persons", "reports"], 1920),
        (DemoUsers.HeadOf("chengxiang"), ["station", "persons", "reports"], 1920),
        // The worker's screen is phone-sized.
        (DemoUsers.WorkerUser("w001"), ["worker", "persons"], 390),
    ];

    /// <summary>
    /// The README's screenshots of plain screens, taken from the system as the README starts it once the screen shows
    /// its data (a script that holds then): the wall draws each chart only after the browser has measured it.
    /// </summary>
    private static readonly Dictionary<(string User, string Screen), (string Name, string Ready)> ReadmeScreenshots = new()
    {
        [(DemoUsers.Dispatcher, "console")] = ("console", "document.querySelector('[data-test=console-intake]:not([disabled])')"),
        [(DemoUsers.Dispatcher, "reports")] = ("report", "document.querySelector('[data-test=report-heading]')"),
        [(DemoUsers.Leader, "kpi")] = ("kpi", "(charts => charts.length > 0 && charts.every(chart => chart.querySelector('svg text')))([...document.querySelectorAll('[data-test^=chart-]')])"),
        [(DemoUsers.HeadOf("chengxiang"), "station")] = ("station", "document.querySelector('[data-test=station-name]')"),
        [(DemoUsers.HeadOf("chengxiang"), "persons")] = ("register", "document.querySelector('[data-test=register-table] [data-test^=open-person-]')"),
        [(DemoUsers.WorkerUser("w001"), "worker")] = ("worker-cases", "document.querySelector('[data-test=my-cases] [data-test^=open-case-]')"),
    };

    [Fact]
    public async Task The_README_quick_start_gives_every_role_working_screens_in_chromium_and_ctrl_c_stops_it_all()
    {
        await using var system = new ReadmeSystem();
        await system.Start();

        await Walk(system.Root, Roles, screenshots: true);

        await system.Interrupt();
        Assert.False(system.HasProcessesLeft, $"Ctrl+C left processes of scripts/run.sh running:\n{system.Output}");
    }

    /// <summary>
    /// The published folder serves the same code the quick start walks role by role; what it can lose is files (assets,
    /// resources, settings), so every screen once is enough there, each as the first role that may open it.
    /// </summary>
    [Fact]
    public async Task Published_output_run_as_the_README_says_gives_every_screen_working_in_chromium()
    {
        var published = Directory.CreateTempSubdirectory("dispatch-published-");
        try
        {
            await Run("dotnet", BrowserFixture.RepositoryRoot(), "publish", "src/Dispatch.Web", "-c", "Release", "-o", published.FullName, "--nologo", "-v", "quiet");
            var root = new Uri($"http://127.0.0.1:{FreePorts.Next()}/");
            // The README's Publish paragraph: from the output folder (its content root), with the settings run.sh passes.
            var start = new ProcessStartInfo("dotnet")
            {
                ArgumentList =
                {
                    "Dispatch.Web.dll", "--urls", root.ToString().TrimEnd('/'),
                    $"--Dispatch:Storage:ConnectionString={azurite.ConnectionString}",
                    "--Dispatch:Simulator:Enabled=true", "--Dispatch:Auth:DemoUsers=true", "--Dispatch:AllowDevelopmentSecrets=true",
                    $"--Dispatch:Orleans:SiloPort={FreePorts.Next()}", $"--Dispatch:Orleans:GatewayPort={FreePorts.Next()}",
                },
                WorkingDirectory = published.FullName,
            };
            start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
            start.Environment.Remove("DOTNET_ENVIRONMENT");
            start.Environment["Dispatch__Auth__SigningKey"] = DispatchAppFactory.SigningKey;
            using var app = ChildProcess.Start(start);
            await app.UntilHealthy(root, DispatchNode.StartTimeout, "published Dispatch.Web");

            await Walk(root, EachScreenOnce(), screenshots: false);
        }
        finally
        {
            published.Delete(recursive: true);
        }
    }

    private static IEnumerable<(string User, string[] Screens, int Width)> EachScreenOnce()
    {
        var walked = new HashSet<string>();
        foreach (var (user, screens, width) in Roles)
        {
            if (screens.Where(walked.Add).ToArray() is { Length: > 0 } unwalked)
            {
                yield return (user, unwalked, width);
            }
        }
    }

    private async Task Walk(Uri root, IEnumerable<(string User, string[] Screens, int Width)> roles, bool screenshots)
    {
        // Playwright raises page events on its own thread.
        var problems = new ConcurrentQueue<string>();
        var assets = new ConcurrentQueue<string>();
        try
        {
            foreach (var (user, screens, width) in roles)
            {
                await using var session = await BrowserSession.SignIn(
                    browser.Browser, root, user, screens[0], width: width, height: width < 1000 ? 844 : 1080, watch: page => Watch(page, user, problems, assets));
                await ClickChangesTheTheme(session);
                foreach (var screen in screens)
                {
                    await session.Open(screen);
                    // MudBlazor's styles make the bar fixed; on a phone ours make it sticky, so a wrapped bar takes its own room.
                    Assert.Equal(width < 600 ? "sticky" : "fixed", await session.Page.EvalOnSelectorAsync<string>(".mud-appbar", "bar => getComputedStyle(bar).position"));
                    if (screenshots && ReadmeScreenshots.TryGetValue((user, screen), out var shot))
                    {
                        await session.Page.WaitForFunctionAsync($"() => !!({shot.Ready})");
                        await session.Screenshot(shot.Name);
                    }
                    if (screen == "console")
                    {
                        await ADemandTakenInThroughTheApiAppears(session, root);
                    }
                }
            }
        }
        catch (Exception e) when (!problems.IsEmpty)
        {
            // A dead screen times out, or a check fails; what the browser refused on the way says why.
            Assert.Fail($"{e.Message}\nThe browser saw:\n{string.Join("\n", problems)}");
        }
        Assert.True(problems.IsEmpty, string.Join("\n", problems));
        Assert.Contains(assets, url => url.EndsWith("/_framework/blazor.web.js", StringComparison.Ordinal));
        Assert.Contains(assets, url => url.EndsWith("/_content/MudBlazor/MudBlazor.min.css", StringComparison.Ordinal));
    }

    /// <summary>Whatever the browser refused or reported: failed requests, error statuses, console errors, scripts and stylesheets without their type.</summary>
    private static void Watch(IPage page, string user, ConcurrentQueue<string> problems, ConcurrentQueue<string> assets)
    {
        page.RequestFailed += (_, request) => problems.Enqueue($"{user}: {request.Method} {request.Url} failed: {request.Failure}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Enqueue($"{user}: console error on {page.Url}: {message.Text}");
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                problems.Enqueue($"{user}: {response.Status} for {response.Url}");
            }
            var expected = response.Request.ResourceType switch
            {
                "script" => "text/javascript",
                "stylesheet" => "text/css",
                _ => null,
            };
            if (expected is null)
            {
                return;
            }
            assets.Enqueue(response.Url);
            if (!response.Headers.TryGetValue("content-type", out var type) || !type.StartsWith(expected, StringComparison.Ordinal))
            {
                problems.Enqueue($"{user}: {response.Url} came as '{type}', not {expected}");
            }
        };
    }

    /// <summary>The circuit is live: a click on the app bar's theme switch repaints the bar.</summary>
    private static async Task ClickChangesTheTheme(BrowserSession session)
    {
        const string background = "() => getComputedStyle(document.querySelector('.mud-appbar')).backgroundColor";
        var before = await session.Page.EvaluateAsync<string>(background);
        await session.Page.ClickAsync("[data-test=theme-toggle]");
        await BrowserSession.Eventually(async () => await session.Page.EvaluateAsync<string>(background) != before);
    }

    /// <summary>A demand taken in by a script with a bearer token reaches the open console without a reload.</summary>
    private static async Task ADemandTakenInThroughTheApiAppears(BrowserSession console, Uri root)
    {
        using var http = new HttpClient { BaseAddress = root };
        var token = await http.PostAsJsonAsync("api/auth/token", new { userName = DemoUsers.Dispatcher, password = DemoUsers.Password });
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        var intake = await http.PostAsJsonAsync("api/demands", DemandApi.NewDemand());
        Assert.Equal(HttpStatusCode.Created, intake.StatusCode);
        var id = (await intake.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("demand").GetProperty("id").GetString()!;

        await console.Page.Locator("[data-test=ticker-entry]", new() { HasText = id }).First.WaitForAsync();
    }

    private static async Task Run(string program, string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = folder };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = ChildProcess.Start(start);
        Assert.True(await process.Exited(TimeSpan.FromMinutes(10)), $"{program} {string.Join(' ', arguments)} did not finish:\n{process.Output}");
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} failed:\n{process.Output}");
    }
}
