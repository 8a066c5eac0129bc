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

    /// <summary>
    /// How long one try of a storage call may take before it counts as failed. The SDK's default (100 s) would hold a
    /// user's request, and the grain behind it, for minutes when storage stops answering; our calls take milliseconds.
    /// </summary>
    public TimeSpan TryTimeout { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>
    /// Retries after a failed try (short, exponential back-off from <see cref="RetryDelay"/>). With the defaults a call to
    /// a storage that refuses connections fails in about two seconds, and one that hangs in about twenty: under
    /// Orleans' 30 s call timeout, so the caller gets the storage error rather than a timeout that hides it.
    /// </summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>First back-off between tries; each later one doubles, up to four times this.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Optional code-only hook for retries, timeouts or diagnostics of the underlying SDK client (applied after the settings above).</summary>
    public Action<BlobClientOptions>? ConfigureClientOptions { get; set; }

    internal BlobServiceClient CreateServiceClient(Action<BlobClientOptions>? overrides = null)
    {
        var clientOptions = ServiceVersion is { } version ? new BlobClientOptions(version) : new BlobClientOptions();
        clientOptions.Retry.Mode = Azure.Core.RetryMode.Exponential;
        clientOptions.Retry.NetworkTimeout = TryTimeout;
        clientOptions.Retry.MaxRetries = MaxRetries;
        clientOptions.Retry.Delay = RetryDelay;
        clientOptions.Retry.MaxDelay = RetryDelay * 4;
        ConfigureClientOptions?.Invoke(clientOptions);
        overrides?.Invoke(clientOptions);
        return new BlobServiceClient(ConnectionString, clientOptions);
    }
}
