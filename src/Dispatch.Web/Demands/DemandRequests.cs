using System.Collections.Immutable;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;

namespace Dispatch.Web.Demands;

// Request bodies. Everything is nullable so a missing field becomes a field error, not a binder failure.

public sealed record ReportDemandRequest(
    string? CommunityId,
    string? CategoryId,
    ServiceType? ServiceType,
    Urgency? Urgency,
    string? Description,
    PersonRequest? Person,
    ReporterRequest? Reporter);

public sealed record PersonRequest(string? Name, string? Phone, string? Address);

public sealed record ReporterRequest(string? Name, ReportChannel? Channel, string? Phone);

public sealed record DispatchRequest(string? StationId, string? Note);

public sealed record NoteRequest(string? Note);

public sealed record ReasonRequest(string? Reason);

public sealed record AssignRequest(string? WorkerId, string? Note);

/// <summary>
/// A casework step and its form under the step's name: <c>{"step": "Plan", "plan": {"goals": [...], "actions": [...]}}</c>;
/// the note is an optional free remark. Field errors name the form <c>form</c>, as the state machine does
/// (<c>form.actions[0].due</c>).
/// </summary>
public sealed record StepRequest(
    CaseworkStep? Step,
    string? Note,
    AssessmentRequest? Assessment,
    GradingRequest? Grading,
    PlanRequest? Plan,
    ExecutionRequest? Execution,
    FollowUpRequest? FollowUp)
{
    public RecordStep ToCommand()
    {
        CaseworkForm?[] sent = [Assessment?.ToForm(), Grading?.ToForm(), Plan?.ToForm(), Execution?.ToForm(), FollowUp?.ToForm()];
        var step = Step ?? Missing.Value<CaseworkStep>();
        // Another step's form, even beside the step's own, goes through to be refused on "form", as does none at all.
        var form = sent.FirstOrDefault(f => f is not null && f.Step != step) ?? sent.FirstOrDefault(f => f is not null);
        return new RecordStep(step, form!, Note);
    }
}

public sealed record NeedRequest(ServiceType? ServiceType, string? Description);

public sealed record AssessmentRequest(IReadOnlyList<NeedRequest?>? Needs)
{
    public AssessmentForm ToForm() =>
        new(Missing.Each(Needs, n => new AssessedNeed(n.ServiceType ?? Missing.Value<ServiceType>(), n.Description ?? "")));
}

public sealed record GradingRequest(RiskLevel? RiskLevel, string? Reason)
{
    public GradingForm ToForm() => new(RiskLevel ?? Missing.Value<RiskLevel>(), Reason ?? "");
}

public sealed record PlanActionRequest(string? Description, DateOnly? Due, string? Resource);

public sealed record PlanRequest(IReadOnlyList<string?>? Goals, IReadOnlyList<PlanActionRequest?>? Actions)
{
    public PlanForm ToForm() => new(
        Missing.Each(Goals, g => g),
        Missing.Each(Actions, a => new PlanAction(a.Description ?? "", a.Due ?? default, a.Resource)));
}

public sealed record ServiceRequest(ServiceType? ServiceType, int? PersonTimes, DateOnly? On, string? Description);

public sealed record ExecutionRequest(IReadOnlyList<ServiceRequest?>? Services)
{
    public ExecutionForm ToForm() => new(Missing.Each(Services, s =>
        new ServiceDelivered(s.ServiceType ?? Missing.Value<ServiceType>(), s.PersonTimes ?? 0, s.On ?? default, s.Description ?? "")));
}

public sealed record FollowUpRequest(string? Result, DateOnly? NextFollowUpOn, RiskLevel? RevisedRiskLevel)
{
    public FollowUpForm ToForm() => new(Result ?? "", NextFollowUpOn ?? default, RevisedRiskLevel);
}

/// <summary>
/// What a request left out becomes a value the state machine refuses by the field's name (an undefined enum, an unset
/// date, zero person-times, an empty list or entry), so a partial form is a 400 naming the field, never a silent default.
/// </summary>
internal static class Missing
{
    public static TEnum Value<TEnum>() where TEnum : struct, Enum => (TEnum)Enum.ToObject(typeof(TEnum), -1);

    public static ImmutableList<TOut> Each<TIn, TOut>(IReadOnlyList<TIn?>? entries, Func<TIn, TOut> map) where TIn : class =>
        entries is null ? [] : [.. entries.Select(e => e is null ? default! : map(e))];
}

public sealed record ReferRequest(string? Department, string? Reason);

public sealed record AnswerRequest(string? Answer);

public sealed record CloseRequest(string? Summary);

public sealed record CallbackRequest(int? Rating, string? Note);

/// <summary>
/// Filters of <c>GET /api/demands</c> and the screens' lists; <see cref="For"/> turns them into the index's query as the
/// given user, whose access scope goes with it.
/// </summary>
public sealed record DemandFilter(DemandState? State, string? StationId, Urgency? Urgency, bool? Overdue, int Limit)
{
    public const int DefaultLimit = 200;
    public const int MaxLimit = 5000;

    /// <summary>
    /// Every open demand the user may see, however many: the live boards start from it. A limit would keep the newest
    /// and drop the oldest, which are the ones most likely overdue.
    /// </summary>
    public static DemandFilter AllOpen { get; } = new(null, null, null, null, int.MaxValue) { OpenOnly = true };

    public bool OpenOnly { get; init; }

    /// <summary>Closed and cancelled demands only, newest end first: a station's history.</summary>
    public bool FinishedOnly { get; init; }

    /// <summary>Where the previous page ended: the list goes on after it.</summary>
    public DemandPosition? After { get; init; }

    /// <summary>Only demands reported in this China month (its first day), archived ones included.</summary>
    public DateOnly? Month { get; init; }

    public DemandQuery For(DispatchUser user) =>
        new(AccessPolicy.ViewScope(user), State, StationId, Urgency, Overdue, OpenOnly, FinishedOnly, After, Limit) { Month = Month };
}

/// <summary>A page of a list, and the filter of the page after it (null on the last page).</summary>
public sealed record DemandPage(ImmutableList<DemandSummary> Items, DemandFilter? Next);

/// <summary>A demand with what can be done to it now.</summary>
public sealed record DemandDetails(Demand Demand, IReadOnlyList<DemandAction> AllowedActions, IReadOnlyList<CaseworkStep> AllowedSteps)
{
    public static DemandDetails Of(Demand demand) =>
        new(demand, DemandStateMachine.AllowedActions(demand), DemandStateMachine.AllowedSteps(demand));
}
