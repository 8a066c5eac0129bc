using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Grains;
using Dispatch.Contracts.Sla;

namespace Dispatch.Web.Tests.Components.Admin;

/// <summary>
/// Stands in for the city directory grain behind the real <c>DirectoryAdminService</c>: it applies the same
/// <see cref="DirectoryRules"/> and records every write that reached it.
/// </summary>
public sealed class InMemoryDirectory(ReferenceData data) : ICityDirectoryGrain
{
    public ReferenceData Data { get; set; } = data;

    /// <summary>Every write call, accepted or not: what the screen sent.</summary>
    public List<object> Writes { get; } = [];

    public Task<ReferenceData> Get() => Task.FromResult(Data);

    public Task<SlaTargets> GetSla() => Task.FromResult(Data.Sla);

    public Task<bool> SeedIfEmpty(ReferenceData seed) => throw new NotSupportedException("screens never seed");

    public Task<string?> SetSla(SlaTargets targets)
    {
        Writes.Add(targets);
        if (targets.Problem() is { } problem)
        {
            return Task.FromResult<string?>(problem);
        }
        Data = Data with { Sla = targets };
        return Task.FromResult<string?>(null);
    }

    public Task<string?> UpsertStation(Station station, bool isNew) =>
        Write(station, DirectoryRules.Check(Data, station, isNew), () => DirectoryRules.With(Data, station));

    public Task<string?> UpsertCommunity(Community community, bool isNew) =>
        Write(community, DirectoryRules.Check(Data, community, isNew), () => DirectoryRules.With(Data, community));

    public Task<string?> UpsertWorker(SocialWorker worker, bool isNew) =>
        Write(worker, DirectoryRules.Check(Data, worker, isNew), () => DirectoryRules.With(Data, worker));

    public Task<string?> UpsertCategory(PersonCategory category, bool isNew) =>
        Write(category, DirectoryRules.Check(Data, category, isNew), () => DirectoryRules.With(Data, category));

    private Task<string?> Write(object entry, IReadOnlyCollection<DirectoryProblem> problems, Func<ReferenceData> edited)
    {
        Writes.Add(entry);
        var problem = DirectoryRules.Describe(problems);
        if (problem is null)
        {
            Data = edited();
        }
        return Task.FromResult(problem);
    }
}
