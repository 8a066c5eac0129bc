using System.Collections.Immutable;
using Dispatch.Contracts.Demands;
using Orleans.Concurrency;

namespace Dispatch.Contracts.Grains;

/// <summary>One grain per social worker, keyed by worker id: their open cases and whether they are on duty.</summary>
public interface ISocialWorkerGrain : IGrainWithStringKey
{
    /// <summary>Adds, updates or drops the case depending on whether it is still open and assigned to this worker.</summary>
    Task Track(DemandSummary summary);

    // Reads of memory: they interleave, so the workload grain can ask while this worker reports to it.
    [AlwaysInterleave]
    Task<ImmutableList<DemandSummary>> OpenCases();

    [AlwaysInterleave]
    Task<bool> IsOnDuty();

    Task SetOnDuty(bool onDuty);
}
