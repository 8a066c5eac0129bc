using Microsoft.AspNetCore.Localization;
using MudBlazor;

namespace Dispatch.Web.Localization;

public static class LocalizationExtensions
{
    /// <summary>zh-CN and en-US: the browser's language picks, the switch's cookie overrides and is remembered.</summary>
    public static IServiceCollection AddDispatchLocalization(this IServiceCollection services)
    {
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.AddTransient<MudLocalizer, DispatchMudLocalizer>();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.SetDefaultCulture(SupportedCultures.Chinese)
                .AddSupportedCultures(SupportedCultures.All)
                .AddSupportedUICultures(SupportedCultures.All);
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            options.RequestCultureProviders =
            [
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return services;
    }

    /// <summary><c>GET /culture/set?culture=en-US&amp;redirectUri=/console</c>: remembers the choice for a year and goes back.</summary>
    public static IEndpointRouteBuilder MapCultureSwitch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/culture/set", (string culture, string? redirectUri, HttpContext http) =>
        {
            if (!SupportedCultures.All.Contains(culture))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["culture"] = [$"culture must be one of: {string.Join(", ", SupportedCultures.All)}."],
                });
            }
            http.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax });
            // Only local paths: an open redirect would let a link take a user's session elsewhere.
            var target = "/" + (redirectUri ?? "").TrimStart('/');
            return Results.LocalRedirect(Uri.IsWellFormedUriString(target, UriKind.Relative) && !target.StartsWith("//") ? target : "/");
        }).ExcludeFromDescription();
        return app;
    }
}
