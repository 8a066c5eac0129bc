using Dispatch.BlobStorage;
using Orleans.Storage;

namespace Dispatch.Grains.Storage;

/// <summary>
/// A grain whose storage call failed is deactivated, so its next call starts from what storage really holds. After a
/// failed write the grain's memory may be ahead of storage (a change the caller was told failed), or behind it (the
/// write landed but its answer was lost, so the grain's ETag is stale and every later write would conflict); reloading
/// is right in both cases. One filter for every grain rather than a catch in each.
/// </summary>
public sealed class ReloadAfterStorageFailure : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception exception) when (
            (StorageFailures.IsUnavailable(exception) || exception is InconsistentStateException) && context.Grain is IGrainBase grain)
        {
            grain.DeactivateOnIdle();
            throw;
        }
    }
}
