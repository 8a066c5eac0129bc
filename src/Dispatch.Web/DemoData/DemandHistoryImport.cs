using System.Diagnostics;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Grains;

namespace Dispatch.Web.DemoData;

/// <summary>Stores generated history through the demand grains, a few at a time, so every view takes it in as the grains publish it.</summary>
public static class DemandHistoryImport
{
    /// <summary>How often progress is reported, in demands.</summary>
    private const int ProgressEvery = 500;

    /// <summary>
    /// Imports each demand into its grain; one already there is left alone (a restart part-way through imports the
    /// rest). Returns how many were imported now.
    /// </summary>
    public static async Task<int> Run(
        IGrainFactory grains, IEnumerable<Demand> history, int parallelism, Action<int, TimeSpan> progress, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var imported = 0;
        await Parallel.ForEachAsync(history, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancel }, async (demand, _) =>
        {
            var result = await grains.GetGrain<IDemandGrain>(demand.Id).Import(demand);
            if (result.Succeeded && Interlocked.Increment(ref imported) % ProgressEvery == 0)
            {
                progress(imported, clock.Elapsed);
            }
        });
        return imported;
    }
}
