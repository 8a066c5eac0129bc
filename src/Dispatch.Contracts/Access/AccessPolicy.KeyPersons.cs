using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;

namespace Dispatch.Contracts.Access;

// The key-person register: a station's own people. Its head keeps the register; the workers covering a community
// visit its people; city roles read it all, but only those who work with the person see the full id number.
public static partial class AccessPolicy
{
    /// <summary>Whether the user may see the person's register entry and history.</summary>
    public static bool CanSeePerson(DispatchUser user, string stationId, string communityId, ReferenceData reference) =>
        CanSeeCity(user) || WorksWith(user, stationId, communityId, reference);

    /// <summary>The full id number: the station head, the covering workers and admins; others see it masked.</summary>
    public static bool CanSeeIdNumber(DispatchUser user, string stationId, string communityId, ReferenceData reference) =>
        user.Role is ActorRole.Admin or ActorRole.System || WorksWith(user, stationId, communityId, reference);

    /// <summary>The stations whose register the user may see (a worker: those of the communities they cover).</summary>
    public static IEnumerable<string> RegistersFor(DispatchUser user, ReferenceData reference) => user.Role switch
    {
        ActorRole.StationHead => reference.Stations.Where(s => s.Id == user.StationId).Select(s => s.Id),
        ActorRole.SocialWorker => reference.FindWorker(user.WorkerId ?? "") is { IsActive: true } worker
            ? worker.CommunityIds.Select(id => reference.FindCommunity(id)?.StationId).OfType<string>().Distinct()
            : [],
        _ => CanSeeCity(user) ? reference.Stations.Select(s => s.Id) : [],
    };

    /// <summary>Registering, changing, importing and exporting a station's people: its head, or an admin.</summary>
    public static bool CanEditRegister(DispatchUser user, string stationId) =>
        user.Role is ActorRole.Admin or ActorRole.System || (user.Role == ActorRole.StationHead && user.StationId == stationId);

    /// <summary>A visit is recorded by an active worker covering the person's community.</summary>
    public static bool CanRecordVisit(DispatchUser user, string communityId, ReferenceData reference) =>
        user.Role == ActorRole.System
        || (user.Role == ActorRole.SocialWorker && CoveringWorker(user, communityId, reference) is not null);

    private static bool WorksWith(DispatchUser user, string stationId, string communityId, ReferenceData reference) => user.Role switch
    {
        ActorRole.StationHead => user.StationId == stationId,
        ActorRole.SocialWorker => CoveringWorker(user, communityId, reference) is not null,
        _ => false,
    };

    private static SocialWorker? CoveringWorker(DispatchUser user, string communityId, ReferenceData reference) =>
        user.WorkerId is { } id && reference.FindWorker(id) is { IsActive: true } worker && worker.CommunityIds.Contains(communityId)
            ? worker
            : null;
}
