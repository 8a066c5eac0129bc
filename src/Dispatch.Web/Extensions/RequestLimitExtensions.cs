using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Dispatch.Web.Extensions;

/// <summary>
/// Section <c>Dispatch:Limits</c>. Every JSON body the API takes is a few kilobytes; the register import, the one
/// upload, raises its own limit with a <see cref="Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute"/>.
/// </summary>
public sealed class RequestLimitOptions
{
    public const string Section = "Dispatch:Limits";

    public long MaxRequestBodyBytes { get; set; } = 256 * 1024;
}

public static class RequestLimitExtensions
{
    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RequestLimitOptions>().Bind(builder.Configuration.GetSection(RequestLimitOptions.Section));
        return builder;
    }

    /// <summary>
    /// Refuses a body over the route's limit with 413 before anything reads it: at once when Content-Length says so, and
    /// part-way for a chunked body, which Kestrel cuts off at the limit set here (the endpoint's read then fails with 413,
    /// worded below). Goes after <see cref="ProblemHandlingExtensions.UseApiProblems"/> so a failed read reaches it.
    /// </summary>
    public static WebApplication UseRequestLimits(this WebApplication app)
    {
        var defaultLimit = app.Services.GetRequiredService<IOptions<RequestLimitOptions>>().Value.MaxRequestBodyBytes;
        app.Use(async (http, next) =>
        {
            // A route's own limit wins, including "none" (null) from DisableRequestSizeLimit.
            var limit = http.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } own ? own.MaxRequestBodySize : defaultLimit;
            if (http.Request.ContentLength > limit)
            {
                await TooLarge(http, limit);
                return;
            }
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            {
                bodySize.MaxRequestBodySize = limit;
            }
            try
            {
                await next(http);
            }
            catch (BadHttpRequestException cutOff) when (cutOff.StatusCode == StatusCodes.Status413PayloadTooLarge && !http.Response.HasStarted)
            {
                await TooLarge(http, limit);
                return;
            }
            // A minimal API's JSON binding answers a cut-off body with a bare 413 instead of throwing; say why.
            if (http.Response is { StatusCode: StatusCodes.Status413PayloadTooLarge, HasStarted: false })
            {
                await TooLarge(http, limit);
            }
        });
        return app;
    }

    private static async Task TooLarge(HttpContext http, long? limit)
    {
        http.Response.Clear();
        http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "The request body is too large.",
                Detail = $"This route takes at most {limit / 1024} KB. Nothing was changed.",
            },
        });
    }
}
