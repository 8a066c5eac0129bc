using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace Dispatch.Web.Components.Layout;

/// <summary>
/// MudThemeProvider whose stylesheets are built once per host for each look (theme, light or dark) and shared by every
/// circuit. MudThemeProvider builds its theme's CSS variables (about 25,000 characters) anew for each screen, and the
/// server holds that string per open circuit: measured with a heap dump of the console memory benchmark, about 50 KB of
/// each console's memory (docs/benchmarks.md). Its chart hover rule lives in dispatch.css.
/// </summary>
public sealed class SharedThemeProvider : MudThemeProvider
{
    private static readonly ConcurrentDictionary<(MudTheme Theme, bool Dark, bool DefaultScrollbar), string> Stylesheets = new();

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        // The parameter's value as set for this render: the key must name the look BuildTheme draws now.
#pragma warning disable MUD0010
        var look = (GetTheme(), IsDarkMode, DefaultScrollbar);
#pragma warning restore MUD0010
        builder.AddMarkupContent(0, Stylesheets.GetOrAdd(look, l => (l.DefaultScrollbar ? "" : BuildMudBlazorScrollbar()) + BuildTheme()));
    }
}
