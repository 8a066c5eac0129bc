using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Grains;
using Dispatch.Contracts.Sla;

namespace Dispatch.Grains.Directory;

[GenerateSerializer]
public sealed class CityDirectoryState
{
    [Id(0)] public ReferenceData Data { get; set; } = ReferenceData.Empty;
}

/// <summary>The city's reference data; the single writer of communities, stations, workers, categories and SLA targets.</summary>
[GrainType("directory")]
public sealed class CityDirectoryGrain([PersistentState("directory")] IPersistentState<CityDirectoryState> state) : Grain, ICityDirectoryGrain
{
    public Task<ReferenceData> Get() => Task.FromResult(state.State.Data);

    public Task<SlaTargets> GetSla() => Task.FromResult(state.State.Data.Sla);

    public async Task<bool> SeedIfEmpty(ReferenceData data)
    {
        if (data.Sla.Problem() is { } problem)
        {
            throw new ArgumentException($"Seed SLA targets are not sensible: {problem}", nameof(data));
        }
        if (!state.State.Data.IsEmpty)
        {
            return false;
        }
        await Write(data);
        return true;
    }

    public async Task<string?> SetSla(SlaTargets targets)
    {
        if (targets.Problem() is { } problem)
        {
            return problem;
        }
        await Write(state.State.Data with { Sla = targets });
        return null;
    }

    public Task<string?> UpsertStation(Station station, bool isNew) =>
        Save(DirectoryRules.Check(state.State.Data, station, isNew), () => DirectoryRules.With(state.State.Data, station));

    public Task<string?> UpsertCommunity(Community community, bool isNew) =>
        Save(DirectoryRules.Check(state.State.Data, community, isNew), () => DirectoryRules.With(state.State.Data, community));

    public Task<string?> UpsertWorker(SocialWorker worker, bool isNew) =>
        Save(DirectoryRules.Check(state.State.Data, worker, isNew), () => DirectoryRules.With(state.State.Data, worker));

    public Task<string?> UpsertCategory(PersonCategory category, bool isNew) =>
        Save(DirectoryRules.Check(state.State.Data, category, isNew), () => DirectoryRules.With(state.State.Data, category));

    private async Task<string?> Save(IReadOnlyCollection<DirectoryProblem> problems, Func<ReferenceData> edited)
    {
        if (DirectoryRules.Describe(problems) is { } problem)
        {
            return problem;
        }
        await Write(edited());
        return null;
    }

    private async Task Write(ReferenceData data)
    {
        var before = state.State.Data;
        state.State.Data = data;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Data = before;
            throw;
        }
    }
}
