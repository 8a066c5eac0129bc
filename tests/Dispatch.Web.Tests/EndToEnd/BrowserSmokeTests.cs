namespace Dispatch.Web.Tests.EndToEnd;

public sealed class BrowserSmokeTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Debian_chromium_renders_a_page_under_playwright()
    {
        var page = await browser.Browser.NewPageAsync();
        await page.SetContentAsync("<html lang='zh-CN'><body><h1>社工站调度平台</h1></body></html>");
        Assert.Equal("社工站调度平台", await page.InnerTextAsync("h1"));
        await page.CloseAsync();
    }
}

[Collection(Infrastructure.WebCollection.Name)]
public sealed class KestrelSmokeTests(Dispatch.Testing.AzuriteFixture azurite, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_app_answers_a_browser_on_a_real_port()
    {
        await using var app = new DispatchAppFactory(azurite);
        var root = app.StartOnKestrel();
        var page = await browser.Browser.NewPageAsync();
        var response = await page.GotoAsync(new Uri(root, "/health").ToString());
        Assert.Equal(200, response!.Status);
        Assert.Contains("healthy", await page.ContentAsync());
        await page.CloseAsync();
    }
}
