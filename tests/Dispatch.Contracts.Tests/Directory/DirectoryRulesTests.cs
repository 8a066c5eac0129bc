using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Sla;

namespace Dispatch.Contracts.Tests.Directory;

public sealed class DirectoryRulesTests
{
    private static readonly ReferenceData City = new(
        Communities:
        [
            new("c-xinhua", "新华社区", "st-cx", CommunityKind.Community),
            new("c-dongmen", "东门村", "st-cx", CommunityKind.Village),
            new("c-shaxi", "沙溪社区", "st-sx", CommunityKind.Community),
        ],
        Stations:
        [
            new("st-cx", "城厢镇社工站", "陈站长", "0512-1", "Asia/Shanghai"),
            new("st-sx", "沙溪镇社工站", "周站长", "0512-2", "Asia/Shanghai"),
        ],
        Workers: [new("w-zhang", "张社工", "st-cx", Certification.Assistant, ["c-xinhua", "c-dongmen"], "138")],
        Categories: [new("cat-dibao", "低保对象", "Minimum living allowance", false)],
        Sla: SlaTargets.Default);

    private static IEnumerable<(string, DirectoryProblemKind)> Kinds(IEnumerable<DirectoryProblem> problems) =>
        problems.Select(p => (p.Field, p.Kind));

    [Fact]
    public void A_new_entry_needs_an_unused_well_formed_id_and_an_edit_an_existing_one()
    {
        var station = new Station("st-lh", "浏河镇社工站", "刘站长", "", "Asia/Shanghai");

        Assert.Empty(DirectoryRules.Check(City, station, isNew: true));
        Assert.Equal([("id", DirectoryProblemKind.DuplicateId)], Kinds(DirectoryRules.Check(City, station with { Id = "st-cx" }, isNew: true)));
        Assert.Equal([("id", DirectoryProblemKind.UnknownId)], Kinds(DirectoryRules.Check(City, station, isNew: false)));
        Assert.Equal([("id", DirectoryProblemKind.InvalidId)], Kinds(DirectoryRules.Check(City, station with { Id = "st lh" }, isNew: true)));
        Assert.Equal([("id", DirectoryProblemKind.InvalidId)], Kinds(DirectoryRules.Check(City, station with { Id = new string('s', 65) }, isNew: true)));
        Assert.Equal([("id", DirectoryProblemKind.Required)], Kinds(DirectoryRules.Check(City, station with { Id = " " }, isNew: true)));
    }

    [Fact]
    public void A_station_needs_a_name_a_head_and_a_known_time_zone()
    {
        var station = new Station("st-cx", "", " ", "", "Mars/Olympus");

        Assert.Equal(
            [("name", DirectoryProblemKind.Required), ("headName", DirectoryProblemKind.Required), ("timeZone", DirectoryProblemKind.UnknownTimeZone)],
            Kinds(DirectoryRules.Check(City, station, isNew: false)));
    }

    [Fact]
    public void A_community_belongs_to_a_known_station_and_cannot_leave_the_workers_who_cover_it()
    {
        var xinhua = City.FindCommunity("c-xinhua")!;

        Assert.Empty(DirectoryRules.Check(City, xinhua with { Name = "新华社区（东）" }, isNew: false));
        Assert.Equal([("stationId", DirectoryProblemKind.UnknownStation)],
            Kinds(DirectoryRules.Check(City, xinhua with { StationId = "st-nowhere" }, isNew: false)));
        var moved = DirectoryRules.Check(City, xinhua with { StationId = "st-sx" }, isNew: false);
        Assert.Equal([("stationId", DirectoryProblemKind.CoveredByOtherStation)], Kinds(moved));
        Assert.Contains("w-zhang", moved[0].Message);
        // Nobody covers 沙溪社区: it may move.
        Assert.Empty(DirectoryRules.Check(City, City.FindCommunity("c-shaxi")! with { StationId = "st-cx" }, isNew: false));
    }

    [Fact]
    public void A_workers_communities_must_exist_belong_to_their_station_and_appear_once()
    {
        var worker = new SocialWorker("w-li", "李社工", "st-cx", Certification.None, ["c-xinhua", "c-shaxi", "c-gone", "c-xinhua"], "");

        Assert.Equal(
            [
                ("communityIds", DirectoryProblemKind.Repeated),
                ("communityIds", DirectoryProblemKind.CommunityOfOtherStation),
                ("communityIds", DirectoryProblemKind.UnknownCommunity),
            ],
            Kinds(DirectoryRules.Check(City, worker, isNew: true)));
        Assert.Empty(DirectoryRules.Check(City, worker with { CommunityIds = ["c-dongmen"] }, isNew: true));
        Assert.Equal([("name", DirectoryProblemKind.Required), ("stationId", DirectoryProblemKind.UnknownStation)],
            Kinds(DirectoryRules.Check(City, worker with { Name = "", StationId = "st-x", CommunityIds = [] }, isNew: true)));
    }

    [Fact]
    public void A_category_needs_both_names()
    {
        Assert.Equal([("nameZh", DirectoryProblemKind.Required), ("nameEn", DirectoryProblemKind.Required)],
            Kinds(DirectoryRules.Check(City, new PersonCategory("cat-new", "", "", true), isNew: true)));
        Assert.Empty(DirectoryRules.Check(City, new PersonCategory("cat-new", "困境儿童", "Children in difficulty", true), isNew: true));
    }

    [Fact]
    public void With_replaces_an_entry_where_it_was_or_adds_it_at_the_end()
    {
        var renamed = City.FindCategory("cat-dibao")! with { NameEn = "Dibao" };
        var added = new PersonCategory("cat-new", "困境儿童", "Children in difficulty", true);

        var data = DirectoryRules.With(DirectoryRules.With(City, renamed), added);

        Assert.Equal([renamed, added], data.Categories);
        Assert.Equal(City.Stations, data.Stations);
    }

    [Fact]
    public void Describe_joins_every_problem_for_the_grains_answer()
    {
        Assert.Null(DirectoryRules.Describe([]));
        Assert.Equal("name: name is required. headName: headName is required.",
            DirectoryRules.Describe(DirectoryRules.Check(City, new Station("st-cx", "", "", "", "Asia/Shanghai"), isNew: false)));
    }
}
