using Dispatch.Contracts.Live;
using Dispatch.Web.Live;

namespace Dispatch.Web.Tests.Components;

/// <summary>Stands in for the cluster's live log in screen tests: a published change reaches this host's feed at once.</summary>
public sealed class FeedChanges(LiveFeed feed) : ILiveChanges
{
    public Task Publish(LiveChange change)
    {
        feed.Apply(change);
        return Task.CompletedTask;
    }
}
