using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Grains;
using static Dispatch.Grains.Tests.TestCity;

namespace Dispatch.Grains.Tests;

/// <summary>
/// Administrators' edits through the directory grain. Each test seeds its own directory key, so the shared city
/// directory the demand grains read is left alone.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DirectoryAdminTests(ClusterFixture fixture)
{
    private async Task<ICityDirectoryGrain> SeededDirectory()
    {
        var directory = fixture.Grains.GetGrain<ICityDirectoryGrain>($"directory-admin-{Guid.NewGuid():N}");
        Assert.True(await directory.SeedIfEmpty(Data));
        return directory;
    }

    [Fact]
    public async Task A_new_station_is_added_and_an_existing_one_replaced_in_place()
    {
        var directory = await SeededDirectory();
        var liuhe = new Station("st-liuhe", "浏河镇社工站", "刘站长", "0512-53500003", "Asia/Shanghai");

        Assert.Null(await directory.UpsertStation(liuhe, isNew: true));
        var renamed = Data.FindStation(ShaxiStation)! with { HeadName = "钱站长" };
        Assert.Null(await directory.UpsertStation(renamed, isNew: false));

        var stations = (await directory.Get()).Stations;
        Assert.Equal([Data.Stations[0], renamed, liuhe], stations);
    }

    [Fact]
    public async Task A_duplicate_id_or_a_missing_field_is_refused_and_nothing_changes()
    {
        var directory = await SeededDirectory();

        Assert.Equal("id: 'st-chengxiang' is already used.",
            await directory.UpsertStation(new Station(ChengxiangStation, "另一个站", "某站长", "", "Asia/Shanghai"), isNew: true));
        Assert.Equal("name: name is required.",
            await directory.UpsertCommunity(new Community("c-new", " ", ChengxiangStation, CommunityKind.Community), isNew: true));
        Assert.Equal("id: 'cat-nothing' does not exist.",
            await directory.UpsertCategory(new PersonCategory("cat-nothing", "无", "None", false), isNew: false));

        var data = await directory.Get();
        Assert.Equal(Data.Stations, data.Stations);
        Assert.Equal(Data.Communities, data.Communities);
        Assert.Equal(Data.Categories, data.Categories);
    }

    [Fact]
    public async Task A_workers_communities_must_belong_to_their_station()
    {
        var directory = await SeededDirectory();
        var zhang = Data.FindWorker(WorkerZhang)!;

        var problem = await directory.UpsertWorker(zhang with { CommunityIds = [Xinhua, Shaxi] }, isNew: false);

        Assert.Equal($"communityIds: community '{Shaxi}' belongs to station '{ShaxiStation}', not '{ChengxiangStation}'.", problem);
        Assert.Equal(zhang.CommunityIds, (await directory.Get()).FindWorker(WorkerZhang)!.CommunityIds);
    }

    [Fact]
    public async Task A_worker_edit_changes_coverage_and_a_new_worker_is_kept_with_their_communities()
    {
        var directory = await SeededDirectory();
        var zhang = Data.FindWorker(WorkerZhang)!;

        Assert.Null(await directory.UpsertWorker(zhang with { CommunityIds = [Xinhua, Yingbin, Dongmen], IsActive = true }, isNew: false));
        var newcomer = new SocialWorker("w-sun", "孙社工", ShaxiStation, Certification.Assistant, [Zhiqiao], "13800000005");
        Assert.Null(await directory.UpsertWorker(newcomer, isNew: true));

        var data = await directory.Get();
        Assert.Equal([Xinhua, Yingbin, Dongmen], data.FindWorker(WorkerZhang)!.CommunityIds);
        Assert.Equal([Zhiqiao], data.FindWorker("w-sun")!.CommunityIds);
        Assert.Equal(newcomer with { CommunityIds = [] }, data.FindWorker("w-sun")! with { CommunityIds = [] });
        // 孙社工 covers one community: outside the 2–3 norm, which the coverage report shows (it is not refused).
        Assert.Equal([new WorkerCoverage("w-sun", 1)], Coverage.Analyse(data).WorkersOutsideNorm);
    }

    [Fact]
    public async Task A_community_moves_station_only_when_no_worker_of_its_old_station_covers_it()
    {
        var directory = await SeededDirectory();
        var dongmen = Data.FindCommunity(Dongmen)!;

        var refused = await directory.UpsertCommunity(dongmen with { StationId = ShaxiStation }, isNew: false);
        Assert.Equal(
            "stationId: workers of another station still cover this community (w-li): change their communities first.", refused);
        Assert.Equal(ChengxiangStation, (await directory.Get()).FindCommunity(Dongmen)!.StationId);

        var li = Data.FindWorker(WorkerLi)!;
        Assert.Null(await directory.UpsertWorker(li with { CommunityIds = [Yingbin] }, isNew: false));
        Assert.Null(await directory.UpsertCommunity(dongmen with { StationId = ShaxiStation }, isNew: false));
        Assert.Equal(ShaxiStation, (await directory.Get()).FindCommunity(Dongmen)!.StationId);
    }

    [Fact]
    public async Task A_temporary_category_is_added_and_the_shared_city_directory_is_untouched()
    {
        var directory = await SeededDirectory();
        var temporary = new PersonCategory("cat-flood", "汛期转移群众", "Flood-season evacuees", IsTemporary: true);

        Assert.Null(await directory.UpsertCategory(temporary, isNew: true));

        Assert.Equal([.. Data.Categories, temporary], (await directory.Get()).Categories);
        Assert.Equal(Data.Categories, (await fixture.City.Get()).Categories);
    }
}
