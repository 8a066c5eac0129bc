using System.Collections.Immutable;
using Dispatch.Contracts.Demands;
using Orleans.Concurrency;

namespace Dispatch.Contracts.Grains;

/// <summary>One grain per station, keyed by station id: the station's live order book (orders dispatched to it and still open).</summary>
public interface IStationGrain : IGrainWithStringKey
{
    /// <summary>Adds, updates or drops the order depending on whether it is still open at this station.</summary>
    Task Track(DemandSummary summary);

    /// <summary>A read of memory: interleaves, so the workload grain can ask while this station reports to it.</summary>
    [AlwaysInterleave]
    Task<ImmutableList<DemandSummary>> OpenOrders();
}
