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

/// <summary>What the intake dialog closes with: the demand, and why it is not dispatched when dispatching was asked for.</summary>
public sealed record IntakeResult(Demand Demand, string? NotDispatched = null);

/// <summary>
/// Takes in a new demand, and on request dispatches it at once to the station the recommendation ranks first. The form
/// checks what it can (required fields, lengths, phone numbers) in the user's language; what the server still refuses is
/// shown next to its field. Closes with an <see cref="IntakeResult"/>.
/// </summary>
public partial class IntakeDialog
{
    // Field names as the service reports problems with them.
    private static readonly HashSet<string> ShownFields =
    [
        "communityId", "categoryId", "serviceType", "urgency", "description",
        "person.name", "person.phone", "person.address", "reporter.name", "reporter.channel", "reporter.phone",
    ];

    private MudForm form = default!;
    private Community? community;
    private string? categoryId;
    private ServiceType? serviceType;
    // Most calls are ordinary; urgency is raised deliberately.
    private Urgency urgency = Urgency.Normal;
    private string? description;
    private string? personName;
    private string? personPhone;
    private string? personAddress;
    private string? reporterName;
    private ReportChannel? channel;
    private string? reporterPhone;
    private bool busy;
    private CommandAnswer? answer;

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter, EditorRequired] public DispatchUser User { get; set; } = default!;

    [Parameter, EditorRequired] public ReferenceData Reference { get; set; } = default!;

    [Inject] private IDemandService Demands { get; set; } = default!;

    [Inject] private IStringLocalizer<ConsolePage> T { get; set; } = default!;

    [Inject] private IStringLocalizer<SharedResource> L { get; set; } = default!;

    [Inject] private IStringLocalizer<CommandAnswer> Answers { get; set; } = default!;

    /// <summary>Communities whose name (or id) contains what was typed; all of them, by name, when nothing was.</summary>
    private Task<IEnumerable<Community>> SearchCommunities(string? text, CancellationToken cancellation)
    {
        var matches = Reference.Communities.Where(c => string.IsNullOrWhiteSpace(text)
                || c.Name.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)
                || c.Id.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase))
            .OrderBy(c => c.Name, StringComparer.CurrentCulture);
        return Task.FromResult<IEnumerable<Community>>(matches);
    }

    private Func<string?, string?> Limit(int maxLength) =>
        value => value?.Length > maxLength ? T["TooLong", maxLength].Value : null;

    /// <summary>The service's rule for phone numbers: digits, '+', '-' and spaces, with at least one digit.</summary>
    private string? PhoneProblem(string? value) =>
        string.IsNullOrEmpty(value)
        || (value.Length <= DemandStateMachine.MaxPhoneLength && value.Any(char.IsAsciiDigit)
            && value.All(ch => char.IsAsciiDigit(ch) || ch is '+' or '-' or ' '))
            ? null
            : T["PhoneInvalid", DemandStateMachine.MaxPhoneLength].Value;

    /// <summary>The resident is often the one calling: one click copies the caller's name and phone.</summary>
    private void CallerIsResident()
    {
        personName = reporterName;
        personPhone = reporterPhone;
    }

    private async Task Submit(bool dispatch)
    {
        await form.ValidateAsync();
        if (!form.IsValid)
        {
            return;
        }
        busy = true;
        var request = new ReportDemandRequest(
            community?.Id, categoryId, serviceType, urgency, description?.Trim(),
            new PersonRequest(personName?.Trim(), Optional(personPhone), Optional(personAddress)),
            new ReporterRequest(reporterName?.Trim(), channel, Optional(reporterPhone)));
        answer = await CommandAnswer.Send(() => Demands.Report(request, User), ShownFields, Answers, L);
        if (answer is { Succeeded: true, Demand: { } reported })
        {
            // Taken in is taken in: a dispatch that fails now leaves the order in the queue, and the dialog closes either way.
            Dialog.Close(DialogResult.Ok(dispatch ? await DispatchToRecommended(reported) : new IntakeResult(reported)));
        }
        busy = false;
    }

    private async Task<IntakeResult> DispatchToRecommended(Demand reported)
    {
        Recommendations? recommendations;
        try
        {
            recommendations = await Demands.Recommend(reported.Id, User);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new IntakeResult(reported, CommandAnswer.Unavailable(exception, L).Message);
        }
        if (recommendations is not { Stations: [var best, ..] })
        {
            return new IntakeResult(reported, T["NoRecommendations"]);
        }
        var dispatched = await CommandAnswer.Send(
            () => Demands.Execute(reported.Id, new DispatchDemand(best.StationId), User), new HashSet<string>(), Answers, L, Reference);
        return dispatched is { Succeeded: true, Demand: { } demand } ? new IntakeResult(demand) : new IntakeResult(reported, dispatched.Message);
    }

    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private void Close() => Dialog.Cancel();
}
