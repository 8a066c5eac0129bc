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
}
