using System.Collections.Immutable;

namespace Dispatch.Contracts.Recommendations;

/// <summary>Why a station or worker ranks where it does; codes and values, so each screen words them in its own language.</summary>
public enum ReasonCode
{
    /// <summary>The station covering the demand's community (its home station).</summary>
    CoversCommunity,
    /// <summary>The station returned this demand before.</summary>
    ReturnedBefore,
    /// <summary>Open orders the station holds now.</summary>
    OpenOrders,
    /// <summary>Workers of the station on duty.</summary>
    WorkersOnDuty,
    /// <summary>The worker covers the demand's community.</summary>
    WorkerCoversCommunity,
    /// <summary>Open cases the worker holds now.</summary>
    OpenCases,
    /// <summary>The worker's professional certification.</summary>
    Certification,
    /// <summary>The worker is not on duty.</summary>
    OffDuty,
}

[GenerateSerializer, Immutable]
public sealed record RecommendationReason(
    [property: Id(0)] ReasonCode Code,
    [property: Id(1)] int Value,
    [property: Id(2)] string? Detail = null);

[GenerateSerializer, Immutable]
public sealed record StationRecommendation(
    [property: Id(0)] int Rank,
    [property: Id(1)] string StationId,
    [property: Id(2)] string StationName,
    [property: Id(3)] int Score,
    [property: Id(4)] ImmutableList<RecommendationReason> Reasons);

[GenerateSerializer, Immutable]
public sealed record WorkerRecommendation(
    [property: Id(0)] int Rank,
    [property: Id(1)] string WorkerId,
    [property: Id(2)] string WorkerName,
    [property: Id(3)] int Score,
    [property: Id(4)] ImmutableList<RecommendationReason> Reasons);

[GenerateSerializer, Immutable]
public sealed record Recommendations(
    [property: Id(0)] string DemandId,
    [property: Id(1)] string? ForStationId,
    [property: Id(2)] ImmutableList<StationRecommendation> Stations,
    [property: Id(3)] ImmutableList<WorkerRecommendation> Workers);
