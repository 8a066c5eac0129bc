using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
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
    private ServerAnswer? answer;

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter, EditorRequired] public DemandSummary Demand { get; set; } = default!;

    [Parameter, EditorRequired] public DispatchUser User { get; set; } = default!;

    [Inject] private IDemandService Demands { get; set; } = default!;

    [Inject] private IStringLocalizer<ConsolePage> T { get; set; } = default!;

    [Inject] private IStringLocalizer<SharedResource> L { get; set; } = default!;

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
        try
        {
            var (result, errors) = await Demands.Execute(Demand.Id, new CancelDemand(reason!.Trim()), User);
            answer = ServerAnswer.Of(result, errors, new HashSet<string> { ReasonField }, T, L);
            if (answer.Succeeded && result?.Demand is { } cancelled)
            {
                Dialog.Close(DialogResult.Ok(cancelled));
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            answer = ServerAnswer.Unavailable(exception, L);
        }
        finally
        {
            busy = false;
        }
    }

    private void Close() => Dialog.Cancel();
}
