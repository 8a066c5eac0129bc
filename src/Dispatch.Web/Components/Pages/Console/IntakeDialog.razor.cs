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

/// <summary>
/// Takes in a new demand. The form checks what it can (required fields, lengths, phone numbers) in the user's language;
/// what the server still refuses is shown next to its field. Closes with the reported demand.
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

    private async Task Submit()
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
        busy = false;
        if (answer is { Succeeded: true, Demand: { } reported })
        {
            Dialog.Close(DialogResult.Ok(reported));
        }
    }

    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private void Close() => Dialog.Cancel();
}
