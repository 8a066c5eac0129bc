using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.KeyPersons;

namespace Dispatch.Contracts.Live;

public enum LiveChangeKind { Demand, KeyPerson, Directory }

/// <summary>
/// One written change as every screen and live client learns of it: a demand's new summary and the event that made it,
/// a key person's new summary, or "the directory changed". <see cref="Stations"/> and <see cref="Workers"/> name who it
/// concerns now and before the change, so a station that returned an order hears that it left.
/// </summary>
/// <remarks>
/// Built only through <see cref="OfDemand"/>, <see cref="OfKeyPerson"/> and <see cref="Directory"/>, and the arrays read
/// empty whatever was stored: a default <see cref="ImmutableArray{T}"/> cannot be written as JSON, and one such change
/// made the hub abort every connection it went to.
/// </remarks>
[GenerateSerializer, Immutable]
public sealed record LiveChange
{
    [JsonConstructor]
    private LiveChange(LiveChangeKind kind, DemandChange? demand, KeyPersonSummary? person, ImmutableArray<string> stations, ImmutableArray<string> workers)
    {
        Kind = kind;
        Demand = demand;
        Person = person;
        Stations = stations;
        Workers = workers;
    }

    [Id(0)] public LiveChangeKind Kind { get; }

    [Id(1)] public DemandChange? Demand { get; }

    [Id(2)] public KeyPersonSummary? Person { get; }

    [Id(3)] public ImmutableArray<string> Stations { get => field.IsDefault ? [] : field; private init; }

    [Id(4)] public ImmutableArray<string> Workers { get => field.IsDefault ? [] : field; private init; }

    public static LiveChange Directory { get; } = new(LiveChangeKind.Directory, null, null, [], []);

    /// <summary>A demand's change, for the stations and workers it concerns: <paramref name="concerned"/> is the station before and after, then the worker before and after.</summary>
    public static LiveChange OfDemand(DemandChange change, params string?[] concerned) => new(
        LiveChangeKind.Demand, change, null,
        [.. concerned.Take(2).OfType<string>().Distinct()],
        [.. concerned.Skip(2).OfType<string>().Distinct()]);

    /// <summary>A key person's change, for the stations whose register lists them now or did before.</summary>
    public static LiveChange OfKeyPerson(KeyPersonSummary person, params string?[] stations) => new(
        LiveChangeKind.KeyPerson, null, person, [.. stations.OfType<string>().Distinct()], []);
}

/// <summary>A change with its place in the cluster-wide order of one log epoch.</summary>
[GenerateSerializer, Immutable]
public sealed record LiveMessage([property: Id(0)] long Sequence, [property: Id(1)] LiveChange Change);

/// <summary>
/// Changes pushed together. <see cref="Epoch"/> names one life of the change log: sequences restart when the log does,
/// so a new epoch tells a listener its catch-up point is gone and it must reload.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LiveBatch([property: Id(0)] Guid Epoch, [property: Id(1)] ImmutableArray<LiveMessage> Messages);

/// <summary>What a listener missed since its last sequence, or that the log no longer has it (reload a snapshot).</summary>
[GenerateSerializer, Immutable]
public sealed record LiveCatchUp(
    [property: Id(0)] Guid Epoch,
    [property: Id(1)] long Sequence,
    [property: Id(2)] bool SnapshotNeeded,
    [property: Id(3)] ImmutableArray<LiveMessage> Messages);
