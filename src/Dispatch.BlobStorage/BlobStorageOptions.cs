using Azure.Storage.Blobs;

namespace Dispatch.BlobStorage;

/// <summary>
/// Where grain state and reminders live. Defaults point at a local Azurite; real Azure needs only a different
/// <see cref="ConnectionString"/>, so the same code runs in both places by configuration alone.
/// </summary>
public sealed class BlobStorageOptions
{
    /// <summary>The key of Azurite's development account: published, the same for every Azurite install.</summary>
    public const string AzuriteAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>Azurite's published development account (not a secret: it is the same for every Azurite install).</summary>
    public const string AzuriteConnectionString =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=" + AzuriteAccountKey + ";" +
        "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;";

    public const string DefaultContainerName = "dispatch-state";
    public const string DefaultReminderContainerName = "dispatch-reminders";

    /// <summary>Storage account connection string (Azurite or Azure).</summary>
    public string ConnectionString { get; set; } = AzuriteConnectionString;

    /// <summary>Container holding one JSON blob per grain state.</summary>
    public string ContainerName { get; set; } = DefaultContainerName;

    /// <summary>Container holding one JSON blob per reminder.</summary>
    public string ReminderContainerName { get; set; } = DefaultReminderContainerName;

    /// <summary>
    /// Pins the Blob REST API version. Leave null for the SDK's newest; set it when the server is older than the SDK
    /// (an Azurite started without <c>--skipApiVersionCheck</c> refuses versions it does not know).
    /// </summary>
    public BlobClientOptions.ServiceVersion? ServiceVersion { get; set; }

    /// <summary>Silo lifecycle stage at which the grain storage container is created.</summary>
    public int InitStage { get; set; } = Orleans.ServiceLifecycleStage.ApplicationServices;

    /// <summary>Optional code-only hook for retries, timeouts or diagnostics of the underlying SDK client.</summary>
    public Action<BlobClientOptions>? ConfigureClientOptions { get; set; }

    internal BlobServiceClient CreateServiceClient(Action<BlobClientOptions>? overrides = null)
    {
        var clientOptions = ServiceVersion is { } version ? new BlobClientOptions(version) : new BlobClientOptions();
        ConfigureClientOptions?.Invoke(clientOptions);
        overrides?.Invoke(clientOptions);
        return new BlobServiceClient(ConnectionString, clientOptions);
    }
}
