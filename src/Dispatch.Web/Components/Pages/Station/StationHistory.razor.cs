using System.Collections.Immutable;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Web.Demands;
using Dispatch.Web.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Dispatch.Web.Components.Pages.Station;

/// <summary>
/// The station's history, read a page at a time from the service as the head (whose access policy keeps it to their own
/// station), not held live: it is looked up, not watched.
/// </summary>
public partial class StationHistory
{
    public const int PageSize = 20;

    private ImmutableList<DemandSummary>? rows;

    // The filters of the pages from the first to the one shown: Previous goes back one, Next adds the page after it.
    private ImmutableList<DemandFilter> pages = [];
    private DemandFilter? next;
    private bool loading;

    [Parameter, EditorRequired] public DispatchUser User { get; set; } = default!;

    [Parameter, EditorRequired] public string StationId { get; set; } = default!;

    [Parameter, EditorRequired] public ReferenceData Reference { get; set; } = default!;

    [Inject] private IDemandService Demands { get; set; } = default!;

    [Inject] private IStringLocalizer<StationPage> T { get; set; } = default!;

    private int Page => pages.Count - 1;

    private DemandFilter First => new(null, StationId, null, null, PageSize) { FinishedOnly = true };

    protected override Task OnInitializedAsync() => Show([First]);

    /// <summary>
    /// A pushed change: an order of the station that just ended tops the first page at once. A later page stays as the
    /// head is reading it.
    /// </summary>
    public void Changed(DemandSummary order)
    {
        var query = First.For(User);
        if (Page != 0 || rows is null || !query.Matches(order))
        {
            return;
        }
        var merged = rows.RemoveAll(r => r.Id == order.Id).Add(order);
        rows = [.. query.Page(merged)];
        // The next page now starts after the first one's new last row, which the pushed order may have moved down.
        if (next is not null || merged.Count > PageSize)
        {
            next = First with { After = query.PositionOf(rows[^1]) };
        }
        StateHasChanged();
    }

    private Task Previous() => Show(pages.RemoveAt(Page));

    private Task Next() => next is null ? Task.CompletedTask : Show(pages.Add(next));

    private async Task Show(ImmutableList<DemandFilter> shown)
    {
        loading = true;
        try
        {
            var found = await Demands.Page(shown[^1], User);
            (rows, next, pages) = (found.Items, found.Next, shown);
        }
        finally
        {
            loading = false;
        }
    }
}
