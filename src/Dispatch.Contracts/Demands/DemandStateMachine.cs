using System.Collections.Immutable;
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
    public const int MaxPhoneLength = 20;
    public const int MaxAddressLength = 200;

    private static readonly CaseworkStep[] Steps = Enum.GetValues<CaseworkStep>();

    /// <summary>What can be done to the demand now; a missing demand can only be reported.</summary>
    public static ImmutableArray<DemandAction> AllowedActions(Demand? demand) => demand?.State switch
    {
        null => [DemandAction.Report],
        DemandState.Reported => [DemandAction.Dispatch, DemandAction.Cancel],
        DemandState.Dispatched => [DemandAction.Accept, DemandAction.Return, DemandAction.Cancel],
        DemandState.Accepted => [DemandAction.Assign, DemandAction.Return, DemandAction.Cancel],
        DemandState.Assigned => [DemandAction.Assign, DemandAction.Contact, DemandAction.Cancel],
        DemandState.InService => AllStepsRecorded(demand)
            ? [DemandAction.RecordStep, DemandAction.Close, DemandAction.Cancel]
            : [DemandAction.RecordStep, DemandAction.Cancel],
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
                }, stationId: c.StationId),
            AcceptDemand c => Ok(current, DemandEventKind.Accepted, DemandState.Accepted, actor, now, c.Note,
                d => d with { AcceptedAt = now }, stationId: current.StationId),
            ReturnDemand c => Ok(current, DemandEventKind.Returned, DemandState.Reported, actor, now, c.Reason,
                d => d with
                {
                    StationId = null,
                    AcceptedAt = null,
                    ReturnedBy = d.ReturnedBy.Add(d.StationId!),
                }, stationId: current.StationId),
            AssignDemand c => Ok(current, DemandEventKind.Assigned, DemandState.Assigned, actor, now, c.Note,
                d => d with { WorkerId = c.WorkerId, AssignedAt = now }, workerId: c.WorkerId),
            RecordContact c => Ok(current, DemandEventKind.Contacted, DemandState.InService, actor, now, c.Note,
                d => d with { FirstContactAt = now }, workerId: current.WorkerId),
            RecordStep c => RecordCaseworkStep(current, c, actor, now),
            CloseDemand c => Ok(current, DemandEventKind.Closed, DemandState.Closed, actor, now, c.Summary,
                d => d with { ClosedAt = now }),
            CancelDemand c => Ok(current, DemandEventKind.Cancelled, DemandState.Cancelled, actor, now, c.Reason,
                d => d with { CancelledAt = now }),
            RecordCallback c => Ok(current, DemandEventKind.CallbackRecorded, DemandState.Closed, actor, now, c.Note,
                d => d with { SatisfactionRating = c.Rating }, rating: c.Rating),
            _ => DemandResult.Refused(new Refusal(RefusalKind.Invalid, $"Unknown command {command.GetType().Name}.")),
        };
    }

    /// <summary>Records SLA breaches (or further escalations) raised by the system's timer.</summary>
    public static Demand RecordBreaches(Demand demand, IReadOnlyList<SlaBreach> breaches, DateTimeOffset now)
    {
        foreach (var breach in breaches)
        {
            var note = $"{breach.Kind} SLA breached (due {breach.DueAt:u}); escalated to {breach.EscalatedTo}";
            demand = Append(demand, DemandEventKind.SlaBreached, demand.State, Actor.System, now, note, breach: breach) with
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
        return Append(demand, DemandEventKind.Reported, DemandState.Reported, actor, now, $"{c.Reporter.Channel}: {c.Reporter.Name}");
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
        return Ok(demand, DemandEventKind.StepRecorded, DemandState.InService, actor, now, c.Note,
            d => d with
            {
                StepsRecorded = d.StepsRecorded.Add(c.Step),
                RiskLevel = c.RiskLevel ?? d.RiskLevel,
            }, step: c.Step, riskLevel: c.RiskLevel, workerId: demand.WorkerId);
    }

    private static DemandResult Ok(
        Demand demand, DemandEventKind kind, DemandState to, Actor actor, DateTimeOffset now, string? note,
        Func<Demand, Demand> change, string? stationId = null, string? workerId = null, CaseworkStep? step = null,
        RiskLevel? riskLevel = null, int? rating = null) =>
        DemandResult.Ok(Append(change(demand), kind, to, actor, now, note, stationId, workerId, step, riskLevel, rating, from: demand.State));

    private static Demand Append(
        Demand demand, DemandEventKind kind, DemandState to, Actor actor, DateTimeOffset now, string? note,
        string? stationId = null, string? workerId = null, CaseworkStep? step = null, RiskLevel? riskLevel = null,
        int? rating = null, DemandState? from = null, SlaBreach? breach = null)
    {
        var @event = new DemandEvent(
            demand.Timeline.Count + 1, kind, now, actor, from ?? demand.State, to,
            string.IsNullOrWhiteSpace(note) ? null : note.Trim(), stationId, workerId, step, riskLevel, rating, breach);
        return demand with { State = to, Timeline = demand.Timeline.Add(@event) };
    }

    private static Refusal NotAllowed(Demand? demand, DemandCommand command)
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
            DemandAction.Close when demand.State == DemandState.InService =>
                $"Closing needs every casework step; still missing: {string.Join(", ", Steps.Except(demand.StepsRecorded))}.",
            DemandAction.Callback when demand.State == DemandState.Closed => "A callback has already been recorded.",
            _ => $"Cannot {command.Action} a demand that is {demand.State}.",
        };
        // Every refusal names the state, who moved it there, and what can be done instead.
        var message = $"{reason} The demand is {demand.State}" +
                      (last is null ? "." : $" ({last.Kind} by {last.Actor.Name} at {last.At:u}).") +
                      $" Allowed now: {allowedText}.";
        return new Refusal(RefusalKind.InvalidState, message, CurrentState: demand.State, Allowed: allowed, LastEvent: last);
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
            ?? Required("note", c.Note, MaxNoteLength)
            ?? (c.RiskLevel is { } risk ? Defined("riskLevel", risk) : null)
            ?? (c is { Step: CaseworkStep.Grading, RiskLevel: null }
                ? Invalid("riskLevel", "Grading must set a risk level (High, Medium or Low).")
                : null)
            // Risk is set at grading and may be revised at follow-up; other steps would overwrite it by accident.
            ?? (c is { RiskLevel: not null, Step: not (CaseworkStep.Grading or CaseworkStep.FollowUp) }
                ? Invalid("riskLevel", "A risk level is set at Grading or revised at FollowUp, not at other steps.")
                : null),
        CloseDemand c => Required("summary", c.Summary, MaxNoteLength),
        CancelDemand c => Required("reason", c.Reason, MaxReasonLength),
        RecordCallback c =>
            (c.Rating is < 1 or > 5 ? Invalid("rating", "rating must be a whole number from 1 to 5.") : null)
            ?? Optional("note", c.Note, MaxNoteLength),
        _ => null,
    };

    private static Refusal Invalid(string field, string message) => new(RefusalKind.Invalid, message, field);

    private static Refusal? Required(string field, string? value, int maxLength) =>
        string.IsNullOrWhiteSpace(value) ? Invalid(field, $"{field} is required.") : Optional(field, value, maxLength);

    private static Refusal? Optional(string field, string? value, int maxLength)
    {
        if (value is null)
        {
            return null;
        }
        if (value.Length > maxLength)
        {
            return Invalid(field, $"{field} is too long: {value.Length} characters, at most {maxLength}.");
        }
        if (HasUnsafeCharacters(value))
        {
            return Invalid(field, $"{field} contains control characters.");
        }
        return null;
    }

    /// <summary>
    /// Line breaks and tabs are text. Other control characters, bidirectional overrides (which make a screen or log show
    /// something other than what is stored) and broken surrogate pairs are noise or an attack.
    /// </summary>
    private static bool HasUnsafeCharacters(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var ch = value[i];
            if (char.IsHighSurrogate(ch) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }
            if ((char.IsControl(ch) && ch is not ('\n' or '\r' or '\t'))
                || char.IsSurrogate(ch)
                || ch is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069')
            {
                return true;
            }
        }
        return false;
    }

    private static Refusal? Phone(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        return value.Length <= MaxPhoneLength && value.Any(char.IsAsciiDigit)
               && value.All(ch => char.IsAsciiDigit(ch) || ch is '+' or '-' or ' ')
            ? null
            : Invalid(field, $"{field} must be a phone number: digits, '+', '-' and spaces, at most {MaxPhoneLength} characters.");
    }

    private static Refusal? Defined<TEnum>(string field, TEnum value) where TEnum : struct, Enum =>
        Enum.IsDefined(value)
            ? null
            : Invalid(field, $"{field} must be one of: {string.Join(", ", Enum.GetNames<TEnum>())}.");
}
