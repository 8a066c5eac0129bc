using Dispatch.BlobStorage;
using Dispatch.Contracts.Grains;
using Dispatch.Web.Health;

namespace Dispatch.Web.Extensions;

public static class HealthEndpoints
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    /// <summary>The host's view of storage health, pushed to every screen (call after the blob storage is registered).</summary>
    public static IServiceCollection AddStorageMonitor(this IServiceCollection services)
    {
        services.AddSingleton<StorageStatus>();
        services.AddSingleton<StorageMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<StorageMonitor>());
        return services;
    }

    /// <summary><c>GET /health</c>: 200 when the silo and storage answer, 503 with the reason otherwise. Anonymous, for probes.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", async (IGrainFactory grains, BlobStorageHealth storage, StorageMonitor monitor, CancellationToken cancel) =>
        {
            var problems = new List<string>();
            try
            {
                await grains.GetGrain<ICityDirectoryGrain>(ICityDirectoryGrain.Key).GetSla().WaitAsync(Patience, cancel);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancel.IsCancellationRequested)
            {
                problems.Add($"silo: {exception.GetType().Name}: {exception.Message}");
            }
            if (await storage.ProblemAsync(cancel) is { } problem)
            {
                problems.Add($"storage: {problem}");
                // The screens' banner follows the same probe.
                monitor.ReportFailure();
            }
            return problems.Count == 0
                ? Results.Ok(new { status = "healthy" })
                : Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Unhealthy", detail: string.Join("; ", problems));
        }).AllowAnonymous().WithTags("Health");
        return app;
    }
}
