using Dispatch.Web.Components.Pages.Console;
using Dispatch.Web.Components;
using Dispatch.Web.Components.Shared;
using Dispatch.Web.Localization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor;
using MudBlazor.Services;

namespace Dispatch.Web.Extensions;

public static class UiExtensions
{
    /// <summary>Blazor Server with MudBlazor, in Chinese and English.</summary>
    public static WebApplicationBuilder AddDispatchUi(this WebApplicationBuilder builder)
    {
        // Run from the build output (scripts/run.sh, cluster.sh) the package and precompressed assets are only named in
        // the build's runtime manifest, which ASP.NET Core reads in Development alone: without it the endpoints answer
        // 200 with an empty body and no type. Published output has no such manifest, so this does nothing there.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices(options =>
        {
            // Top right, where MudBlazor puts messages by default, is where the desks keep their primary actions (the
            // console's "take in a demand"); bottom left holds none on any desk. About four seconds in all, instead of
            // nine, so a message is read and gone before the next call.
            options.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomLeft;
            options.SnackbarConfiguration.ShowTransitionDuration = 200;
            options.SnackbarConfiguration.VisibleStateDuration = 3500;
            options.SnackbarConfiguration.HideTransitionDuration = 300;
        });
        builder.Services.AddDispatchLocalization();
        builder.Services.AddSharedMarkup();
        // One board per host for every console (see ConsoleBoardHost).
        builder.Services.AddSingleton<ConsoleBoardHost>();
        builder.Services.AddCascadingAuthenticationState();
        return builder;
    }

    /// <summary>Row markup shared by every circuit of the host (see <see cref="SharedMarkup{TInput}"/>).</summary>
    public static IServiceCollection AddSharedMarkup(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(typeof(SharedMarkup<>));
        return services;
    }

    public static WebApplication MapDispatchUi(this WebApplication app)
    {
        app.MapCultureSwitch();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
