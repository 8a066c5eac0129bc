using Dispatch.Contracts.Demands;

namespace Dispatch.Contracts.Access;

/// <summary>
/// Who may see and do what, in one place: the API and every screen ask here, so hiding a button is never the only guard.
/// Dispatchers run the city-wide flow; a station head works only on orders dispatched to their station; a social worker
/// only on cases assigned to them; leaders read everything and change nothing; admins configure.
/// </summary>
public static partial class AccessPolicy
{
    public static bool CanSeeCity(DispatchUser user) =>
        user.Role is ActorRole.Dispatcher or ActorRole.Leader or ActorRole.Admin or ActorRole.System;

    /// <summary>Whether the user may see this demand at all.</summary>
    public static bool CanView(DispatchUser user, DemandSummary? demand) => ViewScope(user).Includes(demand);

    /// <summary>The demands the user may see: a station head their station's orders, a worker their own cases.</summary>
    public static DemandScope ViewScope(DispatchUser user) => user.Role switch
    {
        ActorRole.StationHead => user.StationId is { } stationId ? new(DemandScopeKind.Station, stationId) : DemandScope.Nothing,
        ActorRole.SocialWorker => user.WorkerId is { } workerId ? new(DemandScopeKind.Worker, workerId) : DemandScope.Nothing,
        _ => CanSeeCity(user) ? DemandScope.City : DemandScope.Nothing,
    };

    /// <summary>Whether the user may take in a new demand (social workers report needs found on outreach).</summary>
    public static bool CanReport(DispatchUser user) =>
        user.Role is ActorRole.Dispatcher or ActorRole.SocialWorker or ActorRole.System;

    /// <summary>Whether the user's role may take this action on this demand (the state machine still decides if it is allowed now).</summary>
    public static bool CanAct(DispatchUser user, DemandAction action, DemandSummary? demand) => action switch
    {
        DemandAction.Report => CanReport(user),
        DemandAction.Dispatch or DemandAction.Cancel or DemandAction.Callback =>
            user.Role is ActorRole.Dispatcher or ActorRole.System,
        DemandAction.Accept or DemandAction.Return or DemandAction.Assign =>
            user.Role == ActorRole.System || (user.Role == ActorRole.StationHead && CanView(user, demand)),
        DemandAction.Contact or DemandAction.RecordStep or DemandAction.Refer or DemandAction.Close => IsSystemOrAssignedWorker(user, demand),
        // The department's answer to a referral often comes back through the guidance center.
        DemandAction.AnswerReferral => user.Role == ActorRole.Dispatcher || IsSystemOrAssignedWorker(user, demand),
        _ => false,
    };

    private static bool IsSystemOrAssignedWorker(DispatchUser user, DemandSummary? demand) =>
        user.Role == ActorRole.System || (user.Role == ActorRole.SocialWorker && CanView(user, demand));

    /// <summary>Whether the user may see recommendations for this demand (those who dispatch or assign it).</summary>
    public static bool CanSeeRecommendations(DispatchUser user, DemandSummary? demand) =>
        user.Role is ActorRole.Dispatcher or ActorRole.System || (user.Role == ActorRole.StationHead && CanView(user, demand));

    /// <summary>Whether the user may see a station's board and KPIs.</summary>
    public static bool CanSeeStation(DispatchUser user, string stationId) =>
        CanSeeCity(user) || (user.Role == ActorRole.StationHead && user.StationId == stationId);

    public static bool CanAdminister(DispatchUser user) => user.Role == ActorRole.Admin;

    /// <summary>The refusal for a user whose role, station or assignment does not allow the action.</summary>
    public static Refusal Forbidden(DispatchUser user, DemandAction action, DemandSummary? demand) =>
        new(RefusalKind.Forbidden, $"{user.Role} {user.DisplayName} may not {action} this demand.",
            // Would the user be let through were the demand their station's or their case? Then that is what stood in the way.
            Denial: Denial(user, demand is not null && CanAct(user, action, demand with { StationId = user.StationId, WorkerId = user.WorkerId })));

    /// <summary>
    /// Why a user is refused: their role never may, or it may but this is another station's (a head) or not their case
    /// (a worker); <paramref name="allowedInOwnScope"/> says whether the same request on their own would pass.
    /// </summary>
    public static AccessDenial Denial(DispatchUser user, bool allowedInOwnScope) => !allowedInOwnScope
        ? AccessDenial.Role
        : user.Role == ActorRole.SocialWorker ? AccessDenial.Worker : AccessDenial.Station;
}

/// <summary>What stood in the way of a refused request: the user's role, their station, or their assignment.</summary>
public enum AccessDenial
{
    Role,
    Station,
    Worker,
}
