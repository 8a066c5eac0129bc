using Dispatch.Contracts.Access;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Sla;

// Not Dispatch.Web.Directory: a namespace of that name would hide System.IO.Directory from all code under Dispatch.Web.
namespace Dispatch.Web.DirectoryAdmin;

/// <summary>
/// Administrators' edits of the city directory. Each save answers why not (and changes nothing) or null; a save that
/// succeeds tells every open screen on this host to reload its reference data.
/// </summary>
public interface IDirectoryAdminService
{
    Task<ReferenceData> Get();

    Task<string?> SaveStation(Station station, bool isNew, DispatchUser user);

    Task<string?> SaveCommunity(Community community, bool isNew, DispatchUser user);

    Task<string?> SaveWorker(SocialWorker worker, bool isNew, DispatchUser user);

    Task<string?> SaveCategory(PersonCategory category, bool isNew, DispatchUser user);

    Task<string?> SaveSla(SlaTargets targets, DispatchUser user);
}
