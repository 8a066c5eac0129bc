using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Grains;
using Dispatch.Grains.Live;
using static Dispatch.Grains.Tests.TestCity;

namespace Dispatch.Grains.Tests;

/// <summary>A finished demand from the past is imported into an empty grain only, and then shows like any other.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DemandImportTests(ClusterFixture fixture)
{
    [Fact]
    public async Task An_imported_closed_demand_is_stored_and_listed_in_the_index_and_nowhere_open()
    {
        var id = NewDemandId("import");
        var finished = ClosedLastYear(id);
        var liveLog = fixture.Grains.GetGrain<ILiveChangeLogGrain>(LiveLog.Key);
        var liveBefore = await liveLog.Since(Guid.Empty, 0);

        var imported = await fixture.Demand(id).Import(finished).Ok();

        DemandAssert.Same(finished, imported);
        DemandAssert.Same(finished, await fixture.Demand(id).Get());
        // The views are updated before the import is acknowledged, as for any command.
        DemandAssert.Same(finished.ToSummary(), Assert.Single(await fixture.IndexShardOf(id).List(), s => s.Id == id));
        // Closed: no station or worker holds it open.
        Assert.DoesNotContain(await fixture.Station(ChengxiangStation).OpenOrders(), s => s.Id == id);
        Assert.DoesNotContain(await fixture.Worker(WorkerZhang).OpenCases(), s => s.Id == id);
        // The past is not news: nothing of it goes to the live screens.
        Assert.Equal(liveBefore.Sequence, (await liveLog.Since(Guid.Empty, 0)).Sequence);
    }

    [Fact]
    public async Task Import_into_an_existing_demand_is_refused_and_changes_nothing()
    {
        var id = NewDemandId("import-existing");
        var grain = fixture.Demand(id);
        var live = await grain.Execute(Report(Xinhua), Dispatcher).Ok();

        var refusal = await grain.Import(ClosedLastYear(id)).Refused();

        Assert.Equal(RefusalKind.InvalidState, refusal.Kind);
        Assert.Equal(DemandState.Reported, refusal.CurrentState);
        DemandAssert.Same(live, await grain.Get());
        DemandAssert.Same(live.ToSummary(), Assert.Single(await fixture.IndexShardOf(id).List(), s => s.Id == id));
    }

    [Fact]
    public async Task An_open_demand_or_one_with_another_id_is_not_imported()
    {
        var id = NewDemandId("import-invalid");
        var grain = fixture.Demand(id);
        var open = Apply(null, id, Report(Xinhua), Dispatcher, ClusterFixture.Start.AddDays(-30));

        Assert.Equal(RefusalKind.Invalid, (await grain.Import(open).Refused()).Kind);
        Assert.Equal(RefusalKind.Invalid, (await grain.Import(ClosedLastYear(NewDemandId("other")))).Refusal?.Kind);
        Assert.Null(await grain.Get());
    }

    /// <summary>A demand walked through the real state machine a year before the cluster's clock, closed and rated.</summary>
    private static Demand ClosedLastYear(string id)
    {
        var at = ClusterFixture.Start.AddYears(-1);
        var demand = Apply(null, id, Report(Xinhua), Dispatcher, at);
        demand = Apply(demand, id, new DispatchDemand(ChengxiangStation), Dispatcher, at = at.AddMinutes(20));
        demand = Apply(demand, id, new AcceptDemand(), ChengxiangHead, at = at.AddMinutes(30));
        demand = Apply(demand, id, new AssignDemand(WorkerZhang), ChengxiangHead, at = at.AddMinutes(10));
        demand = Apply(demand, id, new RecordContact("已电话联系"), Zhang, at = at.AddHours(3));
        foreach (var step in Enum.GetValues<CaseworkStep>())
        {
            demand = Apply(demand, id, Step(step, at = at.AddDays(1)), Zhang, at);
        }
        demand = Apply(demand, id, new CloseDemand("结案"), Zhang, at = at.AddDays(1));
        return Apply(demand, id, new RecordCallback(5, "满意"), Dispatcher, at.AddDays(1));
    }

    private static Demand Apply(Demand? demand, string id, DemandCommand command, DispatchUser user, DateTimeOffset at) =>
        DemandStateMachine.Apply(demand, id, command, user.ToActor(), at).Demand
        ?? throw new InvalidOperationException($"{command.Action} refused");
}
