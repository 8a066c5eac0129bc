using System.Collections.Immutable;
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

/// <summary>
/// Records what the worker did on one case: first contact, each casework step in order (a risk level at grading, a
/// revised one at follow-up if it changed), and the close once every step is recorded. Only what the state machine
/// allows now is offered; the demand grain checks again.
/// </summary>
public partial class CaseDetail
{
    private readonly Dictionary<string, string> problems = [];
    private ImmutableArray<CaseworkStep> allowedSteps = [];
    private string? contactNote;
    private CaseworkStep? step;
    private RiskLevel? risk;
    private string? stepNote;
    private string? closeSummary;
    private bool busy;

    [Parameter, EditorRequired] public Demand Demand { get; set; } = default!;

    [Parameter, EditorRequired] public DispatchUser User { get; set; } = default!;

    [Parameter, EditorRequired] public ReferenceData Reference { get; set; } = default!;

    /// <summary>A command succeeded: the case as it is now.</summary>
    [Parameter] public EventCallback<Demand> OnChanged { get; set; }

    [Parameter] public EventCallback OnBack { get; set; }

    [Inject] private IDemandService Demands { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private IStringLocalizer<WorkerPage> T { get; set; } = default!;

    [Inject] private IStringLocalizer<CommandAnswer> Answers { get; set; } = default!;

    [Inject] private IStringLocalizer<SharedResource> L { get; set; } = default!;

    protected override void OnParametersSet()
    {
        allowedSteps = DemandStateMachine.AllowedSteps(Demand);
        if (step is not { } chosen || !allowedSteps.Contains(chosen))
        {
            ChooseStep(NextStep());
        }
    }

    /// <summary>The first allowed step not recorded yet; when all are, the last one (a further follow-up).</summary>
    private CaseworkStep? NextStep() =>
        allowedSteps.Where(s => !Demand.StepsRecorded.Contains(s)).Cast<CaseworkStep?>().FirstOrDefault()
        ?? (allowedSteps.IsEmpty ? null : allowedSteps[^1]);

    private bool May(DemandAction action) =>
        DemandStateMachine.AllowedActions(Demand).Contains(action) && AccessPolicy.CanAct(User, action, Demand.ToSummary());

    private bool Has(string field) => problems.ContainsKey(field);

    private string? Problem(string field) => problems.GetValueOrDefault(field);

    private void ChooseStep(CaseworkStep? chosen)
    {
        step = chosen;
        // Grading starts from no level; a follow-up starts from the level the case has, to be revised only if it changed.
        risk = chosen == CaseworkStep.FollowUp ? Demand.RiskLevel : null;
        problems.Remove("step.riskLevel");
    }

    private async Task RecordContact()
    {
        problems.Clear();
        if (string.IsNullOrWhiteSpace(contactNote))
        {
            problems["contact.note"] = T["ContactNoteRequired"];
            return;
        }
        if (await Run("contact", new RecordContact(contactNote.Trim()), "note") is { } changed)
        {
            contactNote = null;
            await OnChanged.InvokeAsync(changed);
        }
    }

    private async Task RecordStep()
    {
        problems.Clear();
        if (step is not { } chosen)
        {
            return;
        }
        if (chosen == CaseworkStep.Grading && risk is null)
        {
            problems["step.riskLevel"] = T["RiskRequired"];
        }
        if (string.IsNullOrWhiteSpace(stepNote))
        {
            problems["step.note"] = T["StepNoteRequired"];
        }
        if (problems.Count > 0)
        {
            return;
        }
        // A follow-up sends a level only when it was revised, so the timeline shows the revision and nothing else.
        var level = chosen == CaseworkStep.Grading || (chosen == CaseworkStep.FollowUp && risk != Demand.RiskLevel) ? risk : null;
        if (await Run("step", new RecordStep(chosen, stepNote!.Trim(), level), "step", "note", "riskLevel") is { } changed)
        {
            stepNote = null;
            step = null;
            await OnChanged.InvokeAsync(changed);
        }
    }

    private async Task Close()
    {
        problems.Clear();
        if (string.IsNullOrWhiteSpace(closeSummary))
        {
            problems["close.summary"] = T["SummaryRequired"];
            return;
        }
        if (await Run("close", new CloseDemand(closeSummary.Trim()), "summary") is { } changed)
        {
            closeSummary = null;
            await OnChanged.InvokeAsync(changed);
        }
    }

    /// <summary>Runs the command; on refusal puts field problems next to the form's fields and says the rest once.</summary>
    private async Task<Demand?> Run(string form, DemandCommand command, params string[] fields)
    {
        busy = true;
        try
        {
            var answer = CommandAnswer.Of(await Demands.Execute(Demand.Id, command, User), fields.ToHashSet(), Answers, L);
            foreach (var (field, problem) in answer.FieldProblems)
            {
                problems[$"{form}.{field}"] = problem;
            }
            if (answer.Message is { } general)
            {
                Snackbar.Add(general, Severity.Error);
            }
            return answer.Succeeded ? answer.Demand : null;
        }
        finally
        {
            busy = false;
        }
    }
}
