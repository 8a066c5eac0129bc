namespace Dispatch.Web.Extensions;

public static class SecurityHeaderExtensions
{
    /// <summary>
    /// What a Blazor Server page needs and nothing more: its scripts and WebSocket from this origin only, no inline or
    /// evaluated script. Styles allow inline because MudBlazor renders style attributes and its theme as a style element;
    /// data: URIs for images and the console's alert sound.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "media-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Security headers on every response, error pages and static files included.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((http, next) =>
        {
            // Set as the response starts: the exception handler clears the headers of a failed request before its problem.
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
                return Task.CompletedTask;
            });
            return next(http);
        });
        return app;
    }
}
