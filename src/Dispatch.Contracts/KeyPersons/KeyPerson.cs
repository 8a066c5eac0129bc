using System.Collections.Immutable;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;

namespace Dispatch.Contracts.KeyPersons;

/// <summary>A person's place in a key-person category from a date; a temporary category also has an end date.</summary>
[GenerateSerializer, Immutable]
public sealed record CategoryMembership(
    [property: Id(0)] string CategoryId,
    [property: Id(1)] DateOnly Since,
    [property: Id(2)] DateOnly? Until = null)
{
    /// <summary>Whether the membership holds on at least one day of [first, last].</summary>
    public bool Overlaps(DateOnly first, DateOnly last) => Since <= last && (Until is null || Until >= first);
}

/// <summary>What the station registers about a key person (重点人群): the editable part of <see cref="KeyPerson"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record KeyPersonDetails(
    [property: Id(0)] string Name,
    [property: Id(1)] string IdNumber,
    [property: Id(2)] string? Phone,
    [property: Id(3)] string CommunityId,
    [property: Id(4)] ImmutableList<CategoryMembership> Categories,
    [property: Id(5)] RiskLevel? RiskLevel,
    [property: Id(6)] string? Notes);

/// <summary>A need found on a visit (问题哨响前移): it becomes a demand linked to the person and the visiting worker.</summary>
[GenerateSerializer, Immutable]
public sealed record NeedFound(
    [property: Id(0)] string Description,
    [property: Id(1)] ServiceType ServiceType,
    [property: Id(2)] Urgency Urgency);

/// <summary>What a worker records about one visit (走访).</summary>
[GenerateSerializer, Immutable]
public sealed record RecordVisit(
    [property: Id(0)] DateOnly On,
    [property: Id(1)] bool Found,
    [property: Id(2)] string Observations,
    [property: Id(3)] ImmutableList<NeedFound> Needs);

/// <summary>A recorded visit; each need found carries the id of the demand it became.</summary>
[GenerateSerializer, Immutable]
public sealed record Visit(
    [property: Id(0)] string Id,
    [property: Id(1)] DateOnly On,
    [property: Id(2)] bool Found,
    [property: Id(3)] string Observations,
    [property: Id(4)] ImmutableList<VisitNeed> Needs,
    [property: Id(5)] Actor VisitedBy,
    [property: Id(6)] string WorkerId,
    [property: Id(7)] DateTimeOffset RecordedAt);

[GenerateSerializer, Immutable]
public sealed record VisitNeed(
    [property: Id(0)] NeedFound Need,
    [property: Id(1)] string DemandId);

/// <summary>One change to the register entry: who registered or changed the person, or merged an import row.</summary>
[GenerateSerializer, Immutable]
public sealed record KeyPersonEvent(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] Actor Actor,
    [property: Id(2)] string What);

/// <summary>A key person with their visits and the demands about them. Owned and written only by the person's grain.</summary>
[GenerateSerializer, Immutable]
public sealed record KeyPerson
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required KeyPersonDetails Details { get; init; }
    /// <summary>The station of the person's community when last saved: the register the person is listed in.</summary>
    [Id(2)] public required string StationId { get; init; }
    [Id(3)] public ImmutableList<Visit> Visits { get; init; } = [];
    /// <summary>Demands about this person (found on visits or taken in naming them), oldest first.</summary>
    [Id(4)] public ImmutableList<string> DemandIds { get; init; } = [];
    [Id(5)] public ImmutableList<KeyPersonEvent> History { get; init; } = [];

    /// <summary>Grows with every change, so registers keep only the newest copy.</summary>
    public int Version => History.Count + Visits.Count + DemandIds.Count;

    public KeyPersonSummary ToSummary() => new(
        Id, Details.Name, IdNumbers.Mask(Details.IdNumber), Details.Phone, Details.CommunityId, StationId, Details.Categories,
        Details.RiskLevel, [.. Visits.Select(v => new VisitMark(v.On, v.Found, v.WorkerId))], DemandIds.Count, Version);
}

/// <summary>A visit as the visit plan needs it.</summary>
[GenerateSerializer, Immutable]
public sealed record VisitMark(
    [property: Id(0)] DateOnly On,
    [property: Id(1)] bool Found,
    [property: Id(2)] string WorkerId);

/// <summary>The slice of a key person that registers, visit plans and reports need. The id number is always masked here.</summary>
[GenerateSerializer, Immutable]
public sealed record KeyPersonSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string MaskedIdNumber,
    [property: Id(3)] string? Phone,
    [property: Id(4)] string CommunityId,
    [property: Id(5)] string StationId,
    [property: Id(6)] ImmutableList<CategoryMembership> Categories,
    [property: Id(7)] RiskLevel? RiskLevel,
    [property: Id(8)] ImmutableList<VisitMark> Visits,
    [property: Id(9)] int DemandCount,
    [property: Id(10)] int Version);

/// <summary>Either the person after the change, or why nothing changed.</summary>
[GenerateSerializer, Immutable]
public sealed record KeyPersonResult(
    [property: Id(0)] KeyPerson? Person,
    [property: Id(1)] Refusal? Refusal)
{
    public bool Succeeded => Refusal is null;

    public static KeyPersonResult Ok(KeyPerson person) => new(person, null);

    public static KeyPersonResult Refused(Refusal refusal) => new(null, refusal);
}
