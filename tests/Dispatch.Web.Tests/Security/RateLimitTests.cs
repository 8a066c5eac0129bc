using System.Net;
using System.Net.Http.Json;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.DemoData;
using Dispatch.Web.Extensions;
using Dispatch.Web.Testing;
using Dispatch.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Dispatch.Web.Tests.Security;

/// <summary>
/// Sign-in (token and login form, one budget per client address) and intake (per user) are rate-limited by
/// configuration: over the limit, a program gets 429 with Retry-After and the login page says so in the user's language.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class RateLimitTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const int Permits = 3;

    private readonly DispatchAppFactory app = new(azurite, settings: new Dictionary<string, string>
    {
        [$"{RateLimitOptions.Section}:SignIn:PermitLimit"] = Permits.ToString(),
        [$"{RateLimitOptions.Section}:SignIn:Window"] = "01:00:00",
        [$"{RateLimitOptions.Section}:Intake:PermitLimit"] = Permits.ToString(),
        [$"{RateLimitOptions.Section}:Intake:Window"] = "01:00:00",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    [Fact]
    public async Task Token_requests_over_the_limit_are_429_with_retry_after_and_the_login_form_shares_the_budget()
    {
        var client = app.Anonymous();
        for (var i = 0; i < Permits - 1; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await RequestToken(client, "wrong-password")).StatusCode);
        }
        var browser = Browser();
        var form = await CookieSignIn.SignIn(browser, "nobody", "wrong-password");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);

        // The budget is spent: even the right password is refused until the window ends.
        var refused = await RequestToken(client, DemoUsers.Password);

        Assert.Contains("seconds", await ProblemResponses.Detail(refused, HttpStatusCode.TooManyRequests));
        AssertRetryAfter(refused);
    }

    [Fact]
    public async Task The_login_page_says_in_the_users_language_that_sign_in_is_throttled()
    {
        var browser = Browser();
        var page = await browser.GetAsync("/account/login?returnUrl=%2Fconsole");
        var token = CookieSignIn.AntiforgeryToken(await CookieSignIn.Html(page));
        for (var i = 0; i < Permits; i++)
        {
            await browser.PostAsync("/account/login?returnUrl=%2Fconsole", CookieSignIn.Form(DemoUsers.Dispatcher, "wrong-password", token));
        }

        var refused = await browser.PostAsync("/account/login?returnUrl=%2Fconsole", CookieSignIn.Form(DemoUsers.Dispatcher, DemoUsers.Password, token));

        Assert.Equal(HttpStatusCode.SeeOther, refused.StatusCode);
        AssertRetryAfter(refused);
        var location = refused.Headers.Location!.OriginalString;
        Assert.StartsWith("/account/login?throttled=", location);
        Assert.Contains("returnUrl=%2Fconsole", location);
        var seconds = (int)refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        Assert.Contains($"请等待 {seconds} 秒后再试", await Page(browser, location, "zh-CN"));
        Assert.Contains($"Wait {seconds} seconds and try again", await Page(browser, location, "en-US"));
        // Viewing the page is never counted, and no cookie was set by the refused post.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/login")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/demands")).StatusCode);
    }

    [Fact]
    public async Task Intake_over_the_limit_is_429_for_that_user_only_and_takes_nothing_in()
    {
        var dispatcher = await app.ClientFor(DemoUsers.Dispatcher);
        var worker = await app.ClientFor(DemoUsers.WorkerUser("w001"));
        for (var i = 0; i < Permits; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await dispatcher.PostAsJsonAsync("/api/demands", DemandApi.NewDemand())).StatusCode);
        }

        var refused = await dispatcher.PostAsJsonAsync("/api/demands", DemandApi.NewDemand());

        await ProblemResponses.Detail(refused, HttpStatusCode.TooManyRequests);
        AssertRetryAfter(refused);
        Assert.Equal(Permits, (await DemandApi.Read(await dispatcher.GetAsync("/api/demands"))).GetArrayLength());
        // Reading is not intake, and another user has a budget of their own.
        Assert.Equal(HttpStatusCode.OK, (await dispatcher.GetAsync("/api/demands")).StatusCode);
        var workersCommunity = TaicangDemoData.Create().FindWorker("w001")!.CommunityIds[0];
        Assert.Equal(HttpStatusCode.Created, (await worker.PostAsJsonAsync("/api/demands", DemandApi.NewDemand(workersCommunity))).StatusCode);
    }

    private static void AssertRetryAfter(HttpResponseMessage response)
    {
        var wait = response.Headers.RetryAfter?.Delta;
        Assert.True(wait is { } delta && delta > TimeSpan.Zero && delta <= TimeSpan.FromHours(1), $"Retry-After: {response.Headers.RetryAfter}");
    }

    private static Task<HttpResponseMessage> RequestToken(HttpClient client, string password) =>
        client.PostAsJsonAsync("/api/auth/token", new { userName = DemoUsers.Dispatcher, password });

    private HttpClient Browser() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<string> Page(HttpClient browser, string location, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, location) { Headers = { { "Accept-Language", language } } };
        return await CookieSignIn.Html(await browser.SendAsync(request));
    }
}
