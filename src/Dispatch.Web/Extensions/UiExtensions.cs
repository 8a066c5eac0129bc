using Dispatch.Web.Components;
using Dispatch.Web.Localization;
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
        builder.Services.AddCascadingAuthenticationState();
        return builder;
    }

    public static WebApplication MapDispatchUi(this WebApplication app)
    {
        app.MapCultureSwitch();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
