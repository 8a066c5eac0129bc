using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Dispatch.Web.Components.Shared;

/// <summary>
/// Text made safe for hand-built markup (the long live lists render a row as one markup string): whatever a user typed
/// shows as text, never as markup. Chinese stays readable in the page source; only what HTML gives meaning to is escaped.
/// </summary>
public static class HtmlText
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Encode(string? text) => string.IsNullOrEmpty(text) ? "" : Encoder.Encode(text);
}
