using Dispatch.BlobStorage;
using Dispatch.Contracts.Grains;
using Dispatch.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Dispatch.Grains.Tests;

/// <summary>
/// One in-process silo for the whole test run: memory grain storage, in-memory reminders, the dispatch grains, and a
/// <see cref="FakeTimeProvider"/> as the domain clock only (keyed <see cref="DomainClock.Key"/>). Orleans itself keeps
/// the real default clock, so reminders tick on real time at due times computed from the fake domain clock.
/// The directory is seeded with <see cref="TestCity.Data"/>.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Start);

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>What the fixture's own <c>SeedIfEmpty</c> on the city directory answered (a fresh cluster: true).</summary>
    public bool CitySeeded { get; private set; }

    public ICityDirectoryGrain City => Grains.GetGrain<ICityDirectoryGrain>(ICityDirectoryGrain.Key);

    public IDemandGrain Demand(string id) => Grains.GetGrain<IDemandGrain>(id);

    public IStationGrain Station(string id) => Grains.GetGrain<IStationGrain>(id);

    public ISocialWorkerGrain Worker(string id) => Grains.GetGrain<ISocialWorkerGrain>(id);

    public IDemandIndexGrain IndexShardOf(string demandId) => Grains.GetGrain<IDemandIndexGrain>(DemandIndex.ShardOf(demandId));

    /// <summary>The silo's record log: lets a test see what the index shards stored.</summary>
    public IRecordLog RecordLog => Cluster.Silos[0].ServiceProvider.GetRequiredService<IRecordLog>();

    /// <summary>The silo's reminder table: lets a test see whether a demand holds its durable "sla" reminder.</summary>
    public IReminderTable ReminderTable => Cluster.Silos[0].ServiceProvider.GetRequiredService<IReminderTable>();

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        var clock = Clock;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorageAsDefault();
            silo.UseInMemoryReminderService();
            // The fake goes in first: AddDispatchGrains only adds the system clock when no domain clock is registered.
            silo.Services.AddKeyedSingleton<TimeProvider>(DomainClock.Key, clock);
            silo.Services.AddDispatchGrains();
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        CitySeeded = await City.SeedIfEmpty(TestCity.Data);
    }

    public async Task DisposeAsync()
    {
        if (Cluster is null)
        {
            return;
        }
        try
        {
            await Cluster.StopAllSilosAsync();
        }
        finally
        {
            await Cluster.DisposeAsync();
        }
    }
}

/// <summary>Every grain test class shares the one silo, so they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "Orleans cluster";
}
