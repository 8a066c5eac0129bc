using System.Collections.Immutable;

namespace Dispatch.BlobStorage.Tests;

// Shaped like the real domain state: immutable records, required init properties, immutable lists, enums, nullables.

[GenerateSerializer]
public enum Urgency
{
    Routine,
    Urgent,
    Critical,
}

[GenerateSerializer, Immutable]
public sealed record Visit(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Place,
    [property: Id(2)] Urgency Urgency,
    [property: Id(3)] string? Note = null);

[GenerateSerializer, Immutable]
public sealed record CaseFile
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Town { get; init; }
    [Id(2)] public required Urgency Urgency { get; init; }
    [Id(3)] public required DateTimeOffset OpenedAt { get; init; }
    [Id(4)] public DateTimeOffset? ClosedAt { get; init; }
    [Id(5)] public string? Phone { get; init; }
    [Id(6)] public int? Rating { get; init; }
    [Id(7)] public ImmutableList<Visit> Visits { get; init; } = [];
    [Id(8)] public ImmutableList<string> Tags { get; init; } = [];

    public static CaseFile Sample(string id = "20261122-ABC123") => new()
    {
        Id = id,
        Town = "城厢镇",
        Urgency = Urgency.Critical,
        OpenedAt = new DateTimeOffset(2026, 11, 22, 9, 30, 15, 123, TimeSpan.FromHours(8)),
        Phone = null,
        Rating = 5,
        Visits =
        [
            new Visit(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.FromHours(8)), "城厢镇社工站", Urgency.Urgent, "首次上门"),
            new Visit(new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero), "Home", Urgency.Routine),
        ],
        Tags = ["elderly", "独居"],
    };
}

/// <summary>The grain's persistent state: a holder with an optional case, as grains usually keep it.</summary>
[GenerateSerializer]
public sealed record CaseFileState
{
    [Id(0)] public CaseFile? Case { get; init; }
    [Id(1)] public int Version { get; init; }
}
