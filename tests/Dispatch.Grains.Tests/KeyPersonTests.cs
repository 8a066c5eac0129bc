using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Grains;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Contracts.Live;
using Dispatch.Grains.Live;
using static Dispatch.Grains.Tests.TestCity;

namespace Dispatch.Grains.Tests;

/// <summary>A key person's grain writes their entry and visits; registers follow; a need found on a visit becomes a demand.</summary>
[Collection(ClusterCollection.Name)]
public sealed class KeyPersonTests(ClusterFixture fixture)
{
    private static readonly DispatchUser Admin = new("u-admin", "管理员", ActorRole.Admin);

    /// <summary>A fresh, well-formed id number per call, so tests sharing the silo never meet each other's people.</summary>
    private static string NewIdNumber()
    {
        var first17 = $"320585{Random.Shared.Next(1950, 2000)}0101{Random.Shared.Next(100, 1000)}";
        return first17 + IdNumbers.CheckCharacter(first17);
    }

    private static KeyPersonDetails Details(string idNumber, string communityId = Xinhua) => new(
        "王秀英", idNumber, "13800000000", communityId, [new CategoryMembership(LivingAlone, new DateOnly(2026, 1, 1))], RiskLevel.Medium, null);

    private IKeyPersonGrain Person(string idNumber) => fixture.Grains.GetGrain<IKeyPersonGrain>(IdNumbers.PersonIdOf(idNumber));

    private Task<KeyPersonSummary?> InRegister(string stationId, string personId) =>
        fixture.Grains.GetGrain<IKeyPersonRegisterGrain>(stationId).List().ContinueWith(t => t.Result.FirstOrDefault(p => p.Id == personId));

    [Fact]
    public async Task A_visit_that_finds_a_need_reports_a_demand_linked_to_the_person_and_the_worker()
    {
        var idNumber = NewIdNumber();
        var registered = await Person(idNumber).Save(Details(idNumber), ChengxiangHead);
        Assert.True(registered.Succeeded, registered.Refusal?.Message);
        Assert.NotNull(await InRegister(ChengxiangStation, registered.Person!.Id));

        var today = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().AddHours(8).Date);
        var visit = new RecordVisit(today, true, "老人独居，冰箱空了", [new NeedFound("需要助餐服务", ServiceType.ElderlyAndChildCare, Urgency.Normal)]);
        var visited = await Person(idNumber).RecordVisit(visit, Zhang);

        Assert.True(visited.Succeeded, visited.Refusal?.Message);
        var need = Assert.Single(Assert.Single(visited.Person!.Visits).Needs);
        Assert.Equal([need.DemandId], visited.Person.DemandIds);
        var demand = await fixture.Demand(need.DemandId).Get();
        Assert.NotNull(demand);
        Assert.Equal(DemandState.Reported, demand.State);
        Assert.Equal((registered.Person.Id, WorkerZhang, visited.Person.Visits[0].Id), (demand.KeyPersonId, demand.FoundByWorkerId, demand.FoundOnVisitId));
        Assert.Equal((ReportChannel.Outreach, "张社工"), (demand.Reporter.Channel, demand.Reporter.Name));
        Assert.Equal(("王秀英", ChengxiangStation, LivingAlone), (demand.Person.Name, demand.HomeStationId, demand.CategoryId));
        Assert.Equal(need.DemandId, (await fixture.IndexShardOf(need.DemandId).List()).Single(d => d.Id == need.DemandId).Id);

        var summary = await InRegister(ChengxiangStation, registered.Person.Id);
        Assert.Equal([new VisitMark(today, true, WorkerZhang)], summary!.Visits);
        Assert.Equal(1, summary.DemandCount);
    }

    [Fact]
    public async Task A_registered_person_reaches_the_live_log_for_their_station_and_no_worker()
    {
        var log = fixture.Grains.GetGrain<ILiveChangeLogGrain>(LiveLog.Key);
        var start = await log.Since(Guid.Empty, 0);
        var idNumber = NewIdNumber();

        var registered = await Person(idNumber).Save(Details(idNumber), ChengxiangHead);

        // Read through the cluster's client, so the change crosses Orleans serialization as it does to every other host.
        var change = Assert.Single((await log.Since(start.Epoch, start.Sequence)).Messages, m => m.Change.Person?.Id == registered.Person!.Id).Change;
        Assert.Equal(LiveChangeKind.KeyPerson, change.Kind);
        Assert.Equal<string>([ChengxiangStation], change.Stations);
        Assert.Empty(change.Workers);
    }

    [Fact]
    public async Task Only_the_station_s_head_or_an_admin_keeps_its_register_and_only_covering_workers_visit()
    {
        var idNumber = NewIdNumber();

        var otherHead = await Person(idNumber).Save(Details(idNumber), ShaxiHead);
        Assert.Equal(RefusalKind.Forbidden, otherHead.Refusal!.Kind);
        Assert.Null(await Person(idNumber).Get());

        Assert.True((await Person(idNumber).Save(Details(idNumber), ChengxiangHead)).Succeeded);
        var today = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().AddHours(8).Date);
        var notCovering = await Person(idNumber).RecordVisit(new RecordVisit(today, true, "走访", []), Wang);
        Assert.Equal(RefusalKind.Forbidden, notCovering.Refusal!.Kind);
        Assert.Empty((await Person(idNumber).Get())!.Visits);

        // A head cannot move the person into another station's community either.
        var moveAway = await Person(idNumber).Save(Details(idNumber, Shaxi), ChengxiangHead);
        Assert.Equal(RefusalKind.Forbidden, moveAway.Refusal!.Kind);
        Assert.Equal(ChengxiangStation, (await Person(idNumber).Get())!.StationId);
    }

    [Fact]
    public async Task A_person_moved_to_another_station_leaves_the_old_register_for_the_new_one()
    {
        var idNumber = NewIdNumber();
        var person = (await Person(idNumber).Save(Details(idNumber), Admin)).Person!;

        var moved = await Person(idNumber).Save(Details(idNumber, Shaxi), Admin);

        Assert.Equal(ShaxiStation, moved.Person!.StationId);
        Assert.Null(await InRegister(ChengxiangStation, person.Id));
        Assert.NotNull(await InRegister(ShaxiStation, person.Id));
        // A stale summary from before the move cannot bring the person back.
        await fixture.Grains.GetGrain<IKeyPersonRegisterGrain>(ChengxiangStation).Track(person.ToSummary());
        Assert.Null(await InRegister(ChengxiangStation, person.Id));
    }

    [Fact]
    public async Task A_grain_refuses_an_id_number_that_is_not_its_own()
    {
        var idNumber = NewIdNumber();
        var other = NewIdNumber();

        var refused = await Person(idNumber).Save(Details(other), Admin);

        Assert.Equal("idNumber", refused.Refusal!.Field);
        Assert.Null(await Person(idNumber).Get());
    }
}
