using System.Collections.Immutable;
using Dispatch.Contracts.Validation;
using Dispatch.Contracts.Sla;

namespace Dispatch.Contracts.Demands;

/// <summary>
/// The order flow of DESIGN.md as a pure function: a demand, a command, who and when → the next demand with one more
/// timeline event, or a refusal that changes nothing.
/// </summary>
public static class DemandStateMachine
{
    public const int MaxDescriptionLength = 2000;
    public const int MaxNoteLength = 2000;
    public const int MaxReasonLength = 500;
    public const int MaxNameLength = 50;
    public const int MaxPhoneLength = FieldRules.MaxPhoneLength;
    public const int MaxAddressLength = 200;
    /// <summary>The most entries of one list on a form (needs, goals, actions, services).</summary>
    public const int MaxFormEntries = 20;
    /// <summary>Person-times of one service entry: a group activity may count many, a typo should not count millions.</summary>
    public const int MaxPersonTimes = 1000;
    /// <summary>How far ahead a plan's action may be due.</summary>
    public const int MaxPlanDays = 366;

    private static readonly CaseworkStep[] Steps = Enum.GetValues<CaseworkStep>();

    /// <summary>What can be done to the demand now; a missing demand can only be reported.</summary>
    public static ImmutableArray<DemandAction> AllowedActions(Demand? demand) => demand?.State switch
    {
        null => [DemandAction.Report],
        DemandState.Reported => [DemandAction.Dispatch, DemandAction.Cancel],
        DemandState.Dispatched => [DemandAction.Accept, DemandAction.Return, DemandAction.Cancel],
        DemandState.Accepted => [DemandAction.Assign, DemandAction.Return, DemandAction.Cancel],
        DemandState.Assigned => [DemandAction.Assign, DemandAction.Contact, DemandAction.Cancel],
        DemandState.InService => InServiceActions(demand),
        DemandState.Closed => demand.SatisfactionRating is null ? [DemandAction.Callback] : [],
        DemandState.Cancelled => [],
        _ => [],
    };

    /// <summary>Casework steps that may be recorded now: any step already reached, or the next one in order.</summary>
    public static ImmutableArray<CaseworkStep> AllowedSteps(Demand demand)
    {
        if (demand.State != DemandState.InService)
        {
            return [];
        }
        var reached = demand.StepsRecorded.IsEmpty ? -1 : demand.StepsRecorded.Max(s => (int)s);
        return [.. Steps.Where(s => (int)s <= reached + 1)];
    }

    public static bool AllStepsRecorded(Demand demand) => Steps.All(demand.StepsRecorded.Contains);

    /// <summary>
    /// In service the worker records steps and refers; a referral is answered while one is open; closing needs every
    /// step and no department still owing its answer.
    /// </summary>
    private static ImmutableArray<DemandAction> InServiceActions(Demand demand)
    {
        var open = !demand.OpenReferrals.IsEmpty;
        return
        [
            DemandAction.RecordStep,
            DemandAction.Refer,
            .. open ? [DemandAction.AnswerReferral] : Array.Empty<DemandAction>(),
            .. AllStepsRecorded(demand) && !open ? [DemandAction.Close] : Array.Empty<DemandAction>(),
            DemandAction.Cancel,
        ];
    }

    public static DemandResult Apply(Demand? demand, string demandId, DemandCommand command, Actor actor, DateTimeOffset now)
    {
        if (Validate(command) is { } invalid)
        {
            return DemandResult.Refused(invalid);
        }
        if (!AllowedActions(demand).Contains(command.Action))
        {
            return DemandResult.Refused(NotAllowed(demand, command));
        }
        if (command is ReportDemand report)
        {
            return DemandResult.Ok(Reported(demandId, report, actor, now));
        }

        var current = demand!;
        return command switch
        {
            DispatchDemand c => Ok(current, DemandEventKind.Dispatched, DemandState.Dispatched, actor, now, c.Note,
                d => d with
                {
                    StationId = c.StationId,
                    FirstDispatchedAt = d.FirstDispatchedAt ?? now,
                    DispatchedAt = now,
                    DispatchedTo = d.DispatchedTo.Add(c.StationId),
                }, e => e with { StationId = c.StationId }),
            AcceptDemand c => Ok(current, DemandEventKind.Accepted, DemandState.Accepted, actor, now, c.Note,
                d => d with { AcceptedAt = now }, e => e with { StationId = current.StationId }),
            ReturnDemand c => Ok(current, DemandEventKind.Returned, DemandState.Reported, actor, now, c.Reason,
                d => d with
                {
                    StationId = null,
                    AcceptedAt = null,
                    ReturnedBy = d.ReturnedBy.Add(d.StationId!),
                }, e => e with { StationId = current.StationId }),
            AssignDemand c => Ok(current, DemandEventKind.Assigned, DemandState.Assigned, actor, now, c.Note,
                d => d with { WorkerId = c.WorkerId, AssignedAt = now },
                e => e with { WorkerId = c.WorkerId, PreviousWorkerId = current.WorkerId }),
            RecordContact c => Ok(current, DemandEventKind.Contacted, DemandState.InService, actor, now, c.Note,
                d => d with { FirstContactAt = now }, e => e with { WorkerId = current.WorkerId }),
            RecordStep c => RecordCaseworkStep(current, c, actor, now),
            ReferDemand c => Refer(current, c, actor, now),
            AnswerReferral c => Answer(current, c, actor, now),
            CloseDemand c => Ok(current, DemandEventKind.Closed, DemandState.Closed, actor, now, c.Summary,
                d => d with { ClosedAt = now }),
            CancelDemand c => Ok(current, DemandEventKind.Cancelled, DemandState.Cancelled, actor, now, c.Reason,
                d => d with { CancelledAt = now }),
            RecordCallback c => Ok(current, DemandEventKind.CallbackRecorded, DemandState.Closed, actor, now, c.Note,
                d => d with { SatisfactionRating = c.Rating }, e => e with { Rating = c.Rating }),
            _ => DemandResult.Refused(new Refusal(RefusalKind.Invalid, $"Unknown command {command.GetType().Name}.")),
        };
    }

    /// <summary>Records SLA breaches (or further escalations) raised by the system's timer.</summary>
    public static Demand RecordBreaches(Demand demand, IReadOnlyList<SlaBreach> breaches, DateTimeOffset now)
    {
        foreach (var breach in breaches)
        {
            var note = $"{breach.Kind} SLA breached (due {breach.DueAt:u}); escalated to {breach.EscalatedTo}";
            demand = Append(demand, DemandEventKind.SlaBreached, demand.State, Actor.System, now, note, e => e with { Breach = breach }) with
            {
                Breaches = demand.Breaches
                    .RemoveAll(b => b.Kind == breach.Kind && b.DueAt == breach.DueAt)
                    .Add(breach),
            };
        }
        return demand;
    }

    private static Demand Reported(string id, ReportDemand c, Actor actor, DateTimeOffset now)
    {
        var demand = new Demand
        {
            Id = id,
            State = DemandState.Reported,
            CommunityId = c.CommunityId,
            HomeStationId = c.HomeStationId,
            CategoryId = c.CategoryId,
            ServiceType = c.ServiceType,
            Urgency = c.Urgency,
            Description = c.Description.Trim(),
            Person = c.Person,
            Reporter = c.Reporter,
            ReportedAt = now,
            KeyPersonId = c.KeyPersonId,
            FoundOnVisitId = c.FoundOnVisitId,
            FoundByWorkerId = c.FoundByWorkerId,
        };
        return Append(demand, DemandEventKind.Reported, DemandState.Reported, actor, now, note: null,
            e => e with { Channel = c.Reporter.Channel, ReporterName = c.Reporter.Name });
    }

    private static DemandResult RecordCaseworkStep(Demand demand, RecordStep c, Actor actor, DateTimeOffset now)
    {
        var allowed = AllowedSteps(demand);
        if (!allowed.Contains(c.Step))
        {
            return DemandResult.Refused(new Refusal(
                RefusalKind.InvalidState,
                $"Step {c.Step} cannot be recorded yet: " +
                (demand.StepsRecorded.IsEmpty ? "no step is recorded yet" : $"the case has reached {demand.StepsRecorded.Max()}") +
                $"; allowed steps: {string.Join(", ", allowed)}.",
                Field: "step",
                CurrentState: demand.State,
                Allowed: AllowedActions(demand)));
        }
        if (DateProblem(demand, c.Form, now) is { } problem)
        {
            return DemandResult.Refused(problem);
        }
        var risk = c.Form switch
        {
            GradingForm g => g.RiskLevel,
            FollowUpForm f => f.RevisedRiskLevel,
            _ => (RiskLevel?)null,
        };
        return Ok(demand, DemandEventKind.StepRecorded, DemandState.InService, actor, now, c.Note,
            d => WithFacts(d, c.Form, FollowUpPolicy.ChinaDate(now)) with
            {
                StepsRecorded = d.StepsRecorded.Add(c.Step),
                RiskLevel = risk ?? d.RiskLevel,
            }, e => e with { Step = c.Step, RiskLevel = risk, WorkerId = demand.WorkerId, Form = c.Form });
    }

    /// <summary>What a form adds to the demand's own facts, kept there for lists and reports.</summary>
    private static Demand WithFacts(Demand demand, CaseworkForm form, DateOnly today) => form switch
    {
        PlanForm plan => demand with
        {
            ResourcesLinked = demand.ResourcesLinked.AddRange(plan.Actions
                .Where(a => !string.IsNullOrWhiteSpace(a.Resource))
                .Select(a => new ResourceLink(a.Resource!, today))),
        },
        ExecutionForm execution => demand with
        {
            Services = demand.Services.AddRange(execution.Services.Select(s => new ServiceTally(s.ServiceType, s.PersonTimes, s.On))),
        },
        FollowUpForm followUp => demand with { NextFollowUpOn = followUp.NextFollowUpOn },
        _ => demand,
    };

    /// <summary>
    /// Dates are checked against today (China-local) and the case, so after the step is known to be allowed: a plan's
    /// actions are due from today, services are delivered between the report and today, and the next follow-up comes
    /// within the interval the case's risk allows.
    /// </summary>
    private static Refusal? DateProblem(Demand demand, CaseworkForm form, DateTimeOffset now)
    {
        var today = FollowUpPolicy.ChinaDate(now);
        switch (form)
        {
            case PlanForm plan:
                return First(plan.Actions, (a, i) => Within(
                    $"form.actions[{i}].due", a.Due, today, today.AddDays(MaxPlanDays), "from the day the plan is recorded, within a year"));
            case ExecutionForm execution:
                var reported = FollowUpPolicy.ChinaDate(demand.ReportedAt);
                return First(execution.Services, (s, i) => Within(
                    $"form.services[{i}].on", s.On, reported, today, "between the day the demand was reported and today"));
            case FollowUpForm followUp:
                // Grading comes before follow-up, so the case has a risk level; were it missing, the strictest applies.
                var risk = followUp.RevisedRiskLevel ?? demand.RiskLevel ?? RiskLevel.High;
                return Within("form.nextFollowUpOn", followUp.NextFollowUpOn, today, FollowUpPolicy.Latest(risk, now),
                    $"a {risk} risk case is followed up again within {FollowUpPolicy.MaxDays(risk)} days");
            default:
                return null;
        }
    }

    private static Refusal? Within(string field, DateOnly value, DateOnly from, DateOnly to, string why) =>
        value < from || value > to
            ? Invalid(field, $"{field} must be from {from:yyyy-MM-dd} to {to:yyyy-MM-dd} ({why}), not {value:yyyy-MM-dd}.")
            : null;

    private static DemandResult Refer(Demand demand, ReferDemand c, Actor actor, DateTimeOffset now)
    {
        var referral = new Referral($"R{demand.Referrals.Count + 1}", c.Department.Trim(), c.Reason.Trim(), now);
        return Ok(demand, DemandEventKind.Referred, DemandState.InService, actor, now, c.Reason,
            d => d with { Referrals = d.Referrals.Add(referral) },
            e => e with { Referral = referral, WorkerId = demand.WorkerId });
    }

    private static DemandResult Answer(Demand demand, AnswerReferral c, Actor actor, DateTimeOffset now)
    {
        var id = c.ReferralId.Trim();
        var referral = demand.Referrals.Find(r => r.Id == id);
        if (referral is not { IsOpen: true })
        {
            var why = referral is null
                ? $"There is no referral {id} on this demand."
                : $"Referral {id} to {referral.Department} was already answered at {referral.AnsweredAt:u}.";
            return DemandResult.Refused(Invalid("referralId", $"{why} Open referrals: {Describe(demand.OpenReferrals)}."));
        }
        var answered = referral with { Answer = c.Answer.Trim(), AnsweredAt = now };
        return Ok(demand, DemandEventKind.ReferralAnswered, DemandState.InService, actor, now, c.Answer,
            d => d with { Referrals = d.Referrals.Replace(referral, answered) },
            e => e with { Referral = answered, WorkerId = demand.WorkerId });
    }

    private static string Describe(IEnumerable<Referral> referrals) =>
        string.Join(", ", referrals.Select(r => $"{r.Id} ({r.Department})")) is { Length: > 0 } text ? text : "none";

    private static DemandResult Ok(
        Demand demand, DemandEventKind kind, DemandState to, Actor actor, DateTimeOffset now, string? note,
        Func<Demand, Demand> change, Func<DemandEvent, DemandEvent>? details = null) =>
        DemandResult.Ok(Append(change(demand), kind, to, actor, now, note, details, from: demand.State));

    /// <summary>Adds one event; <paramref name="details"/> fills in what only some kinds of event carry.</summary>
    private static Demand Append(
        Demand demand, DemandEventKind kind, DemandState to, Actor actor, DateTimeOffset now, string? note,
        Func<DemandEvent, DemandEvent>? details = null, DemandState? from = null)
    {
        var @event = new DemandEvent(
            demand.Timeline.Count + 1, kind, now, actor, from ?? demand.State, to,
            string.IsNullOrWhiteSpace(note) ? null : note.Trim());
        return demand with { State = to, Timeline = demand.Timeline.Add(details is null ? @event : details(@event)) };
    }

    /// <summary>The refusal of a command the demand's state does not allow: it names the state, the winner and what is allowed.</summary>
    public static Refusal NotAllowed(Demand? demand, DemandCommand command)
    {
        var allowed = AllowedActions(demand);
        var allowedText = allowed.IsEmpty ? "nothing" : string.Join(", ", allowed);
        if (demand is null)
        {
            return new Refusal(RefusalKind.NotFound, "No such demand.", Allowed: allowed);
        }
        var last = demand.Timeline.LastOrDefault();
        var reason = command.Action switch
        {
            DemandAction.Report => $"Demand {demand.Id} already exists.",
            DemandAction.Close when demand.State == DemandState.InService => WhyNotClosable(demand),
            DemandAction.AnswerReferral when demand.State == DemandState.InService => "No referral is waiting for an answer.",
            DemandAction.Callback when demand.State == DemandState.Closed => "A callback has already been recorded.",
            _ => $"Cannot {command.Action} a demand that is {demand.State}.",
        };
        var winner = LastChangeByPerson(demand);
        // Every refusal names the state, who moved it there (the winner, when the command lost a race), and what can be
        // done instead.
        var message = $"{reason}" +
                      (winner is null ? "" : $" {Overtaken(winner)}") +
                      $" The demand is {demand.State}" +
                      (last is null ? "." : $" ({last.Kind} by {last.Actor.Name} at {last.At:u}).") +
                      $" Allowed now: {allowedText}.";
        return new Refusal(RefusalKind.InvalidState, message, CurrentState: demand.State, Allowed: allowed, LastEvent: last, Winner: winner);
    }

    /// <summary>What a command that finds the demand moved on lost to: SLA flags are the system's, never a winner.</summary>
    public static DemandEvent? LastChangeByPerson(Demand demand) => demand.Timeline.LastOrDefault(e => e.Kind != DemandEventKind.SlaBreached);

    /// <summary>"Already accepted by 张三 at …", "Already dispatched to east by 周敏 at …": the change a command lost to.</summary>
    private static string Overtaken(DemandEvent winner)
    {
        var what = string.Concat(winner.Kind.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? $" {char.ToLowerInvariant(c)}" : $"{char.ToLowerInvariant(c)}"));
        var target = winner.Kind switch
        {
            DemandEventKind.Dispatched => $" to {winner.StationId}",
            DemandEventKind.Assigned => $" to {winner.WorkerId}",
            _ => "",
        };
        return $"Already {what}{target} by {winner.Actor.Name} at {winner.At:u}.";
    }

    /// <summary>Closing waits for every casework step and for every referral's answer; says which are still missing.</summary>
    private static string WhyNotClosable(Demand demand)
    {
        var missingSteps = Steps.Except(demand.StepsRecorded).ToList();
        var steps = missingSteps.Count == 0 ? null : $"Closing needs every casework step; still missing: {string.Join(", ", missingSteps)}.";
        var referrals = demand.OpenReferrals.IsEmpty
            ? null
            : $"Closing needs every referral answered; still waiting for {Describe(demand.OpenReferrals)}.";
        return string.Join(" ", new[] { steps, referrals }.OfType<string>());
    }

    private static Refusal? Validate(DemandCommand command) => command switch
    {
        ReportDemand c =>
            Required("communityId", c.CommunityId, MaxNameLength)
            ?? Required("homeStationId", c.HomeStationId, MaxNameLength)
            ?? Required("categoryId", c.CategoryId, MaxNameLength)
            ?? Defined("serviceType", c.ServiceType)
            ?? Defined("urgency", c.Urgency)
            ?? Required("description", c.Description, MaxDescriptionLength)
            ?? (c.Person is null ? Invalid("person", "person is required.") : null)
            ?? Required("person.name", c.Person?.Name, MaxNameLength)
            ?? Phone("person.phone", c.Person?.Phone)
            ?? Optional("person.address", c.Person?.Address, MaxAddressLength)
            ?? (c.Reporter is null ? Invalid("reporter", "reporter is required.") : null)
            ?? Required("reporter.name", c.Reporter?.Name, MaxNameLength)
            ?? Defined("reporter.channel", c.Reporter?.Channel ?? default)
            ?? Phone("reporter.phone", c.Reporter?.Phone)
            ?? Optional("keyPersonId", c.KeyPersonId, MaxNameLength)
            ?? Optional("foundOnVisitId", c.FoundOnVisitId, MaxNameLength)
            ?? Optional("foundByWorkerId", c.FoundByWorkerId, MaxNameLength),
        DispatchDemand c => Required("stationId", c.StationId, MaxNameLength) ?? Optional("note", c.Note, MaxNoteLength),
        AcceptDemand c => Optional("note", c.Note, MaxNoteLength),
        ReturnDemand c => Required("reason", c.Reason, MaxReasonLength),
        AssignDemand c => Required("workerId", c.WorkerId, MaxNameLength) ?? Optional("note", c.Note, MaxNoteLength),
        RecordContact c => Required("note", c.Note, MaxNoteLength),
        RecordStep c =>
            Defined("step", c.Step)
            ?? Optional("note", c.Note, MaxNoteLength)
            ?? (c.Form is null ? Invalid("form", $"form is required: a {c.Step} step records its form.") : null)
            // Only the grading and follow-up forms carry a risk level, so a form of the wrong step could set it by accident.
            ?? (c.Form!.Step != c.Step ? Invalid("form", $"form is a {c.Form.Step} form, but the step is {c.Step}.") : null)
            ?? ValidateForm(c.Form),
        ReferDemand c => Required("department", c.Department, MaxNameLength) ?? Required("reason", c.Reason, MaxReasonLength),
        AnswerReferral c => Required("referralId", c.ReferralId, MaxNameLength) ?? Required("answer", c.Answer, MaxNoteLength),
        CloseDemand c => Required("summary", c.Summary, MaxNoteLength),
        CancelDemand c => Required("reason", c.Reason, MaxReasonLength),
        RecordCallback c =>
            (c.Rating is < 1 or > 5 ? Invalid("rating", "rating must be a whole number from 1 to 5.") : null)
            ?? Optional("note", c.Note, MaxNoteLength),
        _ => null,
    };

    private static Refusal? ValidateForm(CaseworkForm form) => form switch
    {
        AssessmentForm f => Entries("form.needs", f.Needs, (n, field) =>
            Defined($"{field}.serviceType", n.ServiceType) ?? Required($"{field}.description", n.Description, MaxReasonLength)),
        GradingForm f => Defined("form.riskLevel", f.RiskLevel) ?? Required("form.reason", f.Reason, MaxReasonLength),
        PlanForm f =>
            Entries("form.goals", f.Goals, (goal, field) => Required(field, goal, MaxReasonLength))
            ?? Entries("form.actions", f.Actions, (a, field) =>
                Required($"{field}.description", a.Description, MaxReasonLength)
                ?? Date($"{field}.due", a.Due)
                ?? Optional($"{field}.resource", a.Resource, MaxNameLength)),
        ExecutionForm f => Entries("form.services", f.Services, (s, field) =>
            Defined($"{field}.serviceType", s.ServiceType)
            ?? (s.PersonTimes is < 1 or > MaxPersonTimes
                ? Invalid($"{field}.personTimes", $"{field}.personTimes must be a whole number from 1 to {MaxPersonTimes}.")
                : null)
            ?? Date($"{field}.on", s.On)
            ?? Required($"{field}.description", s.Description, MaxReasonLength)),
        FollowUpForm f =>
            Required("form.result", f.Result, MaxNoteLength)
            ?? Date("form.nextFollowUpOn", f.NextFollowUpOn)
            ?? (f.RevisedRiskLevel is { } risk ? Defined("form.revisedRiskLevel", risk) : null),
        _ => Invalid("form", $"Unknown form {form.GetType().Name}."),
    };

    /// <summary>A form's list: one to <see cref="MaxFormEntries"/> entries, each present and valid (named <c>field[i]</c>).</summary>
    private static Refusal? Entries<T>(string field, ImmutableList<T>? entries, Func<T, string, Refusal?> check)
    {
        if (entries is null || entries.IsEmpty)
        {
            return Invalid(field, $"{field} needs at least one entry.");
        }
        if (entries.Count > MaxFormEntries)
        {
            return Invalid(field, $"{field} has {entries.Count} entries, at most {MaxFormEntries}.");
        }
        return First(entries, (entry, i) => entry is null ? Invalid($"{field}[{i}]", $"{field}[{i}] is required.") : check(entry, $"{field}[{i}]"));
    }

    private static Refusal? First<T>(IReadOnlyList<T> entries, Func<T, int, Refusal?> check)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (check(entries[i], i) is { } refusal)
            {
                return refusal;
            }
        }
        return null;
    }

    /// <summary>An unset date (a form read from a request that left it out) is missing, not the year 1.</summary>
    private static Refusal? Date(string field, DateOnly value) => value == default ? Invalid(field, $"{field} is required.") : null;

    private static Refusal Invalid(string field, string message) => new(RefusalKind.Invalid, message, field);

    // The field checks every write shares (FieldRules), as refusals.

    private static Refusal? AsRefusal(string field, string? problem) => problem is null ? null : Invalid(field, problem);

    private static Refusal? Required(string field, string? value, int maxLength) => AsRefusal(field, FieldRules.Required(field, value, maxLength));

    private static Refusal? Optional(string field, string? value, int maxLength) => AsRefusal(field, FieldRules.Optional(field, value, maxLength));

    private static Refusal? Phone(string field, string? value) => AsRefusal(field, FieldRules.Phone(field, value));

    private static Refusal? Defined<TEnum>(string field, TEnum value) where TEnum : struct, Enum =>
        AsRefusal(field, FieldRules.Defined(field, value));
}
