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
