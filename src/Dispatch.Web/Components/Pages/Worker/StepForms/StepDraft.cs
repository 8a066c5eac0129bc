using System.Globalization;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Web.Demands;
using Dispatch.Web.Localization;

namespace Dispatch.Web.Components.Pages.Worker.StepForms;

/// <summary>
/// What the worker is filling in for one step, as the inputs bind to it (dates as the native date input gives them). It becomes a command through the API's own
/// <see cref="StepRequest"/>, so the screen and the API turn a half-filled form into the same field refusals.
/// </summary>
public sealed class StepDraft
{
    public List<NeedDraft> Needs { get; } = [];

    /// <summary>The graded level at grading; at a follow-up, the level the case has until the worker revises it.</summary>
    public RiskLevel? Risk { get; set; }

    public string? Reason { get; set; }

    /// <summary>One goal per line.</summary>
    public string? Goals { get; set; }

    public List<ActionDraft> Actions { get; } = [];

    public List<ServiceDraft> Services { get; } = [];

    public string? Result { get; set; }

    public string? NextFollowUpOn { get; set; }

    public string? Note { get; set; }

    /// <summary>A fresh draft for the step, prefilled from the case: its service type, today, and the latest follow-up day.</summary>
    public static StepDraft For(CaseworkStep step, Demand demand, DateTimeOffset now)
    {
        var today = FollowUpPolicy.ChinaDate(now);
        var draft = new StepDraft { Risk = step == CaseworkStep.FollowUp ? demand.RiskLevel : null };
        draft.Needs.Add(new NeedDraft { ServiceType = demand.ServiceType });
        draft.Actions.Add(new ActionDraft { Due = LabelExtensions.Day(today.AddDays(7)) });
        draft.Services.Add(new ServiceDraft { ServiceType = demand.ServiceType, On = LabelExtensions.Day(today) });
        if (demand.RiskLevel is { } risk)
        {
            draft.NextFollowUpOn = LabelExtensions.Day(FollowUpPolicy.Latest(risk, now));
        }
        return draft;
    }

    /// <summary>
    /// The fields the step's form shows, by the names the state machine refuses them with, and whether each required one
    /// is filled in.
    /// </summary>
    public IEnumerable<(string Field, bool Filled)> Fields(CaseworkStep step) => step switch
    {
        CaseworkStep.Assessment => Needs.SelectMany((n, i) => new[]
        {
            ($"form.needs[{i}].serviceType", n.ServiceType is not null),
            ($"form.needs[{i}].description", Filled(n.Description)),
        }).Prepend(("form.needs", true)),
        CaseworkStep.Grading => [("form.riskLevel", Risk is not null), ("form.reason", Filled(Reason))],
        CaseworkStep.Plan => GoalLines().Select((_, i) => ($"form.goals[{i}]", true))
            .Prepend(("form.goals", GoalLines().Count > 0))
            .Concat(Actions.SelectMany((a, i) => new[]
            {
                ($"form.actions[{i}].description", Filled(a.Description)),
                ($"form.actions[{i}].due", Date(a.Due) is not null),
                ($"form.actions[{i}].resource", true),
            }).Prepend(("form.actions", true))),
        CaseworkStep.Execution => Services.SelectMany((s, i) => new[]
        {
            ($"form.services[{i}].serviceType", s.ServiceType is not null),
            ($"form.services[{i}].personTimes", true),
            ($"form.services[{i}].on", Date(s.On) is not null),
            ($"form.services[{i}].description", Filled(s.Description)),
        }).Prepend(("form.services", true)),
        _ =>
        [
            ("form.result", Filled(Result)),
            ("form.nextFollowUpOn", Date(NextFollowUpOn) is not null),
            ("form.revisedRiskLevel", true),
        ],
    };

    /// <summary>
    /// The command for the step. A follow-up sends a risk level only when it was revised, so the timeline shows the
    /// revision and nothing else.
    /// </summary>
    public RecordStep ToCommand(CaseworkStep step, RiskLevel? caseRisk) => new StepRequest(
        step,
        string.IsNullOrWhiteSpace(Note) ? null : Note.Trim(),
        step == CaseworkStep.Assessment ? new AssessmentRequest([.. Needs.Select(n => new NeedRequest(n.ServiceType, n.Description?.Trim()))]) : null,
        step == CaseworkStep.Grading ? new GradingRequest(Risk, Reason?.Trim()) : null,
        step == CaseworkStep.Plan
            ? new PlanRequest(GoalLines(), [.. Actions.Select(a => new PlanActionRequest(a.Description?.Trim(), Date(a.Due), Blank(a.Resource)))])
            : null,
        step == CaseworkStep.Execution
            ? new ExecutionRequest([.. Services.Select(s => new ServiceRequest(s.ServiceType, s.PersonTimes, Date(s.On), s.Description?.Trim()))])
            : null,
        step == CaseworkStep.FollowUp
            ? new FollowUpRequest(Result?.Trim(), Date(NextFollowUpOn), Risk == caseRisk ? null : Risk)
            : null).ToCommand();

    private List<string> GoalLines() =>
        [.. (Goals ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    private static bool Filled(string? text) => !string.IsNullOrWhiteSpace(text);

    private static string? Blank(string? text) => Filled(text) ? text!.Trim() : null;

    private static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text, LabelExtensions.DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}

public sealed class NeedDraft
{
    public ServiceType? ServiceType { get; set; }

    public string? Description { get; set; }
}

public sealed class ActionDraft
{
    public string? Description { get; set; }

    public string? Due { get; set; }

    /// <summary>The resource the action links (镇慈善基金, 社区卫生服务中心 …), if any.</summary>
    public string? Resource { get; set; }
}

public sealed class ServiceDraft
{
    public ServiceType? ServiceType { get; set; }

    public int PersonTimes { get; set; } = 1;

    public string? On { get; set; }

    public string? Description { get; set; }
}
