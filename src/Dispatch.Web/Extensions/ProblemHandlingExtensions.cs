using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Dispatch.BlobStorage;
using Orleans.Storage;

namespace Dispatch.Web.Extensions;

/// <summary>Strict JSON in, and every failure out as application/problem+json with a status that says whose fault it is.</summary>
public static class ProblemHandlingExtensions
{
    public static IServiceCollection AddApiConventions(this IServiceCollection services)
    {
        services.Configure<JsonOptions>(options => Configure(options.SerializerOptions));
        // Binding failures throw, so the exception handler below words them as problems instead of a bare 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // Routing refuses a body that is not JSON with a bare 415; say what to send instead.
            if (context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType && context.ProblemDetails.Detail is null)
            {
                context.ProblemDetails.Detail = "The body must be JSON, sent with Content-Type: application/json.";
            }
        });
        return services;
    }

    public static void Configure(JsonSerializerOptions json)
    {
        json.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        // A misspelt field must not be silently ignored: the caller would believe it was recorded.
        json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    }

    public static WebApplication UseApiProblems(this WebApplication app)
    {
        app.UseExceptionHandler(handler => handler.Run(async http =>
        {
            var exception = http.Features.Get<IExceptionHandlerFeature>()?.Error;
            var (status, title, detail) = Classify(exception);
            if (status >= 500)
            {
                app.Logger.LogError(exception, "Request {Path} failed", http.Request.Path);
            }
            http.Response.StatusCode = status;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                Exception = exception,
                ProblemDetails = { Status = status, Title = title, Detail = detail },
            });
        }));
        app.UseStatusCodePages();
        // The JSON reader throws on a charset it does not know, which would otherwise answer 500.
        app.Use(async (http, next) =>
        {
            if (UnknownCharset(http.Request.ContentType) is { } charset)
            {
                http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = { Status = StatusCodes.Status415UnsupportedMediaType, Title = "Unsupported Media Type", Detail = $"The charset '{charset}' is not supported: send UTF-8." },
                });
                return;
            }
            await next(http);
        });
        return app;
    }

    private static string? UnknownCharset(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var type) || type.CharSet is not { Length: > 0 } charset)
        {
            return null;
        }
        try
        {
            Encoding.GetEncoding(charset.Trim('"'));
            return null;
        }
        catch (ArgumentException)
        {
            return charset;
        }
    }

    public const string StorageUnavailable = "Storage unavailable: the change may not have been saved.";

    /// <summary>
    /// "May not": storage cannot rule out that a write whose answer was lost on the way back landed. It was not
    /// acknowledged, so the caller checks before repeating it.
    /// </summary>
    public const string NotConfirmed =
        "Storage did not confirm the change, so it is not acknowledged. Reload the record to see whether it went through, " +
        "then try again once storage is back.";

    private static readonly (int Status, string Title, string? Detail) ClusterUnavailable =
        (StatusCodes.Status503ServiceUnavailable, "Storage or cluster unavailable.", NotConfirmed);

    private static (int Status, string Title, string? Detail) Classify(Exception? exception) => exception switch
    {
        BadHttpRequestException bad => (bad.StatusCode, "The request could not be read.", Describe(bad)),
        InconsistentStateException => (StatusCodes.Status409Conflict, "Lost a concurrency race.",
            "The record was changed by someone else at the same moment. Reload it and try again."),
        // A grain call that timed out: the silo, or storage behind it, did not answer.
        TimeoutException => ClusterUnavailable,
        // Orleans wraps the storage provider's exception in an OrleansException; the cause decides the words.
        { } storage when StorageFailures.IsUnavailable(storage) => (StatusCodes.Status503ServiceUnavailable, StorageUnavailable, NotConfirmed),
        OrleansException => ClusterUnavailable,
        _ => (StatusCodes.Status500InternalServerError, "Unexpected error.", null),
    };

    /// <summary>The JSON reader's own message says which field and what was wrong; the binder's outer one does not.</summary>
    private static string Describe(BadHttpRequestException bad) =>
        bad.InnerException is JsonException json ? json.Message : bad.Message;
}
