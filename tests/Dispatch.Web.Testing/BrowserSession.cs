using Dispatch.Web.Accounts;
using Microsoft.Playwright;

namespace Dispatch.Web.Testing;

/// <summary>One person at one screen: their own browser context (cookies), signed in through the real login page.</summary>
public sealed class BrowserSession(IBrowserContext context, IPage page, Uri root) : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public IPage Page { get; } = page;

    public static async Task<BrowserSession> SignIn(
        IBrowser browser, Uri root, string userName, string screen, int width = 1920, int height = 1080, string locale = "zh-CN",
        TimeSpan? patience = null, bool bypassCsp = false, Action<IPage>? watch = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = locale,
            TimezoneId = "Asia/Shanghai",
            // A test of the markup itself must not lean on the Content-Security-Policy to stop what the markup lets through.
            BypassCSP = bypassCsp,
        });
        context.SetDefaultTimeout((float)(patience ?? Patience).TotalMilliseconds);
        var page = await context.NewPageAsync();
        // Before the first request, so a test that watches the page sees the sign-in page's requests too.
        watch?.Invoke(page);
        await page.GotoAsync(new Uri(root, $"account/login?returnUrl={Uri.EscapeDataString("/" + screen)}").ToString());
        await page.FillAsync("#login-username", userName);
        await page.FillAsync("#login-password", DemoUsers.Password);
        await page.ClickAsync("[data-test=login-submit]");
        var session = new BrowserSession(context, page, root);
        await session.WaitUntilInteractive();
        return session;
    }

    /// <summary>Prerendered markup looks ready before its circuit is wired up; clicks before that are lost.</summary>
    public Task WaitUntilInteractive() =>
        Page.WaitForSelectorAsync("[data-test=circuit][data-interactive=true]", new() { State = WaitForSelectorState.Attached });

    public async Task Open(string screen)
    {
        await Page.GotoAsync(new Uri(root, screen).ToString());
        await WaitUntilInteractive();
    }

    public Task Screenshot(string name) =>
        Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}.png") });

    /// <summary>True when the page itself needs no scrollbar in either direction (panels may scroll inside).</summary>
    public Task<bool> FitsWithoutPageScrollbar() => Page.EvaluateAsync<bool>(
        "() => document.documentElement.scrollHeight <= window.innerHeight + 1 && document.documentElement.scrollWidth <= window.innerWidth + 1");

    /// <summary>True when the page is wider than the screen (a phone page may scroll down, never sideways).</summary>
    public Task<bool> ScrollsSideways() =>
        Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");

    /// <summary>Waits (within <see cref="Patience"/>) for a screen to show something it updates by itself.</summary>
    public static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the screen did not update in time");
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}
