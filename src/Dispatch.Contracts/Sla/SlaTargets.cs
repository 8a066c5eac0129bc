using Dispatch.Contracts.Demands;

namespace Dispatch.Contracts.Sla;

/// <summary>How long a station may take to accept (from the last dispatch) and a worker to make first contact (from the report).</summary>
[GenerateSerializer, Immutable]
public sealed record SlaTarget(
    [property: Id(0)] TimeSpan AcceptWithin,
    [property: Id(1)] TimeSpan ContactWithin);

/// <summary>SLA targets per urgency. Defaults from DESIGN.md; administrators may change them.</summary>
[GenerateSerializer, Immutable]
public sealed record SlaTargets(
    [property: Id(0)] SlaTarget Urgent,
    [property: Id(1)] SlaTarget Normal,
    [property: Id(2)] SlaTarget Routine)
{
    public static SlaTargets Default { get; } = new(
        Urgent: new(TimeSpan.FromMinutes(15), TimeSpan.FromHours(2)),
        Normal: new(TimeSpan.FromHours(2), TimeSpan.FromHours(24)),
        Routine: new(TimeSpan.FromHours(24), TimeSpan.FromHours(72)));

    /// <summary>Every target multiplied by <paramref name="factor"/> (a demo or test that must see deadlines pass soon).</summary>
    public SlaTargets Scaled(double factor) => new(Scale(Urgent, factor), Scale(Normal, factor), Scale(Routine, factor));

    private static SlaTarget Scale(SlaTarget target, double factor) => new(target.AcceptWithin * factor, target.ContactWithin * factor);

    public SlaTarget For(Urgency urgency) => urgency switch
    {
        Urgency.Urgent => Urgent,
        Urgency.Normal => Normal,
        Urgency.Routine => Routine,
        _ => throw new ArgumentOutOfRangeException(nameof(urgency), urgency, null),
    };

    /// <summary>Null when every target is positive and acceptance comes before contact; otherwise why not.</summary>
    public string? Problem()
    {
        foreach (var urgency in Enum.GetValues<Urgency>())
        {
            var target = For(urgency);
            if (target.AcceptWithin <= TimeSpan.Zero || target.ContactWithin <= TimeSpan.Zero)
            {
                return $"{urgency}: targets must be positive durations.";
            }
            if (target.AcceptWithin > target.ContactWithin)
            {
                return $"{urgency}: the acceptance target cannot be longer than the contact target.";
            }
        }
        return null;
    }
}

public enum SlaKind { Acceptance, Contact }

/// <summary>Who an overdue order is escalated to: station head first, then the dispatcher, then the leader.</summary>
public enum Escalation { StationHead, Dispatcher, Leader }

/// <summary>A breached SLA deadline and how far it has been escalated.</summary>
[GenerateSerializer, Immutable]
public sealed record SlaBreach(
    [property: Id(0)] SlaKind Kind,
    [property: Id(1)] DateTimeOffset DueAt,
    [property: Id(2)] Escalation EscalatedTo)
{
    /// <summary>A breach stays active until what it waited for happens (acceptance of that dispatch, first contact).</summary>
    public bool IsActive(Demand demand) => Kind switch
    {
        SlaKind.Acceptance => demand.State == DemandState.Dispatched && demand.DispatchedAt < DueAt,
        SlaKind.Contact => demand.IsOpen && demand.FirstContactAt is null,
        _ => false,
    };
}
