using System.Text.RegularExpressions;
using Orleans;
using Orleans.Runtime;

namespace Dispatch.BlobStorage;

/// <summary>
/// Fails silo start-up with a readable message instead of letting the first grain write die on a bad setting.
/// </summary>
internal sealed partial class BlobStorageOptionsValidator(BlobStorageOptions options, string providerName) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new OrleansConfigurationException(
                $"Blob storage '{providerName}': {nameof(BlobStorageOptions.ConnectionString)} is empty.");
        }

        CheckContainerName(options.ContainerName, nameof(BlobStorageOptions.ContainerName));
        CheckContainerName(options.ReminderContainerName, nameof(BlobStorageOptions.ReminderContainerName));
        if (options.TryTimeout <= TimeSpan.Zero || options.MaxRetries < 0 || options.RetryDelay < TimeSpan.Zero)
        {
            throw new OrleansConfigurationException(
                $"Blob storage '{providerName}': {nameof(BlobStorageOptions.TryTimeout)} must be positive, " +
                $"{nameof(BlobStorageOptions.MaxRetries)} and {nameof(BlobStorageOptions.RetryDelay)} not negative.");
        }
    }

    private void CheckContainerName(string? name, string setting)
    {
        if (name is null || !IsValidContainerName(name))
        {
            throw new OrleansConfigurationException(
                $"Blob storage '{providerName}': {setting} '{name}' is not a valid container name " +
                "(3-63 characters: lowercase letters, digits and single hyphens, starting and ending with a letter or digit).");
        }
    }

    internal static bool IsValidContainerName(string name) => name.Length is >= 3 and <= 63 && ContainerNamePattern().IsMatch(name);

    // Azure's rule: letters/digits separated by single hyphens. '$root' and friends are not for application data.
    [GeneratedRegex("^[a-z0-9](?:-?[a-z0-9])*$", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerNamePattern();
}
