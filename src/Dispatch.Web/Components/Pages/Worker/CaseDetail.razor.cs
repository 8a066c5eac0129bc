using System.Collections.Immutable;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Grains;
using Dispatch.Web.Components.Pages.Worker.StepForms;
using Dispatch.Web.Components.Shared;
using Dispatch.Web.Demands;
using Dispatch.Web.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Dispatch.Web.Components.Pages.Worker;

/// <summary>
/// Records what the worker did on one case: first contact, each casework step in order with its form (needs found, the
/// graded risk, the plan, services delivered, the follow-up), referrals to other departments and their answers, and the
/// close once every step is recorded and every referral answered. Only what the state machine allows now is offered;
/// the demand grain checks again.
/// </summary>
public partial class CaseDetail
{
    private readonly Dictionary<string, string> problems = [];
    private ImmutableArray<CaseworkStep> allowedSteps = [];
    private readonly Dictionary<string, string?> answers = [];
    private string? contactNote;
    private CaseworkStep? step;
    private CaseworkStep? stepInAddress;
    private StepDraft draft = new();
    private string? referDepartment;
    private string? referReason;
    private string? closeSummary;
    private bool busy;

    [Parameter, EditorRequired] public Demand Demand { get; set; } = default!;

    /// <summary>The step whose form the address names; null (or a step not allowed now): the next one due.</summary>
    [Parameter] public CaseworkStep? Step { get; set; }

    /// <summary>The worker picked another step's form: the page moves to its address, which comes back as <see cref="Step"/>.</summary>
    [Parameter] public EventCallback<CaseworkStep> OnStepChosen { get; set; }

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

    [Inject(Key = DomainClock.Key)] private TimeProvider Clock { get; set; } = default!;

    protected override void OnParametersSet()
    {
        allowedSteps = DemandStateMachine.AllowedSteps(Demand);
        var addressChanged = Step != stepInAddress;
        stepInAddress = Step;
        if (Step is { } named && allowedSteps.Contains(named))
        {
            // Only when the address names another step: a push re-renders the page, and a typed form must stay.
            if (named != step)
            {
                ChooseStep(named);
            }
        }
        else if (addressChanged || step is not { } chosen || !allowedSteps.Contains(chosen))
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

    private Task PickStep(CaseworkStep? picked) => picked is { } chosen ? OnStepChosen.InvokeAsync(chosen) : Task.CompletedTask;

    /// <summary>A fresh form for the chosen step, prefilled from the case (a follow-up starts from the case's risk level).</summary>
    private void ChooseStep(CaseworkStep? chosen)
    {
        step = chosen;
        draft = chosen is { } picked ? StepDraft.For(picked, Demand, Clock.GetUtcNow()) : new StepDraft();
        problems.Clear();
    }

    private async Task RecordContact()
    {
        problems.Clear();
        if (string.IsNullOrWhiteSpace(contactNote))
        {
            problems["contact.note"] = T["ContactNoteRequired"];
            return;
        }
        if (await Run("contact", new RecordContact(contactNote.Trim()), T["ContactRecorded"], "note") is { } changed)
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
        var fields = draft.Fields(chosen).ToList();
        foreach (var (field, _) in fields.Where(f => !f.Filled))
        {
            problems[field] = T["Required"];
        }
        if (problems.Count > 0)
        {
            return;
        }
        // The form's refusals go next to its fields, by the server's own names (form.needs[0].description); the step, the
        // form as a whole and the note have their own places.
        var shown = fields.Select(f => f.Field).Concat(["step", "form", "note"]).ToArray();
        if (await Run(null, draft.ToCommand(chosen, Demand.RiskLevel), T["StepRecorded", L.Label(chosen)], shown) is { } changed)
        {
            step = null;
            await OnChanged.InvokeAsync(changed);
        }
    }

    private async Task Refer()
    {
        problems.Clear();
        if (string.IsNullOrWhiteSpace(referDepartment))
        {
            problems["refer.department"] = T["Required"];
        }
        if (string.IsNullOrWhiteSpace(referReason))
        {
            problems["refer.reason"] = T["Required"];
        }
        if (problems.Count > 0)
        {
            return;
        }
        var department = referDepartment!.Trim();
        if (await Run("refer", new ReferDemand(department, referReason!.Trim()), T["Referred", department], "department", "reason") is { } changed)
        {
            referDepartment = referReason = null;
            await OnChanged.InvokeAsync(changed);
        }
    }

    private async Task Answer(string referralId)
    {
        problems.Clear();
        if (answers.GetValueOrDefault(referralId) is not { } answer || string.IsNullOrWhiteSpace(answer))
        {
            problems[$"answer.{referralId}"] = T["Required"];
            return;
        }
        if (await Run(null, new AnswerReferral(referralId, answer.Trim()), T["ReferralAnswered", referralId], "referralId", "answer") is { } changed)
        {
            answers.Remove(referralId);
            await OnChanged.InvokeAsync(changed);
        }
        // Both fields are about this referral's answer box.
        foreach (var field in new[] { "referralId", "answer" }.Where(problems.ContainsKey))
        {
            problems[$"answer.{referralId}"] = problems[field];
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
        if (await Run("close", new CloseDemand(closeSummary.Trim()), T["CaseClosed", Demand.Id], "summary") is { } changed)
        {
            closeSummary = null;
            await OnChanged.InvokeAsync(changed);
        }
    }

    /// <summary>
    /// Runs the command and confirms it with <paramref name="confirmation"/>; on refusal puts field problems next to the
    /// form's fields (named <c>{form}.{field}</c>, or as the server names them without a form) and says the rest once.
    /// </summary>
    private async Task<Demand?> Run(string? form, DemandCommand command, string confirmation, params string[] fields)
    {
        busy = true;
        try
        {
            var answer = CommandAnswer.Of(await Demands.Execute(Demand.Id, command, User), fields.ToHashSet(), Answers, L, Reference);
            foreach (var (field, problem) in answer.FieldProblems)
            {
                problems[form is null ? field : $"{form}.{field}"] = problem;
            }
            if (answer.Message is { } general)
            {
                Snackbar.Add(general, Severity.Error);
            }
            if (!answer.Succeeded)
            {
                return null;
            }
            Snackbar.Add(confirmation, Severity.Success);
            return answer.Demand;
        }
        finally
        {
            busy = false;
        }
    }
}
