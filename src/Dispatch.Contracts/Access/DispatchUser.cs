using Dispatch.Contracts.Demands;

namespace Dispatch.Contracts.Access;

/// <summary>
/// Who is signed in, as every server-side check sees them. A station head is bound to one station, a social worker to
/// one worker record; the other roles see the whole city.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DispatchUser(
    [property: Id(0)] string UserName,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] ActorRole Role,
    [property: Id(3)] string? StationId = null,
    [property: Id(4)] string? WorkerId = null)
{
    /// <summary>The platform itself and its simulator's bookkeeping.</summary>
    public static DispatchUser System { get; } = new(Actor.System.Id, Actor.System.Name, ActorRole.System);

    public Actor ToActor() => new(UserName, DisplayName, Role);
}
