using Dispatch.Contracts.Accounts;
using Dispatch.Web.Accounts;
using Dispatch.Web.Audit;
using Dispatch.Web.Extensions;
using Dispatch.Web.Localization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Dispatch.Web.Components.Pages.Account;

/// <summary>
/// The sign-in form: a static server-rendered page, because only a plain HTTP response can set the sign-in cookie.
/// It says the same for an unknown user name as for a wrong password, and goes back to <c>returnUrl</c> only on this site.
/// </summary>
public partial class Login
{
    private const string InputStyle =
        "display:block;width:100%;box-sizing:border-box;margin:4px 0 16px;padding:10px 12px;font:inherit;" +
        "color:var(--mud-palette-text-primary);background:transparent;border:1px solid var(--mud-palette-lines-inputs);border-radius:4px";

    private string? error;

    [CascadingParameter] private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "login")] private LoginForm Input { get; set; } = default!;

    [SupplyParameterFromQuery] private string? ReturnUrl { get; set; }

    /// <summary>Set by the rate limiter when it refused this page's form post: seconds to wait.</summary>
    [SupplyParameterFromQuery(Name = RateLimitExtensions.ThrottledParameter)] private int? Throttled { get; set; }

    [Inject] private AccountService Accounts { get; set; } = default!;

    [Inject] private AuditTrail Audit { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private IOptions<AuthOptions> Options { get; set; } = default!;

    [Inject] private IHostEnvironment Environment { get; set; } = default!;

    [Inject] private IStringLocalizer<Login> L { get; set; } = default!;

    [Inject] private IStringLocalizer<SharedResource> S { get; set; } = default!;

    private bool ShowDemoUsers => Options.Value.DemoUsersEnabled(Environment);

    // Null on a plain GET: only a post of this form supplies it.
    protected override void OnInitialized()
    {
        Input ??= new();
        if (Throttled is { } seconds)
        {
            error = L["Throttled", seconds];
        }
    }

    private async Task SignIn()
    {
        var result = string.IsNullOrWhiteSpace(Input.UserName) || string.IsNullOrEmpty(Input.Password)
            ? null
            : await Accounts.SignIn(Input.UserName, Input.Password);
        if (result is not null)
        {
            Audit.RecordSignIn(HttpContext, Input.UserName, result);
        }
        // The page is rendered again on failure: the password must not travel back to the browser inside it.
        Input.Password = "";
        switch (result)
        {
            case null:
                error = L["Required"];
                break;
            case { Status: SignInStatus.SignedIn, Account: { } account }:
                await HttpContext.SignInAsync(
                    CookieAuthenticationDefaults.AuthenticationScheme,
                    AccountClaims.Principal(account, CookieAuthenticationDefaults.AuthenticationScheme));
                Navigation.NavigateTo(LocalUrl.OrHome(ReturnUrl));
                break;
            case { Status: SignInStatus.LockedOut, LockedUntil: { } until }:
                error = L["LockedUntil", StationTime.Format(until, format: "yyyy-MM-dd HH:mm:ss")];
                break;
            case { Status: SignInStatus.Disabled }:
                error = L["Disabled"];
                break;
            default:
                error = L["Invalid"];
                break;
        }
    }

    /// <summary>The language links come back here, keeping where the user was headed.</summary>
    private string CultureHref(string culture) =>
        $"culture/set?culture={Uri.EscapeDataString(culture)}&redirectUri={Uri.EscapeDataString(Navigation.ToBaseRelativePath(Navigation.Uri))}";
}

public sealed class LoginForm
{
    public string UserName { get; set; } = "";

    public string Password { get; set; } = "";
}
