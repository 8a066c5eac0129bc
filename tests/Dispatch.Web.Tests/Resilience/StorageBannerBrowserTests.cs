using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Dispatch.Web.Tests.Resilience;

/// <summary>
/// Real Chromium screens on the real host: storage stops, a write fails, and every open screen shows the degraded
/// banner without a reload; storage returns and the banner goes away by itself.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class StorageBannerBrowserTests(AzuriteFixture azurite, BrowserFixture browser, ITestOutputHelper output)
    : IClassFixture<AzuriteFixture>, IClassFixture<BrowserFixture>
{
    private const string Banner = "[data-test=storage-banner]";

    [Fact]
    public async Task Every_open_screen_shows_the_banner_while_storage_is_down_and_drops_it_when_storage_returns()
    {
        if (azurite.IsExternal)
        {
            return; // External storage cannot be stopped from here (xunit 2 has no runtime skip).
        }

        await using var app = new DispatchAppFactory(azurite);
        var root = app.StartOnKestrel();
        await using var console = await BrowserSession.SignIn(browser.Browser, root, DemoUsers.Dispatcher, "console");
        await using var station = await BrowserSession.SignIn(browser.Browser, root, DemoUsers.HeadOf("liuhe"), "station", locale: "en-US");
        var dispatcher = await app.ClientFor(DemoUsers.Dispatcher);
        Assert.Equal(0, await console.Page.Locator(Banner).CountAsync());

        await azurite.StopAsync();
        try
        {
            var refused = await dispatcher.PostAsJsonAsync("/api/demands", DemandApi.NewDemand("liuhe-c01"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            var shown = Stopwatch.StartNew();
            await console.Page.Locator(Banner).WaitForAsync();
            await station.Page.Locator(Banner).WaitForAsync();
            output.WriteLine($"banner on both screens {shown.Elapsed.TotalSeconds:0.00} s after the refused write");
            Assert.Contains("存储不可用", await console.Page.Locator(Banner).InnerTextAsync());
            Assert.Contains("Storage unavailable", await station.Page.Locator(Banner).InnerTextAsync());
            await console.Screenshot("storage-outage-banner");
        }
        finally
        {
            await azurite.StartAsync();
        }

        var cleared = Stopwatch.StartNew();
        await console.Page.Locator(Banner).WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await station.Page.Locator(Banner).WaitForAsync(new() { State = WaitForSelectorState.Detached });
        output.WriteLine($"banner gone from both screens {cleared.Elapsed.TotalSeconds:0.00} s after Azurite listened again");
        var accepted = await dispatcher.PostAsJsonAsync("/api/demands", DemandApi.NewDemand("liuhe-c01"));
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }
}
