using Dispatch.Contracts.Live;
using Dispatch.Grains.Live;

namespace Dispatch.Web.Live;

/// <summary>Where the web host itself publishes a change (the directory's edits): to every host of the cluster.</summary>
public interface ILiveChanges
{
    Task Publish(LiveChange change);
}

public sealed class LiveLogChanges(IGrainFactory grains, ILogger<LiveLogChanges> logger) : ILiveChanges
{
    public Task Publish(LiveChange change) => LiveLog.Publish(grains, change, logger);
}
