using Dispatch.Contracts.Grains;
using Dispatch.Contracts.Live;
using Microsoft.Extensions.Logging;

namespace Dispatch.Grains.Live;

public static class LiveLog
{
    public const long Key = 0;

    /// <summary>
    /// Hands a written change to the live log. The change is already durable: a log that does not answer costs live
    /// screens an update (they catch up or reload), never the write, so it is logged rather than thrown.
    /// </summary>
    public static async Task Publish(IGrainFactory grains, LiveChange change, ILogger logger)
    {
        try
        {
            await grains.GetGrain<ILiveChangeLogGrain>(Key).Publish(change);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "A {Kind} change did not reach the live log", change.Kind);
        }
    }
}
