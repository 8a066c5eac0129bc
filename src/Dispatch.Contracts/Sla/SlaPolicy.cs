using Dispatch.Contracts.Demands;

namespace Dispatch.Contracts.Sla;

/// <summary>A deadline the demand is still waiting on.</summary>
public sealed record SlaDeadline(SlaKind Kind, DateTimeOffset DueAt, TimeSpan Target);

/// <summary>Pure SLA rules: which deadlines are pending, and which breaches or escalations are due now.</summary>
public static class SlaPolicy
{
    /// <summary>How long after a deadline the first check runs: a breach is strictly after the deadline.</summary>
    public static readonly TimeSpan BreachGrace = TimeSpan.FromSeconds(1);

    /// <summary>Deadlines the demand's current state is waiting on.</summary>
    public static IReadOnlyList<SlaDeadline> PendingDeadlines(Demand demand, SlaTargets targets) =>
        PendingDeadlines(demand.ToSummary(), targets);

    /// <summary>Deadlines the demand's current state is waiting on, from its summary.</summary>
    public static IReadOnlyList<SlaDeadline> PendingDeadlines(DemandSummary demand, SlaTargets targets)
    {
        if (!demand.IsOpen)
        {
            return [];
        }
        var target = targets.For(demand.Urgency);
        var deadlines = new List<SlaDeadline>(2);
        if (demand is { State: DemandState.Dispatched, DispatchedAt: { } dispatchedAt })
        {
            deadlines.Add(new(SlaKind.Acceptance, dispatchedAt + target.AcceptWithin, target.AcceptWithin));
        }
        if (demand.FirstContactAt is null)
        {
            deadlines.Add(new(SlaKind.Contact, demand.ReportedAt + target.ContactWithin, target.ContactWithin));
        }
        return deadlines;
    }

    /// <summary>The nearest deadline a summary (as screens hold it) is still waiting on; null when none.</summary>
    public static SlaDeadline? NextDeadline(DemandSummary demand, SlaTargets targets) =>
        PendingDeadlines(demand, targets).MinBy(d => d.DueAt);

    /// <summary>
    /// Escalation grows with lateness: past the deadline → station head; one more target length late → dispatcher;
    /// two more → leader.
    /// </summary>
    public static Escalation EscalationAt(SlaDeadline deadline, DateTimeOffset now)
    {
        var late = now - deadline.DueAt;
        return late >= 2 * deadline.Target ? Escalation.Leader
            : late >= deadline.Target ? Escalation.Dispatcher
            : Escalation.StationHead;
    }

    /// <summary>Breaches (new, or escalated further) that should be recorded at <paramref name="now"/>.</summary>
    public static IReadOnlyList<SlaBreach> DueBreaches(Demand demand, SlaTargets targets, DateTimeOffset now)
    {
        var due = new List<SlaBreach>();
        foreach (var deadline in PendingDeadlines(demand, targets))
        {
            // "Accept within 15 min" is still met at 15:00 sharp: a breach starts after the deadline.
            if (now <= deadline.DueAt)
            {
                continue;
            }
            var level = EscalationAt(deadline, now);
            var recorded = demand.Breaches.LastOrDefault(b => b.Kind == deadline.Kind && b.DueAt == deadline.DueAt);
            if (recorded is null || recorded.EscalatedTo < level)
            {
                due.Add(new SlaBreach(deadline.Kind, deadline.DueAt, level));
            }
        }
        return due;
    }

    /// <summary>When the demand next needs looking at: the next deadline or escalation step; null when nothing is pending.</summary>
    public static DateTimeOffset? NextCheck(Demand demand, SlaTargets targets, DateTimeOffset now)
    {
        DateTimeOffset? next = null;
        foreach (var deadline in PendingDeadlines(demand, targets))
        {
            DateTimeOffset[] steps = [deadline.DueAt + BreachGrace, deadline.DueAt + deadline.Target, deadline.DueAt + 2 * deadline.Target];
            foreach (var step in steps)
            {
                if (step > now && (next is null || step < next))
                {
                    next = step;
                }
            }
        }
        return next;
    }
}
