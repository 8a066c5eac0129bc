using Dispatch.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;

namespace Dispatch.BlobStorage.Tests;

/// <summary>Builds the storage classes directly, each test on its own container of the shared Azurite.</summary>
internal static class StorageFactory
{
    private static readonly Lazy<IActivatorProvider> Activators = new(() =>
        new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<IActivatorProvider>());

    public static BlobStorageOptions Options(AzuriteFixture azurite) => new()
    {
        ConnectionString = azurite.ConnectionString,
        ContainerName = AzuriteFixture.UniqueContainerName("state"),
        ReminderContainerName = AzuriteFixture.UniqueContainerName("reminders"),
    };

    public static BlobGrainStorage GrainStorage(BlobStorageOptions options, StorageFaultSignal? faults = null) =>
        new("test", options, Activators.Value, NullLogger<BlobGrainStorage>.Instance, faults);

    public static BlobReminderTable ReminderTable(BlobStorageOptions options) =>
        new(options, NullLogger<BlobReminderTable>.Instance);
}
