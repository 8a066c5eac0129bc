using System.Net;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.Extensions;
using Dispatch.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace Dispatch.Web.Tests.Security;

/// <summary>Every response carries the security headers; the app works under its Content-Security-Policy in Chromium.</summary>
[Collection(WebCollection.Name)]
public sealed class SecurityHeaderTests(AzuriteFixture azurite, BrowserFixture browser, ClassHost host)
    : IClassFixture<BrowserFixture>, IClassFixture<ClassHost>
{
    /// <summary>One host for the header checks: they only read, or are refused.</summary>
    private DispatchAppFactory App => host.App(() => new DispatchAppFactory(azurite));

    [Theory]
    [InlineData("/account/login", HttpStatusCode.OK)]            // a server-rendered page
    [InlineData("/dispatch.js", HttpStatusCode.OK)]              // a static file
    [InlineData("/api/demands", HttpStatusCode.Unauthorized)]    // the API, refused
    [InlineData("/_framework/blazor.web.js", HttpStatusCode.OK)] // the framework's own assets
    [InlineData("/health", HttpStatusCode.OK)]
    public async Task Every_response_carries_the_security_headers(string path, HttpStatusCode status)
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task A_refused_request_body_still_gets_the_security_headers()
    {
        var response = await App.CreateClient().PostAsync("/api/auth/token",
            new StringContent("{\"userName\":", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertSecurityHeaders(response);
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        Assert.Equal(SecurityHeaderExtensions.ContentSecurityPolicy, Header(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"));
    }

    [Fact]
    public async Task The_screens_work_in_chromium_under_the_policy_and_nothing_is_refused()
    {
        await using var app = new DispatchAppFactory(azurite) { RealTime = true };
        var root = app.StartOnKestrel();
        await using var dispatcher = await BrowserSession.SignIn(browser.Browser, root, DemoUsers.Dispatcher, "console");
        var refused = new List<string>();
        dispatcher.Page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                refused.Add(message.Text);
            }
        };

        // Full page loads, each interactive (its scripts ran and its WebSocket connected under the policy).
        foreach (var screen in new[] { "console", "kpi", "persons", "reports" })
        {
            await dispatcher.Open(screen);
        }
        // A dialog and the alert sound's data: URI on the console.
        await dispatcher.Open("console");
        await dispatcher.Page.ClickAsync("[data-test=console-intake]:not([disabled])");
        await dispatcher.Page.Locator("[data-test=intake-dialog]").WaitForAsync();

        Assert.Empty(refused);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : throw new Xunit.Sdk.XunitException($"{name} missing on {response.RequestMessage?.RequestUri}");
}
