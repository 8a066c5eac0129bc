using System.Collections.Immutable;
using Dispatch.Contracts.Access;

namespace Dispatch.Contracts.Demands;

public enum RefusalKind
{
    /// <summary>The command's own fields are wrong (missing reason, rating out of range…).</summary>
    Invalid,
    /// <summary>No such demand.</summary>
    NotFound,
    /// <summary>The demand's current state does not allow the action.</summary>
    InvalidState,
    /// <summary>The user's role, station or assignment does not allow the action on this demand.</summary>
    Forbidden,
}

/// <summary>
/// Why a command changed nothing. For <see cref="RefusalKind.InvalidState"/> it says the state and what is allowed, and
/// names the <see cref="Winner"/>: the last change a person made, which is what a command that lost a race lost to
/// (an SLA flag the system raised since is never the winner). For <see cref="RefusalKind.Forbidden"/> it says whether the
/// role, the station or the assignment stood in the way (for the audit trail).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Refusal(
    [property: Id(0)] RefusalKind Kind,
    [property: Id(1)] string Message,
    [property: Id(2)] string? Field = null,
    [property: Id(3)] DemandState? CurrentState = null,
    [property: Id(4)] ImmutableArray<DemandAction> Allowed = default,
    [property: Id(5)] DemandEvent? LastEvent = null,
    [property: Id(6)] AccessDenial? Denial = null,
    [property: Id(7)] DemandEvent? Winner = null);

/// <summary>Either the demand after the command, or the refusal; a refused command leaves the demand untouched.</summary>
[GenerateSerializer, Immutable]
public sealed record DemandResult(
    [property: Id(0)] Demand? Demand,
    [property: Id(1)] Refusal? Refusal)
{
    public bool Succeeded => Refusal is null;

    public static DemandResult Ok(Demand demand) => new(demand, null);

    public static DemandResult Refused(Refusal refusal) => new(null, refusal);
}
