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

public sealed record RecommendationReason(ReasonCode Code, int Value, string? Detail = null);

public sealed record StationRecommendation(int Rank, string StationId, string StationName, int Score, ImmutableList<RecommendationReason> Reasons);

public sealed record WorkerRecommendation(int Rank, string WorkerId, string WorkerName, int Score, ImmutableList<RecommendationReason> Reasons);

public sealed record Recommendations(
    string DemandId,
    string? ForStationId,
    ImmutableList<StationRecommendation> Stations,
    ImmutableList<WorkerRecommendation> Workers);
