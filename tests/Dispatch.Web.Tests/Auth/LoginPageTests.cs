using System.Net;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.Testing;
using Dispatch.Web.Tests.Infrastructure;
using static Dispatch.Web.Testing.CookieSignIn;

namespace Dispatch.Web.Tests.Auth;

/// <summary>
/// The sign-in page and the cookie it sets, through plain HTTP as a browser without JavaScript would use them. One host
/// for the class: each test is its own cookie jar, and the wrong passwords here stay below any lockout.
/// </summary>
public sealed class LoginPageTests(AzuriteFixture azurite, ClassHost host) : ApiTest(azurite, host.App(() => new(azurite))), IClassFixture<ClassHost>
{
    [Theory]
    [InlineData("zh-CN", "登录", "用户名")]
    [InlineData("en-US", "Sign in", "User name")]
    public async Task The_page_speaks_the_users_language_and_carries_an_antiforgery_token(string culture, string title, string userName)
    {
        var browser = Browser(culture);
        var html = await Html(await browser.GetAsync("/account/login"));
        Assert.Contains(title, html);
        Assert.Contains(userName, html);
        Assert.NotEmpty(AntiforgeryToken(html));
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused_and_signs_nobody_in()
    {
        var browser = Browser();
        await browser.GetAsync("/account/login");
        var response = await browser.PostAsync("/account/login", Form(DemoUsers.Dispatcher, DemoUsers.Password, token: null));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(Cookies(response), c => c.StartsWith("dispatch.auth="));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/demands")).StatusCode);
    }

    [Theory]
    [InlineData("zh-CN", "用户名或密码错误。")]
    [InlineData("en-US", "Wrong user name or password.")]
    public async Task A_wrong_password_shows_a_localized_error_and_is_not_sent_back(string culture, string message)
    {
        var browser = Browser(culture);
        foreach (var userName in new[] { DemoUsers.Dispatcher, "nobody-at-all" })
        {
            var response = await SignIn(browser, userName, "typed-secret-9876");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await Html(response);
            Assert.Contains(message, html);
            Assert.DoesNotContain("typed-secret-9876", html);
            Assert.DoesNotContain(Cookies(response), c => c.StartsWith("dispatch.auth="));
        }
    }

    [Theory]
    [InlineData("/console", "/console")]
    [InlineData("console?tab=queue", "/console?tab=queue")]
    [InlineData("https://evil.example/phish", "/")]
    [InlineData("//evil.example", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("javascript:alert(1)", "/")]
    public async Task Success_signs_in_and_goes_back_to_the_return_url_only_when_it_is_on_this_site(string returnUrl, string location)
    {
        var browser = Browser();
        var response = await SignIn(browser, DemoUsers.Dispatcher, DemoUsers.Password, returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(location, OnThisSite(response.Headers.Location!));
        Assert.Contains(Cookies(response), c => c.StartsWith("dispatch.auth=") && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        // The cookie is a sign-in for the API too.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/demands")).StatusCode);
    }

    [Fact]
    public async Task The_cookie_cannot_drive_an_api_action_from_a_plain_html_form()
    {
        // What a form on another site could send (besides SameSite=Lax keeping the cookie off it): not JSON, so refused.
        var id = await Api.ReportId();
        var browser = Browser();
        await SignIn(browser, DemoUsers.Dispatcher, DemoUsers.Password);
        var forged = await browser.PostAsync($"/api/demands/{id}/cancel", new FormUrlEncodedContent([new("reason", "跨站请求")]));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, forged.StatusCode);
        Assert.Equal("Reported", (await Api.Demand(id)).GetProperty("demand").GetProperty("state").GetString());
    }

    [Fact]
    public async Task Signing_out_needs_the_antiforgery_token_and_ends_the_session()
    {
        var browser = Browser();
        await SignIn(browser, DemoUsers.Leader, DemoUsers.Password);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/kpis")).StatusCode);

        var forged = await browser.PostAsync("/account/logout", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/kpis")).StatusCode);

        // A token is bound to the signed-in user, so take one from a page rendered for them.
        var token = AntiforgeryToken(await Html(await browser.GetAsync("/account/login")));
        var logout = await browser.PostAsync("/account/logout", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal("/account/login", OnThisSite(logout.Headers.Location!));
        var afterwards = await browser.GetAsync("/api/kpis");
        Assert.Equal(HttpStatusCode.Unauthorized, afterwards.StatusCode);
    }

    [Fact]
    public async Task Pages_send_a_visitor_to_sign_in_but_the_api_answers_401_as_a_problem()
    {
        var browser = Browser();
        var page = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/login?returnUrl=", OnThisSite(page.Headers.Location!));

        var api = await browser.GetAsync("/api/demands");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Null(api.Headers.Location);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);

        // Signed in with a role the route does not allow: 403 as a problem, not a redirect to a page.
        await SignIn(browser, DemoUsers.WorkerUser("w001"), DemoUsers.Password);
        var kpis = await browser.GetAsync("/api/kpis");
        Assert.Equal(HttpStatusCode.Forbidden, kpis.StatusCode);
        Assert.Null(kpis.Headers.Location);
        Assert.Equal("application/problem+json", kpis.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_page_the_role_may_not_open_sends_to_a_localized_refusal_that_offers_another_sign_in()
    {
        var browser = Browser();
        await SignIn(browser, DemoUsers.WorkerUser("w001"), DemoUsers.Password);
        var console = await browser.GetAsync("/console");
        Assert.Equal(HttpStatusCode.Redirect, console.StatusCode);
        var denied = OnThisSite(console.Headers.Location!);
        Assert.StartsWith("/account/denied", denied);
        var html = await Html(await browser.GetAsync(denied));
        Assert.Contains("您的角色无权打开此页面。", html);
        Assert.Contains("account/login?returnUrl=%2Fconsole", html);
    }

    /// <summary>A client that keeps cookies and does not follow redirects, like a browser whose every hop we look at.</summary>
    private HttpClient Browser(string culture = "zh-CN")
    {
        var client = App.Anonymous();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(culture);
        return client;
    }

    /// <summary>A redirect target, which must stay on this site: its path and query.</summary>
    private static string OnThisSite(Uri location)
    {
        if (!location.IsAbsoluteUri)
        {
            return location.OriginalString;
        }
        Assert.Equal("localhost", location.Authority);
        return location.PathAndQuery;
    }

    private static IEnumerable<string> Cookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];
}
