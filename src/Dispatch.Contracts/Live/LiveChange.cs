using System.Collections.Immutable;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.KeyPersons;

namespace Dispatch.Contracts.Live;

public enum LiveChangeKind { Demand, KeyPerson, Directory }

/// <summary>
/// One written change as every screen and live client learns of it: a demand's new summary and the event that made it,
/// a key person's new summary, or "the directory changed". <see cref="Stations"/> and <see cref="Workers"/> name who it
/// concerns now and before the change, so a station that returned an order hears that it left.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LiveChange(
    [property: Id(0)] LiveChangeKind Kind,
    [property: Id(1)] DemandChange? Demand = null,
    [property: Id(2)] KeyPersonSummary? Person = null,
    [property: Id(3)] ImmutableArray<string> Stations = default,
    [property: Id(4)] ImmutableArray<string> Workers = default)
{
    public static LiveChange DirectoryChanged { get; } = new(LiveChangeKind.Directory);

    public static LiveChange Of(DemandChange change, params string?[] concerned) => new(
        LiveChangeKind.Demand, Demand: change,
        Stations: [.. concerned.Take(2).OfType<string>().Distinct()],
        Workers: [.. concerned.Skip(2).OfType<string>().Distinct()]);
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
