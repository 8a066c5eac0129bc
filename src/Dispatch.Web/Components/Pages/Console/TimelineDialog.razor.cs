using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Web.Components.Shared;
using Dispatch.Web.Demands;
using Dispatch.Web.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Dispatch.Web.Components.Pages.Console;

/// <summary>The whole audit trail of one demand, as the service returns it for the signed-in user.</summary>
public partial class TimelineDialog
{
    private Demand? demand;
    private bool loading = true;
    private CommandAnswer? problem;

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter, EditorRequired] public string DemandId { get; set; } = default!;

    [Parameter, EditorRequired] public DispatchUser User { get; set; } = default!;

    [Parameter, EditorRequired] public ReferenceData Reference { get; set; } = default!;

    [Inject] private IDemandService Demands { get; set; } = default!;

    [Inject] private IStringLocalizer<SharedResource> L { get; set; } = default!;

    [Inject] private IStringLocalizer<CommandAnswer> Answers { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        try
        {
            demand = await Demands.Get(DemandId, User);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            problem = CommandAnswer.Unavailable(exception, L);
        }
        loading = false;
    }

    private void Close() => Dialog.Close();
}
