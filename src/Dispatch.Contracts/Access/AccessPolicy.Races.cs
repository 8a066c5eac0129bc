using Dispatch.Contracts.Demands;

namespace Dispatch.Contracts.Access;

public static partial class AccessPolicy
{
    /// <summary>
    /// Why the user may not give this command to the demand as it stands, or null when they may. A station head whose
    /// own station has just returned the demand lost a race (say, assign against return), not a right: like any other
    /// loser they hear what happened and who did it (a state refusal), since a moment ago the order was theirs to see.
    /// </summary>
    public static Refusal? RefuseToAct(DispatchUser user, DemandCommand command, Demand? demand)
    {
        if (CanAct(user, command.Action, demand?.ToSummary()))
        {
            return null;
        }
        return demand is not null && ReturnedByOwnStation(user, demand)
            ? DemandStateMachine.NotAllowed(demand, command)
            : Forbidden(user, command.Action, demand?.ToSummary());
    }

    private static bool ReturnedByOwnStation(DispatchUser user, Demand demand) =>
        user is { Role: ActorRole.StationHead, StationId: { } stationId }
        && demand.State == DemandState.Reported
        && DemandStateMachine.LastChangeByPerson(demand) is { Kind: DemandEventKind.Returned } returned
        && returned.StationId == stationId;
}
