using System.Collections.Immutable;
using Dispatch.BlobStorage;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Grains;
using Dispatch.Grains.Demands;
using Dispatch.Grains.Directory;
using Dispatch.Grains.Stations;
using Dispatch.Grains.Workers;
using Dispatch.Web.DemoData;
using Dispatch.Web.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;

namespace Dispatch.Benchmarks;

/// <summary>A share of the province the issue sizes the scale benchmark by.</summary>
public sealed record ProvinceSize(double Fraction, int Stations, int Workers, int Communities, int OpenDemands)
{
    public static ProvinceSize Of(double fraction) => new(
        fraction,
        Math.Max(1, (int)Math.Round(4_500 * fraction)),
        Math.Max(1, (int)Math.Round(5_000 * fraction)),
        Math.Max(1, (int)Math.Round(50_000 * fraction)),
        Math.Max(1, (int)Math.Round(100_000 * fraction)));
}

/// <summary>
/// Writes a province-sized dataset straight into Blob storage, in the exact form the running system writes it: the
/// directory, every open demand (built by the real state machine, so timelines are real), the index shards, the
/// stations' and workers' open books and each open demand's SLA reminder, all through the product's own
/// <see cref="BlobGrainStorage"/>, <see cref="BlobRecordLog"/> and <see cref="BlobReminderTable"/>. Going through the
/// grains would take an hour at this size and would measure the write path, which has its own benchmark; here what is
/// measured is what a host does with the data once it is there. Months of closed history (<see cref="DemandHistory"/>,
/// the generator the demo's past comes from) may be written with it the same way: the demand grains hold them, the
/// index shards the last 30 days of it and their monthly archives the rest; no open book or reminder does.
/// </summary>
public static class ProvinceDataset
{
    private const int ParallelWrites = 32;

    private static readonly DispatchUser Dispatcher = new("bench-dispatcher", "调度员", ActorRole.Dispatcher);

    /// <summary>
    /// Writes the dataset with <paramref name="historyMonths"/> months of closed history; returns how many history demands
    /// it wrote, and how many of them in the archive.
    /// </summary>
    public static async Task<(int History, int Archived)> Write(ProvinceSize size, BlobStorageOptions storage, DateTimeOffset now, int historyMonths = 0)
    {
        var directory = ScaledCity.Build(size.Stations, size.Workers, size.Communities);
        var demands = Demands(directory, size.OpenDemands, now);
        var grainStorage = new BlobGrainStorage("bench", storage, Activators(), NullLogger<BlobGrainStorage>.Instance);
        await grainStorage.EnsureContainerAsync(CancellationToken.None);

        await Write(grainStorage, "directory", GrainId.Create("directory", ICityDirectoryGrain.Key), new CityDirectoryState { Data = directory });
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = ParallelWrites };
        // The history is written as it is generated: only its summaries are kept, for the index.
        var history = new System.Collections.Concurrent.ConcurrentBag<DemandSummary>();
        await Parallel.ForEachAsync(DemandHistory.Generate(directory, now, historyMonths, seed: 20261122), parallel, async (demand, _) =>
        {
            await Write(grainStorage, "demand", GrainId.Create("demand", demand.Id), new DemandGrainState { Demand = demand });
            history.Add(demand.ToSummary());
        });
        await Parallel.ForEachAsync(demands, parallel, async (demand, _) =>
            await Write(grainStorage, "demand", GrainId.Create("demand", demand.Id), new DemandGrainState { Demand = demand }));

        var summaries = demands.Select(d => d.ToSummary()).ToList();
        var records = new BlobRecordLog(storage);
        // History that ended more than the archive's days ago is where a running system has moved it: in each shard's
        // monthly archive, its months catalogued; the rest is in the shards.
        var cutoff = now.AddDays(-new DemandArchiveOptions().AfterDays);
        var byAge = history.ToLookup(d => DemandQuery.EndOf(d) < cutoff);
        var archived = byAge[true].ToList();
        await Parallel.ForEachAsync(archived.GroupBy(s => DemandIndex.ShardOf(s.Id)), async (shard, _) =>
        {
            await Write(grainStorage, "archive", GrainId.Create(GrainType.Create("demand-index"), GrainIdKeyExtensions.CreateIntegerKey(shard.Key)),
                new DemandArchiveCatalog { Months = [.. shard.SelectMany(DemandMonths.Active)] });
            using var archive = new DemandArchive(records, shard.Key);
            await archive.Append(shard);
        });
        await Parallel.ForEachAsync(summaries.Concat(byAge[false]).GroupBy(s => DemandIndex.ShardOf(s.Id)), async (shard, _) =>
            await records.Compact($"demand-index-{shard.Key}", [.. shard], RecordLogPosition.Empty));

        // Every open demand holds its SLA reminder, as the demand grain sets it: the reminder service reads them at start.
        var reminders = new BlobReminderTable(storage, NullLogger<BlobReminderTable>.Instance);
        await reminders.StartAsync();
        await Parallel.ForEachAsync(demands, parallel, async (demand, _) => await reminders.UpsertRow(new ReminderEntry
        {
            GrainId = GrainId.Create("demand", demand.Id),
            ReminderName = DemandGrain.SlaReminderName,
            StartAt = now.UtcDateTime.AddMinutes(30),
            Period = TimeSpan.FromMinutes(1),
        }));
        await Parallel.ForEachAsync(summaries.Where(s => s.StationId is not null).GroupBy(s => s.StationId!), parallel, async (station, _) =>
            await Write(grainStorage, "station", GrainId.Create("station", station.Key), Book(station)));
        await Parallel.ForEachAsync(summaries.Where(s => s.WorkerId is not null).GroupBy(s => s.WorkerId!), parallel, async (worker, _) =>
            await Write(grainStorage, "worker", GrainId.Create("worker", worker.Key), new SocialWorkerState { Cases = Book(worker) }));
        return (history.Count, archived.Count);
    }

    /// <summary>
    /// Open demands spread over the province and over the last 14 days, in the mix a busy day leaves: 10% waiting for
    /// dispatch, 15% dispatched, 20% accepted, 25% assigned and 30% in service. Fixed seed: the same size, the same data.
    /// </summary>
    public static IReadOnlyList<Demand> Demands(ReferenceData directory, int count, DateTimeOffset now)
    {
        var random = new Random(20261122);
        var workersByStation = directory.Workers.GroupBy(w => w.StationId).ToDictionary(g => g.Key, g => g.ToList());
        var demands = new List<Demand>(count);
        for (var i = 0; i < count; i++)
        {
            var community = directory.Communities[i % directory.Communities.Count];
            var workers = workersByStation.GetValueOrDefault(community.StationId);
            var reportedAt = now - TimeSpan.FromMinutes(random.Next(10, 14 * 24 * 60));
            var stage = random.Next(100) switch { < 10 => 0, < 25 => 1, < 45 => 2, < 70 => 3, _ => 4 };
            if (workers is null)
            {
                stage = Math.Min(stage, 2);
            }
            var head = new DispatchUser($"bench-head-{community.StationId}", "站长", ActorRole.StationHead, StationId: community.StationId);
            var worker = workers?[i % workers.Count];
            var workerUser = worker is null ? null : new DispatchUser($"bench-user-{worker.Id}", worker.Name, ActorRole.SocialWorker, WorkerId: worker.Id);
            var steps = new List<(DemandCommand, DispatchUser)>
            {
                (new ReportDemand(community.Id, community.StationId, BenchmarkCity.Category, (ServiceType)(i % 5), (Urgency)(i % 3),
                    "独居老人近日未出门，网格员敲门无人应答，需上门查看。",
                    new Person($"居民{i}", "13900000000", $"{i % 30 + 1} 号楼"), new Reporter("网格员", ReportChannel.GridWorker, "13700000000")), Dispatcher),
                (new DispatchDemand(community.StationId, "按辖区派单"), Dispatcher),
                (new AcceptDemand("已接单"), head),
            };
            if (worker is not null)
            {
                steps.Add((new AssignDemand(worker.Id, "按社区分工"), head));
                steps.Add((new RecordContact("电话联系，约定上门"), workerUser!));
            }
            Demand? demand = null;
            var at = reportedAt;
            foreach (var (command, by) in steps.Take(stage + 1))
            {
                demand = DemandStateMachine.Apply(demand, IdOf(reportedAt, i), command, by.ToActor(), at).Demand
                    ?? throw new InvalidOperationException($"{command.Action} refused while building demand {i}");
                at += TimeSpan.FromMinutes(random.Next(1, 30));
            }
            demands.Add(demand!);
        }
        return demands;
    }

    /// <summary>An id of the product's shape (China date, six base-32 characters), unique by construction.</summary>
    private static string IdOf(DateTimeOffset reportedAt, int index)
    {
        const string alphabet = DemandIdGenerator.Alphabet;
        Span<char> suffix = stackalloc char[DemandIdGenerator.SuffixLength];
        for (var (i, n) = (suffix.Length - 1, index); i >= 0; i--, n /= alphabet.Length)
        {
            suffix[i] = alphabet[n % alphabet.Length];
        }
        return DemandIdGenerator.IdOf(reportedAt, suffix);
    }

    private static OpenDemandBook Book(IEnumerable<DemandSummary> summaries)
    {
        var book = new OpenDemandBook();
        foreach (var summary in summaries)
        {
            book.Track(summary, belongsHere: true);
        }
        return book;
    }

    private static Task Write<T>(BlobGrainStorage storage, string stateName, GrainId grainId, T state) =>
        storage.WriteStateAsync(stateName, grainId, new GrainState<T>(state));

    private static IActivatorProvider Activators() =>
        new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<IActivatorProvider>();
}
