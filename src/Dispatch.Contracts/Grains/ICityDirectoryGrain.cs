using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Sla;

namespace Dispatch.Contracts.Grains;

/// <summary>The city's reference data (communities, stations, workers, categories, SLA targets). Key: <see cref="Key"/>.</summary>
public interface ICityDirectoryGrain : IGrainWithStringKey
{
    public const string Key = "city";

    Task<ReferenceData> Get();

    /// <summary>Loads <paramref name="data"/> only into an empty directory; returns false (and changes nothing) otherwise.</summary>
    Task<bool> SeedIfEmpty(ReferenceData data);

    /// <summary>Just the SLA targets: demand grains read them on every SLA check.</summary>
    Task<SlaTargets> GetSla();

    /// <summary>Replaces the SLA targets; returns why not (and changes nothing) when they are not sensible.</summary>
    Task<string?> SetSla(SlaTargets targets);

    // Administrators' edits: each adds (isNew) or replaces one entry after DirectoryRules.Check, and returns why not
    // (changing nothing) when the edit breaks a rule.

    Task<string?> UpsertStation(Station station, bool isNew);

    Task<string?> UpsertCommunity(Community community, bool isNew);

    Task<string?> UpsertWorker(SocialWorker worker, bool isNew);

    Task<string?> UpsertCategory(PersonCategory category, bool isNew);
}
