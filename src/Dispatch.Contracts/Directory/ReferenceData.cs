using System.Collections.Immutable;
using Dispatch.Contracts.Sla;

namespace Dispatch.Contracts.Directory;

/// <summary>社区 or 村: each has a community social-work room and belongs to one station's town or street.</summary>
[GenerateSerializer, Immutable]
public sealed record Community(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string StationId,
    [property: Id(3)] CommunityKind Kind);

public enum CommunityKind { Community, Village }

/// <summary>乡镇(街道)社工站: one per town or street.</summary>
[GenerateSerializer, Immutable]
public sealed record Station(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string HeadName,
    [property: Id(3)] string Phone,
    [property: Id(4)] string TimeZone);

/// <summary>驻站社工: stationed at one station, covering a set of communities (the norm is 2–3).</summary>
[GenerateSerializer, Immutable]
public sealed record SocialWorker(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string StationId,
    [property: Id(3)] Certification Certification,
    [property: Id(4)] ImmutableList<string> CommunityIds,
    [property: Id(5)] string Phone,
    [property: Id(6)] bool IsActive = true);

/// <summary>Professional title held by a social worker; higher ranks weigh more in recommendations.</summary>
public enum Certification { None, Assistant, Intermediate, Senior }

/// <summary>
/// A key-person category (重点人群). Configuration, not code: 12 regular + 4 temporary in the seed. Everyone in it is
/// visited <see cref="VisitsPerMonth"/> times a month (monthly by default); a person's risk level can raise that.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PersonCategory(
    [property: Id(0)] string Id,
    [property: Id(1)] string NameZh,
    [property: Id(2)] string NameEn,
    [property: Id(3)] bool IsTemporary,
    [property: Id(4)] int VisitsPerMonth = 1)
{
    public const int MaxVisitsPerMonth = 4;
}

/// <summary>The six service types of the Sichuan model (需求评估、资源链接、社会救助、老幼关爱、社区治理、产业发展).</summary>
public enum ServiceType
{
    NeedsAssessment,
    ResourceLinking,
    SocialAssistance,
    ElderlyAndChildCare,
    CommunityGovernance,
    LivelihoodDevelopment,
}

/// <summary>Everything an administrator configures: the city's organisation and its service rules.</summary>
[GenerateSerializer, Immutable]
public sealed record ReferenceData(
    [property: Id(0)] ImmutableList<Community> Communities,
    [property: Id(1)] ImmutableList<Station> Stations,
    [property: Id(2)] ImmutableList<SocialWorker> Workers,
    [property: Id(3)] ImmutableList<PersonCategory> Categories,
    [property: Id(4)] SlaTargets Sla)
{
    public static ReferenceData Empty { get; } = new([], [], [], [], SlaTargets.Default);

    public bool IsEmpty => Stations.IsEmpty && Communities.IsEmpty;

    public Community? FindCommunity(string id) => Communities.Find(c => c.Id == id);

    public Station? FindStation(string id) => Stations.Find(s => s.Id == id);

    public SocialWorker? FindWorker(string id) => Workers.Find(w => w.Id == id);

    public PersonCategory? FindCategory(string id) => Categories.Find(c => c.Id == id);
}
