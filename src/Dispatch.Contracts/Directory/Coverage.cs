using System.Collections.Immutable;

namespace Dispatch.Contracts.Directory;

/// <summary>How well workers cover communities: the norm is 2–3 communities per worker and no community left without an active covering worker.</summary>
[GenerateSerializer, Immutable]
public sealed record CoverageReport(
    [property: Id(0)] ImmutableList<WorkerCoverage> WorkersOutsideNorm,
    [property: Id(1)] ImmutableList<string> UncoveredCommunityIds);

[GenerateSerializer, Immutable]
public sealed record WorkerCoverage(
    [property: Id(0)] string WorkerId,
    [property: Id(1)] int CommunityCount);

public static class Coverage
{
    public const int MinCommunitiesPerWorker = 2;
    public const int MaxCommunitiesPerWorker = 3;

    public static CoverageReport Analyse(ReferenceData data)
    {
        var outside = data.Workers
            .Where(w => w.IsActive && w.CommunityIds.Count is < MinCommunitiesPerWorker or > MaxCommunitiesPerWorker)
            .Select(w => new WorkerCoverage(w.Id, w.CommunityIds.Count))
            .ToImmutableList();
        var covered = data.Workers.Where(w => w.IsActive).SelectMany(w => w.CommunityIds).ToHashSet();
        var uncovered = data.Communities.Where(c => !covered.Contains(c.Id)).Select(c => c.Id).ToImmutableList();
        return new CoverageReport(outside, uncovered);
    }
}
