using System.Net;
using System.Text.RegularExpressions;

namespace Dispatch.Web.Testing;

/// <summary>Signing in through the login page as a browser without JavaScript would, and the antiforgery tokens pages carry.</summary>
public static partial class CookieSignIn
{
    /// <summary>Posts the login form with the page's antiforgery token; the client keeps the cookie it sets.</summary>
    public static async Task<HttpResponseMessage> SignIn(HttpClient browser, string userName, string password, string? returnUrl = null)
    {
        var path = returnUrl is null ? "/account/login" : $"/account/login?returnUrl={Uri.EscapeDataString(returnUrl)}";
        var token = AntiforgeryToken(await Html(await browser.GetAsync(path)));
        return await browser.PostAsync(path, Form(userName, password, token));
    }

    public static FormUrlEncodedContent Form(string userName, string password, string? token)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("_handler", "login"),
            new("Input.UserName", userName),
            new("Input.Password", password),
        };
        if (token is not null)
        {
            fields.Add(new("__RequestVerificationToken", token));
        }
        return new FormUrlEncodedContent(fields);
    }

    public static string AntiforgeryToken(string html)
    {
        var input = AntiforgeryInput().Match(html);
        Assert.True(input.Success, "no antiforgery token on the page");
        return ValueAttribute().Match(input.Value).Groups[1].Value;
    }

    /// <summary>The page as text: Blazor writes non-ASCII characters as HTML entities.</summary>
    public static async Task<string> Html(HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*>")]
    private static partial Regex AntiforgeryInput();

    [GeneratedRegex("value=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();
}
