using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Dispatch.BlobStorage;
using Dispatch.Contracts.Demands;
using Dispatch.Grains.Demands;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;

namespace Dispatch.Benchmarks;

/// <summary>One way of writing, measured over all its slices of the run.</summary>
public sealed record WriteModeResult(long Writes, double WritesPerSecond, LatencySummary Latency);

/// <summary>Grain storage against raw uploads of the same bytes, same concurrency and conditions, same Azurite, same run.</summary>
public sealed record WritePathResult(
    int Concurrency,
    double MeasuredSecondsPerMode,
    int Slices,
    double MeanBytesPerWrite,
    int MinBytesPerWrite,
    int MaxBytesPerWrite,
    WriteModeResult GrainStorage,
    WriteModeResult RawBlob,
    double GrainStorageToRawRatio);

/// <summary>
/// Persisted-state writes through <see cref="BlobGrainStorage"/> against plain <see cref="BlobClient.UploadAsync(BinaryData, BlobUploadOptions, CancellationToken)"/>.
/// Each writer walks demands through the twelve states of their order flow, as a demand grain writes them: the first
/// write creates the blob (If-None-Match *), the next eleven replace the version written before (If-Match its ETag).
/// The raw writer uploads byte arrays as long as the grain storage's JSON of the same state, with the same headers and
/// conditions, so the difference is what the grain storage adds: serialization, naming, error handling.
/// The two modes alternate in short slices (grain, raw, raw, grain, …) so drift and other load on the machine hit both.
/// </summary>
public static class WritePathBenchmark
{
    public const string Name = "write-path";
    public const int DefaultConcurrency = 16;

    private const string StateName = "demand";
    private const string GrainType = "demand";
    private static readonly TimeSpan SliceLength = TimeSpan.FromSeconds(2);

    public static async Task<WritePathResult> Run(BenchmarkOptions options, string connectionString)
    {
        var states = DemandStates();
        var payloads = states.Select(s => JsonSerializer.SerializeToUtf8Bytes(s, BlobStateJson.Options)).ToArray();

        var storageOptions = new BlobStorageOptions
        {
            ConnectionString = connectionString,
            ContainerName = $"bench-grain-{Guid.NewGuid():N}",
        };
        var activators = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<IActivatorProvider>();
        var grainStorage = new BlobGrainStorage("bench", storageOptions, activators, NullLogger<BlobGrainStorage>.Instance);
        var raw = new BlobServiceClient(connectionString).GetBlobContainerClient($"bench-raw-{Guid.NewGuid():N}");
        await grainStorage.EnsureContainerAsync(CancellationToken.None);
        await raw.CreateIfNotExistsAsync();
        try
        {
            var grainWriters = Writers(options.Concurrency, "g", (writer, id, step) => WriteThroughGrainStorage(grainStorage, writer, id, states[step]));
            var rawWriters = Writers(options.Concurrency, "r", (writer, id, step) => UploadRaw(raw, writer, id, payloads[step]));

            // Warm-up, both modes at once: connections, JIT and Azurite's own caches, before anything counts.
            await Task.WhenAll(Drive(grainWriters, options.WarmUp), Drive(rawWriters, options.WarmUp));

            var slices = Math.Max(1, (int)Math.Round(options.Measured / SliceLength));
            var sliceLength = options.Measured / slices;
            var grainTallies = new List<LoadTally>();
            var rawTallies = new List<LoadTally>();
            for (var slice = 0; slice < slices; slice++)
            {
                // ABBA order: whichever mode runs second in a pair runs first in the next, so neither always follows the other.
                var grainFirst = slice % 2 == 0;
                foreach (var grainTurn in grainFirst ? new[] { true, false } : [false, true])
                {
                    (grainTurn ? grainTallies : rawTallies).Add(await Drive(grainTurn ? grainWriters : rawWriters, sliceLength));
                }
            }

            var grain = Summarize(LoadTally.Combine(grainTallies));
            var plain = Summarize(LoadTally.Combine(rawTallies));
            return new WritePathResult(
                options.Concurrency,
                options.Measured.TotalSeconds,
                slices,
                payloads.Average(p => p.Length),
                payloads.Min(p => p.Length),
                payloads.Max(p => p.Length),
                grain,
                plain,
                grain.WritesPerSecond / plain.WritesPerSecond);
        }
        finally
        {
            await raw.DeleteIfExistsAsync();
            await new BlobServiceClient(connectionString).GetBlobContainerClient(storageOptions.ContainerName).DeleteIfExistsAsync();
        }
    }

    /// <summary>The twelve states a demand grain writes over one order flow, from reported to called back.</summary>
    private static DemandGrainState[] DemandStates()
    {
        var parties = BenchmarkCity.PartiesOf(0);
        var now = DateTimeOffset.UtcNow;
        Demand? demand = null;
        var states = new List<DemandGrainState>();
        foreach (var (command, by) in BenchmarkCity.Lifecycle(parties, now))
        {
            var result = DemandStateMachine.Apply(demand, DemandId("x", 0, 0), command, by.ToActor(), now);
            demand = result.Demand ?? throw new InvalidOperationException($"{command.Action} refused: {result.Refusal?.Message}");
            states.Add(new DemandGrainState { Demand = demand });
        }
        return [.. states];
    }

    // Same length for every writer and sequence, so the grain storage's JSON is exactly as long as the raw payload.
    private static string DemandId(string mode, int writer, long sequence) => $"{mode}-{writer:D4}-{sequence:D9}";

    private static async Task<string> WriteThroughGrainStorage(BlobGrainStorage storage, DemandWriter writer, string demandId, DemandGrainState state)
    {
        var grainState = new GrainState<DemandGrainState>(new DemandGrainState { Demand = state.Demand! with { Id = demandId } }, writer.ETag);
        await storage.WriteStateAsync(StateName, GrainId.Create(GrainType, demandId), grainState);
        return grainState.ETag!;
    }

    private static async Task<string> UploadRaw(BlobContainerClient container, DemandWriter writer, string demandId, byte[] payload)
    {
        var blob = container.GetBlobClient(BlobNames.ForGrainState(StateName, GrainId.Create(GrainType, demandId)));
        var upload = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            Conditions = writer.ETag is null ? new BlobRequestConditions { IfNoneMatch = ETag.All } : new BlobRequestConditions { IfMatch = new ETag(writer.ETag) },
        };
        return (await blob.UploadAsync(BinaryData.FromBytes(payload), upload)).Value.ETag.ToString();
    }

    private static DemandWriter[] Writers(int concurrency, string mode, Func<DemandWriter, string, int, Task<string>> write) =>
        [.. Enumerable.Range(0, concurrency).Select(i => new DemandWriter(i, mode, write))];

    private static Task<LoadTally> Drive(DemandWriter[] writers, TimeSpan measured) =>
        LoadRun.Run(writers.Length, TimeSpan.Zero, measured, (worker, timer) => writers[worker].WriteNext(timer));

    private static WriteModeResult Summarize(LoadTally tally) => new(tally.Calls, tally.CallsPerSecond, tally.Latency);

    /// <summary>One writer's demands: it writes each through its twelve states, then starts the next demand.</summary>
    private sealed class DemandWriter(int index, string mode, Func<DemandWriter, string, int, Task<string>> write)
    {
        private long sequence;
        private int step;

        public string? ETag { get; private set; }

        public async Task WriteNext(CallTimer timer)
        {
            var demandId = DemandId(mode, index, sequence);
            ETag = await timer.Time(mode, () => write(this, demandId, step));
            if (++step == BenchmarkCity.CallsPerLifecycle)
            {
                (sequence, step, ETag) = (sequence + 1, 0, null);
            }
        }
    }
}
