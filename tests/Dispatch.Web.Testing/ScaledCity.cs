using System.Collections.Immutable;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Sla;

namespace Dispatch.Web.Testing;

/// <summary>
/// A directory of any size, made the same way every time: the benchmarks' city and province, and the tests that need
/// a province-sized directory.
/// </summary>
public static class ScaledCity
{
    public const int CommunitiesPerWorker = 2;
    public const string Category = "bench-living-alone";

    /// <summary>
    /// A city of <paramref name="stations"/> stations; communities and workers are dealt to them in turn, and each
    /// worker covers <see cref="CommunitiesPerWorker"/> communities of their station (fewer if it has fewer).
    /// </summary>
    public static ReferenceData Build(int stations, int workers, int communities)
    {
        var stationList = Enumerable.Range(1, stations)
            .Select(s => new Station($"bench-st{s}", $"第{s}社工站", "站长", "0512-53500000", "Asia/Shanghai"))
            .ToImmutableList();
        var communityList = Enumerable.Range(0, communities)
            .Select(c => new Community($"bench-c{c + 1}", $"第{c + 1}社区", stationList[c % stations].Id, CommunityKind.Community))
            .ToImmutableList();
        var byStation = communityList.GroupBy(c => c.StationId).ToDictionary(g => g.Key, g => g.Select(c => c.Id).ToList());
        var workerList = Enumerable.Range(0, workers).Select(w =>
        {
            var station = stationList[w % stations];
            var own = byStation.GetValueOrDefault(station.Id) ?? [];
            // The k-th worker of a station takes the station's communities from k·CommunitiesPerWorker on, wrapping.
            var start = w / stations * CommunitiesPerWorker;
            var covered = own.Count == 0 ? [] : Enumerable.Range(start, Math.Min(CommunitiesPerWorker, own.Count)).Select(i => own[i % own.Count]);
            return new SocialWorker($"bench-w{w + 1}", $"社工{w + 1}", station.Id, Certification.Assistant, [.. covered], "13800000000");
        }).ToImmutableList();
        return new ReferenceData(communityList, stationList, workerList, [new PersonCategory(Category, "独居老人", "Elderly living alone", false)], SlaTargets.Default);
    }
}
