using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Dispatch.StoreCopy;

/// <summary>
/// Copies every container and every blob of one storage account into another, through the client (no server-side
/// copy, which Azurite's SQL store lacks): block blobs as block blobs, append blobs as append blobs, each with its
/// content, content headers and metadata. What the target already holds under the same name is overwritten, so an
/// interrupted copy can simply run again. Each blob passes through memory whole (Dispatch's are kilobytes). Page blobs (which Dispatch never writes) are refused rather than skipped.
/// </summary>
public static class AccountCopy
{
    /// <summary>The largest block an append blob takes (Azure: 4 MiB per Append Block).</summary>
    private const int AppendBlockBytes = 4 * 1024 * 1024;

    public static async Task<(int Containers, int Blobs)> Run(string sourceConnection, string targetConnection, TextWriter log)
    {
        var source = new BlobServiceClient(sourceConnection);
        var target = new BlobServiceClient(targetConnection);
        var (containers, blobs) = (0, 0);
        await foreach (var container in source.GetBlobContainersAsync(BlobContainerTraits.Metadata))
        {
            var from = source.GetBlobContainerClient(container.Name);
            var to = target.GetBlobContainerClient(container.Name);
            await to.CreateIfNotExistsAsync(metadata: container.Properties.Metadata);
            var inContainer = 0;
            await foreach (var blob in from.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }))
            {
                await Copy(from.GetBlobClient(blob.Name), to, blob);
                inContainer++;
            }
            log.WriteLine($"{container.Name}: {inContainer} blobs");
            containers++;
            blobs += inContainer;
        }
        return (containers, blobs);
    }

    private static async Task Copy(BlobClient from, BlobContainerClient to, BlobItem blob)
    {
        var content = (await from.DownloadContentAsync()).Value;
        var headers = new BlobHttpHeaders
        {
            ContentType = content.Details.ContentType,
            ContentEncoding = content.Details.ContentEncoding,
            ContentLanguage = content.Details.ContentLanguage,
            ContentDisposition = content.Details.ContentDisposition,
            CacheControl = content.Details.CacheControl,
        };
        switch (blob.Properties.BlobType)
        {
            case BlobType.Block:
                await to.GetBlobClient(blob.Name).UploadAsync(content.Content, new BlobUploadOptions { HttpHeaders = headers, Metadata = blob.Metadata });
                break;
            case BlobType.Append:
                var appends = to.GetAppendBlobClient(blob.Name);
                await appends.CreateAsync(new AppendBlobCreateOptions { HttpHeaders = headers, Metadata = blob.Metadata });
                var bytes = content.Content.ToMemory();
                for (var offset = 0; offset < bytes.Length; offset += AppendBlockBytes)
                {
                    using var block = new MemoryStream(bytes.Slice(offset, Math.Min(AppendBlockBytes, bytes.Length - offset)).ToArray());
                    await appends.AppendBlockAsync(block);
                }
                break;
            default:
                throw new NotSupportedException($"{from.BlobContainerName}/{blob.Name} is a {blob.Properties.BlobType} blob; only block and append blobs are copied.");
        }
    }
}
