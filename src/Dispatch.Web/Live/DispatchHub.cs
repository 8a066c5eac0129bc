using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Grains;
using Dispatch.Contracts.Live;
using Dispatch.Grains.Live;
using Dispatch.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Dispatch.Web.Live;

/// <summary>
/// <c>/hubs/dispatch</c>: the live changes for clients other than this app's own screens (wall screens, integrations).
/// A client joins the groups its role allows: city roles everything, a station head their station's orders and
/// people, a social worker their own cases. Batches arrive as <c>changes</c>; after a reconnect a client calls
/// <see cref="Resume"/> with the last epoch and sequence it saw and gets what it missed, or is told to reload.
/// Clients choose no groups: the server puts each connection in its own. Every method says who may call it
/// (<see cref="HubPolicyAttribute"/>, checked and audited by <see cref="HubAccess"/>); the connection closes when its
/// token expires.
/// </summary>
[Authorize]
public sealed class DispatchHub(IGrainFactory grains, WritableMessages writable) : Hub
{
    public const string Path = "/hubs/dispatch";

    public override async Task OnConnectedAsync()
    {
        foreach (var group in LiveGroups.Of(User))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, group);
        }
        await base.OnConnectedAsync();
    }

    /// <summary>What the caller missed since <paramref name="sequence"/> of <paramref name="epoch"/>, only what they may see.</summary>
    [HubPolicy(DispatchPolicies.SignedIn)]
    public async Task<LiveCatchUp> Resume(Guid epoch, long sequence)
    {
        var catchUp = await grains.GetGrain<ILiveChangeLogGrain>(LiveLog.Key).Since(epoch, sequence);
        return catchUp with { Messages = writable.Of(catchUp.Messages.Where(m => LiveGroups.MaySee(User, m.Change))) };
    }

    private DispatchUser User => CurrentUser.From(Context.User!) ?? throw new HubException("Sign-in required.");
}

/// <summary>Which hub groups a user joins and which a change goes to: one rule for both, from <see cref="AccessPolicy"/>.</summary>
public static class LiveGroups
{
    public const string City = "city";

    public static string Station(string id) => $"station:{id}";

    public static string Worker(string id) => $"worker:{id}";

    public static IEnumerable<string> Of(DispatchUser user) => user switch
    {
        _ when AccessPolicy.CanSeeCity(user) => [City],
        { Role: ActorRole.StationHead, StationId: { } station } => [Station(station)],
        { Role: ActorRole.SocialWorker, WorkerId: { } worker } => [Worker(worker)],
        _ => [],
    };

    /// <summary>The groups a change goes to; a directory change goes to everyone (null).</summary>
    public static IEnumerable<string>? For(LiveChange change) => change.Kind == LiveChangeKind.Directory
        ? null
        : [City, .. change.Stations.Select(Station), .. change.Workers.Select(Worker)];

    public static bool MaySee(DispatchUser user, LiveChange change) =>
        For(change) is not { } groups || Of(user).Intersect(groups).Any();
}

/// <summary>
/// Sends each batch once per group, holding only that group's changes: one push per group per batch, however many
/// changes. A change for everyone (the directory) goes to all clients between the group pushes of what came before and
/// after it, so every client gets its changes in the log's order.
/// </summary>
public sealed class DispatchHubPush(IHubContext<DispatchHub> hub, WritableMessages writable)
{
    public const string Changes = "changes";
    public const string Reload = "reload";

    public async Task Push(LiveBatch batch)
    {
        var messages = writable.Of(batch.Messages);
        var start = 0;
        for (var end = 1; end <= messages.Length; end++)
        {
            if (end == messages.Length || ForEveryone(messages[end]) != ForEveryone(messages[start]))
            {
                await PushRun(batch.Epoch, [.. messages.Skip(start).Take(end - start)]);
                start = end;
            }
        }
    }

    private static bool ForEveryone(LiveMessage message) => LiveGroups.For(message.Change) is null;

    /// <summary>Consecutive changes that all go to everyone, or all to groups.</summary>
    private async Task PushRun(Guid epoch, IReadOnlyList<LiveMessage> run)
    {
        if (ForEveryone(run[0]))
        {
            await hub.Clients.All.SendAsync(Changes, new LiveBatch(epoch, [.. run]));
            return;
        }
        var byGroup = run
            .SelectMany(m => LiveGroups.For(m.Change)!.Select(group => (group, m)))
            .GroupBy(p => p.group, p => p.m);
        foreach (var group in byGroup)
        {
            await hub.Clients.Group(group.Key).SendAsync(Changes, new LiveBatch(epoch, [.. group]));
        }
    }

    /// <summary>The log lost what clients may have missed: every client reloads its snapshot and resumes from here.</summary>
    public Task Resync(Guid epoch, long sequence) => hub.Clients.All.SendAsync(Reload, new LiveCatchUp(epoch, sequence, true, []));
}
