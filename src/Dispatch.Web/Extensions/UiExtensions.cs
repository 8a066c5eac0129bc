using Dispatch.Web.Components;
using Dispatch.Web.Components.Shared;
using Dispatch.Web.Localization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;

namespace Dispatch.Web.Extensions;

public static class UiExtensions
{
    /// <summary>Blazor Server with MudBlazor, in Chinese and English.</summary>
    public static WebApplicationBuilder AddDispatchUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddDispatchLocalization();
        builder.Services.AddSharedMarkup();
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
