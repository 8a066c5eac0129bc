using System.Net;
using Azure;
using Azure.Storage.Blobs.Models;

namespace Dispatch.BlobStorage;

internal static class BlobErrors
{
    public static bool IsContainerNotFound(this RequestFailedException e) =>
        e.Status == (int)HttpStatusCode.NotFound && e.ErrorCode == BlobErrorCode.ContainerNotFound;

    public static bool IsNotFound(this RequestFailedException e) => e.Status == (int)HttpStatusCode.NotFound;

    /// <summary>
    /// The blob is not in the state the caller's ETag claimed: changed or deleted by someone else (412 / 404),
    /// or created by someone else while the caller believed it absent (409).
    /// </summary>
    public static bool IsConcurrencyConflict(this RequestFailedException e) =>
        e.Status == (int)HttpStatusCode.PreconditionFailed
        || (e.Status == (int)HttpStatusCode.Conflict && e.ErrorCode == BlobErrorCode.BlobAlreadyExists)
        || (e.Status == (int)HttpStatusCode.NotFound && e.ErrorCode == BlobErrorCode.BlobNotFound);
}
