using Dispatch.Contracts.Demands;
using RankedRecommendations = Dispatch.Contracts.Recommendations.Recommendations;

namespace Dispatch.Contracts.Grains;

/// <summary>
/// The city's live load, kept as changes happen: open orders per station, open cases and duty per worker. Station and
/// worker grains report their figures whenever their books change, so a recommendation reads this one grain instead of
/// calling every station and worker of the province. Key: <see cref="Key"/>.
/// </summary>
public interface IWorkloadGrain : IGrainWithStringKey
{
    public const string Key = "city";

    /// <summary>The station's open orders now (absolute, so a repeated report changes nothing).</summary>
    Task StationChanged(string stationId, int openOrders);

    /// <summary>The worker's open cases and duty now (absolute, so a repeated report changes nothing).</summary>
    Task WorkerChanged(string workerId, int openCases, bool onDuty);

    /// <summary>Stations for the demand, and workers of the station holding it (or its home station), ranked.</summary>
    Task<RankedRecommendations> Recommend(Demand demand);
}
