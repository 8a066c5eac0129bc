using Dispatch.Testing;
using Orleans.TestingHost;

namespace Dispatch.BlobStorage.Tests;

public interface ICaseFileGrain : IGrainWithStringKey
{
    Task Save(CaseFile file);

    Task<CaseFileState> Load();

    Task RegisterSlaReminder(string name);

    Task<bool> HasReminder(string name);
}

/// <summary>A minimal persistent grain: state through the default (blob) storage, a durable reminder through the blob table.</summary>
[GrainType("casefile")]
public sealed class CaseFileGrain([PersistentState("state")] IPersistentState<CaseFileState> state) : Grain, ICaseFileGrain, IRemindable
{
    public async Task Save(CaseFile file)
    {
        state.State = state.State with { Case = file, Version = state.State.Version + 1 };
        await state.WriteStateAsync();
    }

    public Task<CaseFileState> Load() => Task.FromResult(state.State);

    public Task RegisterSlaReminder(string name) =>
        this.RegisterOrUpdateReminder(name, TimeSpan.FromHours(1), TimeSpan.FromHours(1));

    public async Task<bool> HasReminder(string name) => await this.GetReminder(name) is not null;

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}

/// <summary>The storage wired into a real silo, as the web host will use it.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SiloPersistenceTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task State_written_by_a_grain_is_read_back_after_deactivation_and_after_a_cluster_restart()
    {
        var options = StorageFactory.Options(azurite);
        var file = CaseFile.Sample("20261122-ABC123");

        await using (var cluster = await StartClusterAsync(options))
        {
            var grain = cluster.Client.GetGrain<ICaseFileGrain>("20261122-ABC123");
            await grain.Save(file);
            await grain.RegisterSlaReminder("sla-accept");

            await cluster.DeactivateAsync(grain);

            var reloaded = await grain.Load();
            Assert.Equal(1, reloaded.Version);
            Assert.Equal("城厢镇", reloaded.Case!.Town);
        }

        var blob = azurite.CreateServiceClient()
            .GetBlobContainerClient(options.ContainerName)
            .GetBlobClient("state/casefile/20261122-ABC123.json");
        Assert.Contains("\"town\": \"城厢镇\"", (await blob.DownloadContentAsync()).Value.Content.ToString());

        await using (var cluster = await StartClusterAsync(options))
        {
            var grain = cluster.Client.GetGrain<ICaseFileGrain>("20261122-ABC123");

            var restored = await grain.Load();
            Assert.Equal(1, restored.Version);
            Assert.Equal(file.Visits, restored.Case!.Visits);
            Assert.True(await grain.HasReminder("sla-accept"));

            await grain.Save(file with { Rating = 4 });
            Assert.Equal(2, (await grain.Load()).Version);
        }
    }

    private static async Task<InProcessTestCluster> StartClusterAsync(BlobStorageOptions options)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) => silo
            .AddBlobGrainStorageAsDefault(o => Copy(options, o))
            .UseBlobReminderService(o => Copy(options, o)));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private static void Copy(BlobStorageOptions from, BlobStorageOptions to)
    {
        to.ConnectionString = from.ConnectionString;
        to.ContainerName = from.ContainerName;
        to.ReminderContainerName = from.ReminderContainerName;
    }
}
