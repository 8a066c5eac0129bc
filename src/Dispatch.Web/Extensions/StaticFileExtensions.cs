using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.FileProviders;

namespace Dispatch.Web.Extensions;

public static class StaticFileExtensions
{
    /// <summary>Serves <c>wwwroot-shared/</c>, which the build copies beside the app (see the project file).</summary>
    public static WebApplication UseSharedStaticFiles(this WebApplication app)
    {
        var files = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "wwwroot-shared"));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        return app;
    }

    /// <summary>
    /// Maps the assets the build's or the publish's endpoints manifest names (blazor.web.js, MudBlazor's css and js, their
    /// precompressed twins), and refuses to start if the web root lacks any of their files: ASP.NET Core would answer each
    /// such request 200 with an empty body and no type, which a browser refuses, and every screen would be dead.
    /// </summary>
    public static WebApplication MapCheckedStaticAssets(this WebApplication app)
    {
        var sources = ((IEndpointRouteBuilder)app).DataSources;
        var mappedBefore = sources.Count;
        app.MapStaticAssets();
        // Only the endpoints just mapped: building the others now would run their conventions before the app adds them all.
        var missing = sources.Skip(mappedBefore)
            .SelectMany(source => source.Endpoints)
            .Select(endpoint => endpoint.Metadata.GetMetadata<StaticAssetDescriptor>()?.AssetPath)
            .OfType<string>()
            .Distinct()
            .Where(path => !app.Environment.WebRootFileProvider.GetFileInfo(path).Exists)
            .Order()
            .ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The static assets manifest names files the web root ({app.Environment.WebRootPath ?? "none"}) lacks: " +
                $"{string.Join(", ", missing)}. Run published output (dotnet publish) from its own folder, or the build " +
                "output as scripts/run.sh does, after a complete build (dotnet build src/Dispatch.Web -c Release).");
        }
        return app;
    }
}
