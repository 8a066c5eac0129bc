using System.Collections.Concurrent;
using MudBlazor;

namespace Dispatch.Web.Components.Shared;

/// <summary>
/// MudChip's small, non-interactive chip as plain markup with MudBlazor's classes: it looks the same, but it is no
/// component. A MudChip is one per chip, with its parameter state and a keyboard handler on its container; a list of
/// live orders shows two or three per row on every screen that has it open, and the server holds them all per circuit.
/// </summary>
public static class ChipMarkup
{
    // One class string per look, shared by every chip on every circuit.
    private static readonly ConcurrentDictionary<(Variant, Color), string> Classes = new();

    public static string Small(string text, Color color, Variant variant, string test) =>
        $"""<div class="mud-chip-container"><div class="{ClassOf(variant, color)}" data-test="{test}"><span class="mud-chip-content">{HtmlText.Encode(text)}</span></div></div>""";

    private static string ClassOf(Variant variant, Color color) => Classes.GetOrAdd((variant, color), look =>
        $"mud-chip mud-chip-{look.Item1.ToString().ToLowerInvariant()} mud-chip-size-small mud-chip-color-{look.Item2.ToString().ToLowerInvariant()}");
}
