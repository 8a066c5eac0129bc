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
    private int page;
    private bool hasNext;
    private bool loading;

    [Parameter, EditorRequired] public DispatchUser User { get; set; } = default!;

    [Parameter, EditorRequired] public string StationId { get; set; } = default!;

    [Parameter, EditorRequired] public ReferenceData Reference { get; set; } = default!;

    [Inject] private IDemandService Demands { get; set; } = default!;

    [Inject] private IStringLocalizer<StationPage> T { get; set; } = default!;

    protected override Task OnInitializedAsync() => Show(0);

    /// <summary>
    /// A pushed change: an order of the station that just ended tops the first page at once. A later page stays as the
    /// head is reading it.
    /// </summary>
    public void Changed(DemandSummary order)
    {
        var filter = Filter(0, PageSize);
        if (page != 0 || rows is null || !filter.Matches(order) || !AccessPolicy.CanView(User, order))
        {
            return;
        }
        var merged = rows.RemoveAll(r => r.Id == order.Id).Add(order);
        rows = [.. filter.Page(merged)];
        hasNext |= merged.Count > PageSize;
        StateHasChanged();
    }

    private DemandFilter Filter(int number, int limit) =>
        new(null, StationId, null, null, limit) { FinishedOnly = true, Offset = number * PageSize };

    private async Task Show(int number)
    {
        loading = true;
        try
        {
            // One more than a page: whether it comes tells if there is a next page without counting them all.
            var found = await Demands.List(Filter(number, PageSize + 1), User);
            (rows, hasNext, page) = (found.Count > PageSize ? found.RemoveAt(PageSize) : found, found.Count > PageSize, number);
        }
        finally
        {
            loading = false;
        }
    }
}
