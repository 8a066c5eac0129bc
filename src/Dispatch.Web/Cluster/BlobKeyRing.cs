using System.Xml.Linq;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Dispatch.BlobStorage;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Dispatch.Web.Cluster;

/// <summary>
/// The Data Protection key ring in the grain state's container (one blob per key under <see cref="Prefix"/>), so every
/// node of a cluster signs and opens the same cookies and antiforgery tokens. Keys are stored as Data Protection writes
/// them (unencrypted, as in its default folder): the storage account's access control is what guards them.
/// </summary>
public sealed class BlobKeyRing(BlobStorageOptions storage) : IXmlRepository
{
    public const string Prefix = "data-protection/";

    private readonly Lazy<BlobContainerClient> container = new(() =>
    {
        var client = new BlobContainerClient(storage.ConnectionString, storage.ContainerName);
        client.CreateIfNotExists();
        return client;
    });

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        var keys = new List<XElement>();
        foreach (var item in container.Value.GetBlobs(BlobTraits.None, BlobStates.None, Prefix, CancellationToken.None))
        {
            try
            {
                using var content = container.Value.GetBlobClient(item.Name).OpenRead();
                keys.Add(XElement.Load(content));
            }
            catch (RequestFailedException exception) when (exception.Status == 404)
            {
                // Deleted between listing and reading: no longer part of the ring.
            }
        }
        return keys;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var content = new MemoryStream();
        element.Save(content, SaveOptions.DisableFormatting);
        content.Position = 0;
        // Friendly names are key ids: two nodes making a key at once write two blobs, and both keys stay valid.
        container.Value.GetBlobClient($"{Prefix}{friendlyName}.xml").Upload(content, overwrite: false);
    }
}
