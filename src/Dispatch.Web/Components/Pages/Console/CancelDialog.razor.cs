using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Web.Components.Shared;
using Dispatch.Web.Demands;
using Dispatch.Web.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Dispatch.Web.Components.Pages.Console;

/// <summary>Cancels an open demand with a required reason; closes with the cancelled demand.</summary>
public partial class CancelDialog
{
    private const string ReasonField = "reason";

    private MudForm form = default!;
    private string? reason;
    private bool busy;
    private CommandAnswer? answer;

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter, EditorRequired] public DemandSummary Demand { get; set; } = default!;

    [Parameter, EditorRequired] public DispatchUser User { get; set; } = default!;

    [Inject] private IDemandService Demands { get; set; } = default!;

    [Inject] private IStringLocalizer<ConsolePage> T { get; set; } = default!;

    [Inject] private IStringLocalizer<SharedResource> L { get; set; } = default!;

    [Inject] private IStringLocalizer<CommandAnswer> Answers { get; set; } = default!;

    private string? TooLong(string? value) =>
        value?.Length > DemandStateMachine.MaxReasonLength ? T["TooLong", DemandStateMachine.MaxReasonLength].Value : null;

    private async Task Confirm()
    {
        await form.ValidateAsync();
        if (!form.IsValid)
        {
            return;
        }
        busy = true;
        answer = await CommandAnswer.Send(() => Demands.Execute(Demand.Id, new CancelDemand(reason!.Trim()), User), new HashSet<string> { ReasonField }, Answers, L);
        busy = false;
        if (answer is { Succeeded: true, Demand: { } cancelled })
        {
            Dialog.Close(DialogResult.Ok(cancelled));
        }
    }

    private void Close() => Dialog.Cancel();
}
