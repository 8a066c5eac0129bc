using Dispatch.Contracts.Access;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Grains;
using Dispatch.Contracts.Live;
using Dispatch.Contracts.Sla;
using Dispatch.Web.Live;

// Not Dispatch.Web.Directory: a namespace of that name would hide System.IO.Directory from all code under Dispatch.Web.
namespace Dispatch.Web.DirectoryAdmin;

/// <summary>
/// Writes go to the city directory grain (which applies <see cref="DirectoryRules"/> itself); only administrators may
/// write, whatever a screen shows. A successful write is published to every host's screens.
/// </summary>
public sealed class DirectoryAdminService : IDirectoryAdminService
{
    public const string NotAllowed = "Only administrators may change the directory.";

    private readonly Func<ICityDirectoryGrain> directory;
    private readonly ILiveChanges live;

    public DirectoryAdminService(IGrainFactory grains, ILiveChanges live)
        : this(() => grains.GetGrain<ICityDirectoryGrain>(ICityDirectoryGrain.Key), live)
    {
    }

    /// <summary>Screen tests put an in-memory directory in place of the grain.</summary>
    internal DirectoryAdminService(Func<ICityDirectoryGrain> directory, ILiveChanges live)
    {
        this.directory = directory;
        this.live = live;
    }

    public Task<ReferenceData> Get() => directory().Get();

    public Task<string?> SaveStation(Station station, bool isNew, DispatchUser user) =>
        Save(user, grain => grain.UpsertStation(station, isNew));

    public Task<string?> SaveCommunity(Community community, bool isNew, DispatchUser user) =>
        Save(user, grain => grain.UpsertCommunity(community, isNew));

    public Task<string?> SaveWorker(SocialWorker worker, bool isNew, DispatchUser user) =>
        Save(user, grain => grain.UpsertWorker(worker, isNew));

    public Task<string?> SaveCategory(PersonCategory category, bool isNew, DispatchUser user) =>
        Save(user, grain => grain.UpsertCategory(category, isNew));

    public Task<string?> SaveSla(SlaTargets targets, DispatchUser user) => Save(user, grain => grain.SetSla(targets));

    private async Task<string?> Save(DispatchUser user, Func<ICityDirectoryGrain, Task<string?>> write)
    {
        if (!AccessPolicy.CanAdminister(user))
        {
            return NotAllowed;
        }
        var problem = await write(directory());
        if (problem is null)
        {
            await live.Publish(LiveChange.Directory);
        }
        return problem;
    }
}
