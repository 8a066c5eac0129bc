using System.Collections.Immutable;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;

namespace Dispatch.Contracts.Recommendations;

/// <summary>
/// Ranks stations and workers for a demand. Scores are simple sums so the reasons explain them exactly:
/// the home station and workers covering the community come first; load, duty and certification order the rest.
/// </summary>
public static class Recommender
{
    public const int HomeStationWeight = 100;
    public const int ReturnedBeforePenalty = 50;
    public const int StationOpenOrderCost = 1;
    public const int StationWorkerOnDutyWeight = 2;
    public const int CoversCommunityWeight = 50;
    public const int CertificationWeight = 5;
    public const int OpenCaseCost = 8;
    public const int OffDutyPenalty = 100;

    public static ImmutableList<StationRecommendation> RankStations(
        Demand demand, ReferenceData reference, IReadOnlyDictionary<string, int> openOrdersByStation,
        IReadOnlyDictionary<string, int> workersOnDutyByStation)
    {
        var ranked = reference.Stations.Select(station =>
        {
            var reasons = ImmutableList.CreateBuilder<RecommendationReason>();
            var score = 0;
            if (station.Id == demand.HomeStationId)
            {
                score += HomeStationWeight;
                reasons.Add(new(ReasonCode.CoversCommunity, 1, reference.FindCommunity(demand.CommunityId)?.Name));
            }
            var returns = demand.ReturnedBy.Count(s => s == station.Id);
            if (returns > 0)
            {
                score -= ReturnedBeforePenalty * returns;
                reasons.Add(new(ReasonCode.ReturnedBefore, returns, demand.LastReturnReason));
            }
            var open = openOrdersByStation.GetValueOrDefault(station.Id);
            var onDuty = workersOnDutyByStation.GetValueOrDefault(station.Id);
            score += onDuty * StationWorkerOnDutyWeight - open * StationOpenOrderCost;
            reasons.Add(new(ReasonCode.OpenOrders, open));
            reasons.Add(new(ReasonCode.WorkersOnDuty, onDuty));
            return (station, score, reasons: reasons.ToImmutable());
        });
        return ranked
            .OrderByDescending(r => r.score).ThenBy(r => r.station.Id, StringComparer.Ordinal)
            .Select((r, i) => new StationRecommendation(i + 1, r.station.Id, r.station.Name, r.score, r.reasons))
            .ToImmutableList();
    }

    /// <summary>Ranks the active workers of <paramref name="stationId"/> for the demand.</summary>
    public static ImmutableList<WorkerRecommendation> RankWorkers(
        Demand demand, string stationId, ReferenceData reference, IReadOnlyDictionary<string, int> openCasesByWorker,
        IReadOnlySet<string> onDutyWorkerIds)
    {
        var ranked = reference.Workers.Where(w => w.StationId == stationId && w.IsActive).Select(worker =>
        {
            var reasons = ImmutableList.CreateBuilder<RecommendationReason>();
            var score = 0;
            if (worker.CommunityIds.Contains(demand.CommunityId))
            {
                score += CoversCommunityWeight;
                reasons.Add(new(ReasonCode.WorkerCoversCommunity, 1, reference.FindCommunity(demand.CommunityId)?.Name));
            }
            var open = openCasesByWorker.GetValueOrDefault(worker.Id);
            score -= open * OpenCaseCost;
            reasons.Add(new(ReasonCode.OpenCases, open));
            if (worker.Certification != Certification.None)
            {
                score += (int)worker.Certification * CertificationWeight;
                reasons.Add(new(ReasonCode.Certification, (int)worker.Certification, worker.Certification.ToString()));
            }
            if (!onDutyWorkerIds.Contains(worker.Id))
            {
                score -= OffDutyPenalty;
                reasons.Add(new(ReasonCode.OffDuty, 1));
            }
            return (worker, score, reasons: reasons.ToImmutable());
        });
        return ranked
            .OrderByDescending(r => r.score).ThenBy(r => r.worker.Id, StringComparer.Ordinal)
            .Select((r, i) => new WorkerRecommendation(i + 1, r.worker.Id, r.worker.Name, r.score, r.reasons))
            .ToImmutableList();
    }
}
