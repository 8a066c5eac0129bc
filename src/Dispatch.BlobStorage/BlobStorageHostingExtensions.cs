using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime.Hosting;

namespace Dispatch.BlobStorage;

/// <summary>Registers the blob grain storage, reminder table and health probe, in the style of Orleans' own providers.</summary>
public static class BlobStorageHostingExtensions
{
    /// <summary>Blob storage as the silo's default grain storage (grains with <c>[PersistentState("x")]</c> and no storage name).</summary>
    public static ISiloBuilder AddBlobGrainStorageAsDefault(this ISiloBuilder builder, Action<BlobStorageOptions> configure) =>
        builder.AddBlobGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);

    /// <summary>Blob storage as the grain storage called <paramref name="name"/>.</summary>
    public static ISiloBuilder AddBlobGrainStorage(this ISiloBuilder builder, string name, Action<BlobStorageOptions> configure) =>
        builder.ConfigureServices(services => services.AddBlobGrainStorage(name, configure));

    /// <summary>Durable reminders on blob storage (also enables the reminder service).</summary>
    public static ISiloBuilder UseBlobReminderService(this ISiloBuilder builder, Action<BlobStorageOptions> configure) =>
        builder.ConfigureServices(services => services.UseBlobReminderService(configure));

    public static IServiceCollection AddBlobGrainStorageAsDefault(this IServiceCollection services, Action<BlobStorageOptions> configure) =>
        services.AddBlobGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);

    public static IServiceCollection AddBlobGrainStorage(this IServiceCollection services, string name, Action<BlobStorageOptions> configure)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<BlobStorageOptions>(name).Configure(configure);
        services.AddTransient<IConfigurationValidator>(sp => new BlobStorageOptionsValidator(NamedOptions(sp, name), name));
        services.TryAddSingleton<StorageFaultSignal>();

        // Orleans' AddGrainStorage registers the keyed IGrainStorage, the unkeyed default alias when the name is
        // "Default", and the lifecycle participant (which creates the container at start-up).
        services.AddGrainStorage(name, static (sp, key) =>
            ActivatorUtilities.CreateInstance<BlobGrainStorage>(sp, key, NamedOptions(sp, key), sp.GetRequiredService<StorageFaultSignal>()));
        return services;
    }

    public static IServiceCollection UseBlobReminderService(this IServiceCollection services, Action<BlobStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);

        services.AddReminders();
        services.AddOptions<BlobStorageOptions>(BlobReminderTable.OptionsName).Configure(configure);
        services.AddTransient<IConfigurationValidator>(sp =>
            new BlobStorageOptionsValidator(NamedOptions(sp, BlobReminderTable.OptionsName), "reminders"));
        services.AddSingleton<IReminderTable>(sp => new BlobReminderTable(
            NamedOptions(sp, BlobReminderTable.OptionsName),
            sp.GetRequiredService<ILogger<BlobReminderTable>>()));
        return services;
    }

    /// <summary>
    /// The <see cref="IRecordLog"/> for views kept as append logs, in the container of the grain storage
    /// <paramref name="storageName"/> (call after <see cref="AddBlobGrainStorage(IServiceCollection, string, Action{BlobStorageOptions})"/>,
    /// which creates that container at silo start).
    /// </summary>
    public static IServiceCollection AddBlobRecordLog(
        this IServiceCollection services,
        string storageName = ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME) =>
        services.AddSingleton<IRecordLog>(sp => new BlobRecordLog(NamedOptions(sp, storageName)));

    /// <summary>
    /// Registers a <see cref="BlobStorageHealth"/> singleton probing the containers of the grain storage
    /// <paramref name="storageName"/> (call after <see cref="AddBlobGrainStorage(IServiceCollection, string, Action{BlobStorageOptions})"/>).
    /// </summary>
    public static IServiceCollection AddBlobStorageHealth(
        this IServiceCollection services,
        string storageName = ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME) =>
        services.AddSingleton(sp => new BlobStorageHealth(NamedOptions(sp, storageName)));

    private static BlobStorageOptions NamedOptions(IServiceProvider services, string name) =>
        services.GetRequiredService<IOptionsMonitor<BlobStorageOptions>>().Get(name);
}
