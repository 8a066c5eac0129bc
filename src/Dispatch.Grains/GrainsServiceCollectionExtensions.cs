using Dispatch.BlobStorage;
using Dispatch.Grains.Demands;
using Dispatch.Grains.KeyPersons;
using Dispatch.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dispatch.Grains;

public static class GrainsServiceCollectionExtensions
{
    /// <summary>Services the grains need besides Orleans itself.</summary>
    public static IServiceCollection AddDispatchGrains(this IServiceCollection services)
    {
        services.TryAddKeyedSingleton(DomainClock.Key, TimeProvider.System);
        services.TryAddSingleton<IDemandChangePublisher, DemandChangePublisher>();
        services.TryAddSingleton<IKeyPersonChangePublisher, KeyPersonChangePublisher>();
        services.TryAddSingleton<DemandIdGenerator>();
        services.AddOptions<DemandArchiveOptions>();
        // Hosts on Blob storage register theirs first (AddBlobRecordLog); silos on memory storage keep views in memory too.
        services.TryAddSingleton<IRecordLog, MemoryRecordLog>();
        services.AddSingleton<IIncomingGrainCallFilter, ReloadAfterStorageFailure>();
        return services;
    }
}
