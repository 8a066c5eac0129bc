using System.Collections.Immutable;
using Dispatch.Contracts.Grains;
using Dispatch.Contracts.KeyPersons;

namespace Dispatch.Grains.KeyPersons;

[GenerateSerializer]
public sealed class KeyPersonRegisterState
{
    [Id(0)] public Dictionary<string, KeyPersonSummary> People { get; set; } = [];

    /// <summary>The version at which a person moved to another station, so a late older summary cannot bring them back.</summary>
    [Id(1)] public Dictionary<string, int> Left { get; set; } = [];
}

/// <summary>A station's key persons at their newest version: what visit plans, rates and reports read.</summary>
[GrainType("key-person-register")]
public sealed class KeyPersonRegisterGrain([PersistentState("register")] IPersistentState<KeyPersonRegisterState> state)
    : Grain, IKeyPersonRegisterGrain
{
    public async Task Track(KeyPersonSummary summary)
    {
        var people = state.State.People;
        var seen = people.GetValueOrDefault(summary.Id)?.Version ?? state.State.Left.GetValueOrDefault(summary.Id);
        if (seen >= summary.Version)
        {
            return;
        }
        if (summary.StationId == this.GetPrimaryKeyString())
        {
            people[summary.Id] = summary;
            state.State.Left.Remove(summary.Id);
        }
        else if (people.Remove(summary.Id))
        {
            state.State.Left[summary.Id] = summary.Version;
        }
        else
        {
            return;
        }
        await state.WriteStateAsync();
    }

    public Task<ImmutableList<KeyPersonSummary>> List() =>
        Task.FromResult<ImmutableList<KeyPersonSummary>>([.. state.State.People.Values.OrderBy(p => p.Name, StringComparer.Ordinal)]);
}
