using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Recommendations;
using Dispatch.Web.Components.Shared;
using Dispatch.Web.Demands;
using Dispatch.Web.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Dispatch.Web.Components.Pages.Console;

/// <summary>Dispatches a reported (or returned) demand to a station; closes with the dispatched demand.</summary>
public partial class DispatchDialog
{
    private const string StationField = "stationId";

    private Recommendations? recommendations;
    // The whole description; the summary holds only its beginning.
    private string? description;
    private string? selectedStationId;
    private bool loading = true;
    private bool busy;
    private CommandAnswer? answer;

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter, EditorRequired] public DemandSummary Demand { get; set; } = default!;

    [Parameter, EditorRequired] public DispatchUser User { get; set; } = default!;

    [Parameter, EditorRequired] public ReferenceData Reference { get; set; } = default!;

    /// <summary>Why the last station returned it, when it was returned.</summary>
    [Parameter] public string? ReturnReason { get; set; }

    [Inject] private IDemandService Demands { get; set; } = default!;

    [Inject] private IStringLocalizer<ConsolePage> T { get; set; } = default!;

    [Inject] private IStringLocalizer<SharedResource> L { get; set; } = default!;

    [Inject] private IStringLocalizer<CommandAnswer> Answers { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        try
        {
            var demand = Demands.Get(Demand.Id, User);
            recommendations = await Demands.Recommend(Demand.Id, User);
            selectedStationId = recommendations?.Stations.FirstOrDefault()?.StationId;
            description = (await demand)?.Description;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            answer = CommandAnswer.Unavailable(exception, L);
        }
        loading = false;
    }

    private string ReasonText(RecommendationReason reason)
    {
        var label = L.Label(reason.Code);
        return reason.Code switch
        {
            ReasonCode.CoversCommunity or ReasonCode.WorkerCoversCommunity when reason.Detail is { } community =>
                T["ReasonDetail", label, community],
            ReasonCode.ReturnedBefore => T["ReasonTimes", label, reason.Value],
            ReasonCode.Certification => T["ReasonDetail", label, L.Label((Certification)reason.Value)],
            ReasonCode.OpenOrders or ReasonCode.WorkersOnDuty or ReasonCode.OpenCases => T["ReasonCount", label, reason.Value],
            _ => label,
        };
    }

    private async Task Confirm()
    {
        if (selectedStationId is null)
        {
            return;
        }
        busy = true;
        answer = await CommandAnswer.Send(() => Demands.Execute(Demand.Id, new DispatchDemand(selectedStationId), User), new HashSet<string> { StationField }, Answers, L, Reference);
        busy = false;
        if (answer is { Succeeded: true, Demand: { } dispatched })
        {
            Dialog.Close(DialogResult.Ok(dispatched));
        }
    }

    private void Close() => Dialog.Cancel();
}
