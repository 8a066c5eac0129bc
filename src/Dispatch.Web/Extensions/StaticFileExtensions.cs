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
}
