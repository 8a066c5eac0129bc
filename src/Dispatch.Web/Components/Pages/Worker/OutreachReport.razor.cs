using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Web.Components.Shared;
using Dispatch.Web.Demands;
using Dispatch.Web.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Dispatch.Web.Components.Pages.Worker;

public partial class OutreachReport
{
    /// <summary>The request's fields this form shows, by the names the service reports problems with.</summary>
    private static readonly IReadOnlySet<string> FormFields = new HashSet<string>
    {
        "communityId", "categoryId", "serviceType", "urgency", "description", "person.name", "person.phone",
    };

    private readonly Dictionary<string, string> problems = [];
    private string? communityId;
    private string? categoryId;
    private ServiceType? serviceType;
    // Most outreach finds are neither emergencies nor routine; one tap changes it.
    private Urgency? urgency = Urgency.Normal;
    private string? description;
    private string? personName;
    private string? personPhone;
    private bool busy;

    [Parameter, EditorRequired] public DispatchUser User { get; set; } = default!;

    /// <summary>The signed-in worker's directory entry; null when the directory does not know them (then nothing can be reported).</summary>
    [Parameter, EditorRequired] public SocialWorker? Me { get; set; }

    [Parameter, EditorRequired] public ReferenceData Reference { get; set; } = default!;

    /// <summary>Reported, or given up: back to the cases.</summary>
    [Parameter] public EventCallback OnDone { get; set; }

    [Inject] private IDemandService Demands { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private IStringLocalizer<WorkerPage> T { get; set; } = default!;

    [Inject] private IStringLocalizer<CommandAnswer> Answers { get; set; } = default!;

    [Inject] private IStringLocalizer<SharedResource> L { get; set; } = default!;

    private string ReporterName => Me?.Name ?? User.DisplayName;

    /// <summary>Only the communities the worker covers: those are the ones they visit.</summary>
    private IReadOnlyList<Community> Communities =>
        [.. (Me?.CommunityIds ?? []).Select(Reference.FindCommunity).OfType<Community>()];

    protected override void OnParametersSet()
    {
        if (communityId is null && Communities.Count == 1)
        {
            communityId = Communities[0].Id;
        }
    }

    private bool Has(string field) => problems.ContainsKey(field);

    private string? Problem(string field) => problems.GetValueOrDefault(field);

    private async Task Submit()
    {
        problems.Clear();
        Require("communityId", communityId is not null, T["CommunityRequired"]);
        Require("categoryId", categoryId is not null, T["CategoryRequired"]);
        Require("serviceType", serviceType is not null, T["ServiceTypeRequired"]);
        Require("urgency", urgency is not null, T["UrgencyRequired"]);
        Require("description", !string.IsNullOrWhiteSpace(description), T["DescriptionRequired"]);
        Require("person.name", !string.IsNullOrWhiteSpace(personName), T["PersonNameRequired"]);
        if (problems.Count > 0)
        {
            return;
        }

        var request = new ReportDemandRequest(
            communityId, categoryId, serviceType, urgency, description!.Trim(),
            new PersonRequest(personName!.Trim(), string.IsNullOrWhiteSpace(personPhone) ? null : personPhone.Trim(), null),
            new ReporterRequest(ReporterName, ReportChannel.Outreach, null));
        busy = true;
        try
        {
            var answer = CommandAnswer.Of(await Demands.Report(request, User), FormFields, Answers, L);
            foreach (var (field, problem) in answer.FieldProblems)
            {
                problems[field] = problem;
            }
            if (answer.Message is { } general)
            {
                Snackbar.Add(general, Severity.Error);
            }
            if (answer is { Succeeded: true, Demand: { } reported })
            {
                Snackbar.Add(T["Reported", reported.Id], Severity.Success);
                await OnDone.InvokeAsync();
            }
        }
        finally
        {
            busy = false;
        }
    }

    private void Require(string field, bool given, string problem)
    {
        if (!given)
        {
            problems[field] = problem;
        }
    }
}
