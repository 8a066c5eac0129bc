using System.Text;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Web.Components.Shared;
using Dispatch.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Dispatch.Web.Components.Pages.Console;

/// <summary>Everything one queue row shows: two equal rows render the same markup.</summary>
public sealed record QueueRow(
    DemandSummary Demand, string? ReturnNote, string Community, string Category, string Age, string Sla, bool CanDispatch, bool CanCancel);

/// <summary>One station tile's input.</summary>
public sealed record StationTileInput(Contracts.Directory.Station Station, StationFigures? Figures);

/// <summary>
/// The console's queue rows, station tiles and ticker lines as markup strings. Built from elements, a row was about eighty render-tree
/// frames plus three components, which the server holds twice per circuit (the current and the previous render); as one
/// string it is one frame, and the string is shared by every console showing that row (<see cref="SharedMarkup{TInput}"/>). Measured by the
/// console memory benchmark, see docs/benchmarks.md. Every text is encoded: a description with markup in it shows as text.
/// The row's buttons carry <c>data-action</c>; one <see cref="QueueActionEventArgs"/> handler on the table answers them.
/// </summary>
public static class ConsoleMarkup
{
    public const string DispatchAction = "dispatch";
    public const string CancelAction = "cancel";
    public const string TimelineAction = "timeline";

    /// <summary>The cells of one queue row (the row element itself stays an element, keyed by demand).</summary>
    public static string QueueCells(QueueRow row, IStringLocalizer<SharedResource> L)
    {
        var demand = row.Demand;
        var html = new StringBuilder(1024);
        html.Append("""<td class="console-nowrap"><span class="console-order-no" data-test="queue-id">""").Append(HtmlText.Encode(demand.Id)).Append("</span>");
        if (row.ReturnNote is { } note)
        {
            html.Append("""<div class="console-returned" data-test="queue-return-reason">""").Append(HtmlText.Encode(note)).Append("</div>");
        }
        html.Append("</td><td>").Append(UrgencyChip.Html(demand.Urgency, L)).Append("</td>");
        html.Append("""<td class="console-nowrap">""").Append(StateChip.Html(demand.State, L));
        if (demand.IsOverdue)
        {
            html.Append(ChipMarkup.Small(L["Overdue"], MudBlazor.Color.Error, MudBlazor.Variant.Filled, "overdue-chip"));
        }
        html.Append("</td><td>").Append(HtmlText.Encode(row.Community))
            .Append("</td><td>").Append(HtmlText.Encode(row.Category))
            .Append("</td><td>").Append(HtmlText.Encode(demand.PersonName)).Append("</td>");
        Clipped(html, "td", "console-description", demand.DescriptionPreview);
        html.Append("""<td class="console-nowrap" data-test="queue-age">""").Append(HtmlText.Encode(row.Age)).Append("</td>");
        html.Append("""<td class="console-nowrap">""").Append(row.Sla).Append("</td>");
        html.Append("""<td class="console-nowrap">""");
        if (row.CanDispatch)
        {
            Action(html, DispatchAction, "console-action-primary", L.Label(DemandAction.Dispatch), "queue-dispatch");
        }
        if (row.CanCancel)
        {
            Action(html, CancelAction, "console-action-error", L.Label(DemandAction.Cancel), "queue-cancel");
        }
        Action(html, TimelineAction, "", L["Timeline"], "queue-timeline");
        return html.Append("</td>").ToString();
    }

    public static string StationTile(StationTileInput tile, IStringLocalizer<ConsolePage> T)
    {
        var (station, figures) = tile;
        var html = new StringBuilder(768);
        html.Append("""<div class="console-station mud-paper mud-paper-outlined" data-test="station-tile" data-station=""")
            .Append('"').Append(HtmlText.Encode(station.Id)).Append("\">")
            .Append("""<div class="console-station-name">""").Append(HtmlText.Encode(station.Name)).Append("""</div><div class="console-station-figures">""");
        Figure(html, "station-open", "", figures?.Open, T["StationOpen"], null);
        Figure(html, "station-awaiting", "", figures?.AwaitingAcceptance, T["StationAwaiting"], null);
        Figure(html, "station-overdue", figures?.Overdue > 0 ? " console-figure-alert" : "", figures?.Overdue, T["StationOverdue"], null);
        Figure(html, "station-workers", "", figures?.ActiveWorkers, T["StationWorkers"], T["StationWorkersHint"]);
        return html.Append("</div></div>").ToString();
    }

    /// <summary>The inside of one ticker line: when, which order, what happened (worded as on the order page), who, and the note if any.</summary>
    public static string TickerEntry(TickerEntry entry, ReferenceData reference, IStringLocalizer<SharedResource> L)
    {
        var e = entry.Event;
        var html = new StringBuilder(256);
        html.Append("""<span class="console-muted console-nowrap">""").Append(StationTime.Format(e.At, format: "HH:mm:ss"))
            .Append("""</span><span class="console-order-no">""").Append(HtmlText.Encode(entry.DemandId))
            .Append("""</span><span class="console-ticker-kind">""").Append(HtmlText.Encode(EventWording.Kind(e, e.PreviousWorkerId, L)))
            .Append("</span><span>").Append(HtmlText.Encode(e.Actor.Name)).Append("</span>");
        if (EventWording.What(e, e.PreviousWorkerId, reference, L) is { } what)
        {
            Clipped(html, "span", "console-ticker-what", what);
        }
        if (EventWording.Note(e) is { } note)
        {
            Clipped(html, "span", "console-muted console-ticker-note", note);
        }
        return html.ToString();
    }

    /// <summary>Text its box may cut short (CSS ellipsis), whole in the tooltip.</summary>
    private static void Clipped(StringBuilder html, string tag, string classes, string text)
    {
        var encoded = HtmlText.Encode(text);
        html.Append('<').Append(tag).Append(" class=\"").Append(classes).Append("\" title=\"").Append(encoded).Append("\">")
            .Append(encoded).Append("</").Append(tag).Append('>');
    }

    private static void Action(StringBuilder html, string action, string tone, string label, string test)
    {
        var text = HtmlText.Encode(label);
        html.Append("""<button type="button" class="console-action """).Append(tone).Append("\" aria-label=\"").Append(text)
            .Append("\" title=\"").Append(text).Append("\" data-test=\"").Append(test).Append("\" data-action=\"").Append(action)
            .Append("\"><svg class=\"console-action-icon\" aria-hidden=\"true\"><use href=\"#console-icon-").Append(action).Append("\"></use></svg></button>");
    }

    private static void Figure(StringBuilder html, string test, string tone, int? value, string label, string? hint)
    {
        html.Append("""<div class="console-station-figure""").Append(tone).Append("\" data-test=\"").Append(test).Append('"');
        if (hint is not null)
        {
            html.Append(" title=\"").Append(HtmlText.Encode(hint)).Append('"');
        }
        html.Append("""><span class="console-figure">""").Append(value).Append("""</span><span class="console-muted">""")
            .Append(HtmlText.Encode(label)).Append("</span></div>");
    }
}
