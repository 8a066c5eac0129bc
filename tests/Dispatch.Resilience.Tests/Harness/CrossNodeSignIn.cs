using System.Net;
using Dispatch.Web.Accounts;
using Dispatch.Web.Testing;

namespace Dispatch.Resilience.Tests.Harness;

/// <summary>The screens' sign-in, as a browser without JavaScript does it, spread over nodes the way a load balancer may.</summary>
public static class CrossNodeSignIn
{
    /// <summary>
    /// Gets the login page (and its antiforgery token) from <paramref name="page"/>, posts the form to
    /// <paramref name="post"/> and reads the API with the cookie from <paramref name="read"/>: the status of that read.
    /// </summary>
    public static async Task<HttpStatusCode> Status(DispatchNode page, DispatchNode post, DispatchNode read)
    {
        // Cookies ignore the port, so one jar serves all three nodes on 127.0.0.1.
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false });
        var token = CookieSignIn.AntiforgeryToken(await CookieSignIn.Html(await browser.GetAsync(new Uri(page.Root, "account/login"))));
        var signIn = await browser.PostAsync(new Uri(post.Root, "account/login"), CookieSignIn.Form(DemoUsers.Dispatcher, DemoUsers.Password, token));
        Assert.True(signIn.StatusCode == HttpStatusCode.Redirect, $"signing in on {post.Name} with {page.Name}'s form: {(int)signIn.StatusCode}");
        return (await browser.GetAsync(new Uri(read.Root, "api/demands"))).StatusCode;
    }
}
