using Microsoft.AspNetCore.Authentication.Cookies;

namespace Dispatch.Web.Extensions;

public static class AuthExtensions
{
    /// <summary>Cookie sign-in for the screens.</summary>
    public static WebApplicationBuilder AddDispatchAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.LoginPath = "/account/login";
                options.Cookie.Name = "dispatch.auth";
            });
        builder.Services.AddAuthorization();
        return builder;
    }
}
