using System.Collections.Immutable;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Recommendations;
using Dispatch.Web.Demands;
using Dispatch.Web.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Dispatch.Web.Components.Pages.Station;

public partial class AssignDialog
{
    private ImmutableList<WorkerRecommendation>? workers;
    private string? chosen;

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter, EditorRequired] public DemandSummary Order { get; set; } = default!;

    [Parameter, EditorRequired] public ReferenceData Reference { get; set; } = default!;

    [Parameter, EditorRequired] public DispatchUser User { get; set; } = default!;

    [Inject] private IDemandService Demands { get; set; } = default!;

    [Inject] private IStringLocalizer<StationPage> T { get; set; } = default!;

    [Inject] private IStringLocalizer<SharedResource> L { get; set; } = default!;

    // Asked when the dialog opens, not with the page: loads change with every assignment, so the ranking is fresh.
    protected override async Task OnInitializedAsync()
    {
        var recommendations = await Demands.Recommend(Order.Id, User);
        workers = recommendations?.Workers.OrderBy(w => w.Rank).ToImmutableList() ?? [];
        chosen = workers.FirstOrDefault()?.WorkerId;
    }

    /// <summary>A reason in the user's words, with the value that made it count.</summary>
    private string Describe(RecommendationReason reason)
    {
        var label = L.Label(reason.Code);
        return reason.Code switch
        {
            ReasonCode.Certification when Enum.IsDefined((Certification)reason.Value) => T["ReasonWith", label, L.Label((Certification)reason.Value)],
            ReasonCode.CoversCommunity or ReasonCode.WorkerCoversCommunity or ReasonCode.OffDuty =>
                reason.Detail is { } detail ? T["ReasonWith", label, detail] : label,
            _ => T["ReasonWith", label, reason.Value],
        };
    }

    private void Confirm()
    {
        if (chosen is not null)
        {
            Dialog.Close(DialogResult.Ok(chosen));
        }
    }

    private void Cancel() => Dialog.Cancel();
}
