using System.Net;
using System.Text.RegularExpressions;
using Dispatch.Web.Accounts;

namespace Dispatch.Resilience.Tests.Harness;

/// <summary>The screens' sign-in, as a browser without JavaScript does it, spread over nodes the way a load balancer may.</summary>
public static partial class CookieSignIn
{
    /// <summary>
    /// Gets the login page (and its antiforgery token) from <paramref name="page"/>, posts the form to
    /// <paramref name="post"/> and reads the API with the cookie from <paramref name="read"/>: the status of that read.
    /// </summary>
    public static async Task<HttpStatusCode> AcrossNodes(DispatchNode page, DispatchNode post, DispatchNode read)
    {
        // Cookies ignore the port, so one jar serves all three nodes on 127.0.0.1.
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false });
        var html = WebUtility.HtmlDecode(await browser.GetStringAsync(new Uri(page.Root, "account/login")));
        var token = AntiforgeryToken().Match(html).Groups[1].Value;
        var signIn = await browser.PostAsync(new Uri(post.Root, "account/login"), new FormUrlEncodedContent(
        [
            new("_handler", "login"),
            new("Input.UserName", DemoUsers.Dispatcher),
            new("Input.Password", DemoUsers.Password),
            new("__RequestVerificationToken", token),
        ]));
        Assert.True(signIn.StatusCode == HttpStatusCode.Redirect, $"signing in on {post.Name} with {page.Name}'s form: {(int)signIn.StatusCode}");
        return (await browser.GetAsync(new Uri(read.Root, "api/demands"))).StatusCode;
    }

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]*)\"")]
    private static partial Regex AntiforgeryToken();
}
