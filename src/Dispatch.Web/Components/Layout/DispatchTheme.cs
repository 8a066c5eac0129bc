using MudBlazor;

namespace Dispatch.Web.Components.Layout;

/// <summary>One palette for the whole app: calm blues, with the warning and error colours reserved for urgency and overdue.</summary>
public static class DispatchTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1565c0",
            Secondary = "#00897b",
            AppbarBackground = "#1565c0",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#64b5f6",
            Secondary = "#4db6ac",
            Background = "#0f141c",
            Surface = "#171e2a",
            AppbarBackground = "#121925",
            DrawerBackground = "#121925",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Roboto", "Helvetica", "Arial", "sans-serif"],
            },
        },
    };
}
