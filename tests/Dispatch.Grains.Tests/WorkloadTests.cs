using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Grains;
using Dispatch.Contracts.Recommendations;
using static Dispatch.Grains.Tests.TestCity;

namespace Dispatch.Grains.Tests;

/// <summary>
/// The city's workload grain ranks from figures kept as changes happen; it must rank exactly as the recommender does
/// over what every station and worker grain holds at that moment (how recommendations were made before it).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class WorkloadTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Recommendations_follow_dispatches_assignments_closes_and_duty_as_they_happen()
    {
        var workload = fixture.Grains.GetGrain<IWorkloadGrain>(IWorkloadGrain.Key);
        var first = await fixture.Demand(NewDemandId("load")).Execute(Report(Xinhua), Dispatcher).Ok();
        var second = await fixture.Demand(NewDemandId("load")).Execute(Report(Xinhua), Dispatcher).Ok();
        var probe = await fixture.Demand(NewDemandId("load")).Execute(Report(Yingbin), Dispatcher).Ok();
        await AssertRanksAsTheGrainsHold(workload, probe);

        await fixture.Demand(first.Id).Execute(new DispatchDemand(ChengxiangStation), Dispatcher).Ok();
        await fixture.Demand(second.Id).Execute(new DispatchDemand(ShaxiStation), Dispatcher).Ok();
        await AssertRanksAsTheGrainsHold(workload, probe);

        await fixture.Demand(first.Id).Execute(new AcceptDemand(), ChengxiangHead).Ok();
        await fixture.Demand(first.Id).Execute(new AssignDemand(WorkerZhang), ChengxiangHead).Ok();
        await fixture.Worker(WorkerLi).SetOnDuty(false);
        var dispatched = await fixture.Demand(probe.Id).Execute(new DispatchDemand(ChengxiangStation), Dispatcher).Ok();
        await AssertRanksAsTheGrainsHold(workload, dispatched);

        await fixture.Demand(second.Id).Execute(new CancelDemand("重复登记"), Dispatcher).Ok();
        await fixture.Worker(WorkerLi).SetOnDuty(true);
        await AssertRanksAsTheGrainsHold(workload, dispatched);
    }

    [Fact]
    public async Task A_workload_never_stored_gathers_its_figures_from_the_stations_and_workers()
    {
        var demand = await fixture.Demand(NewDemandId("gather")).Execute(Report(Shaxi), Dispatcher).Ok();
        await fixture.Demand(demand.Id).Execute(new DispatchDemand(ShaxiStation), Dispatcher).Ok();
        await fixture.Worker(WorkerZhao).SetOnDuty(false);

        // A key no report ever reached: like the first activation on a store from before the workload grain.
        var fresh = fixture.Grains.GetGrain<IWorkloadGrain>(NewDemandId("workload"));
        await AssertRanksAsTheGrainsHold(fresh, demand);

        await fixture.Worker(WorkerZhao).SetOnDuty(true);
    }

    private async Task AssertRanksAsTheGrainsHold(IWorkloadGrain workload, Demand demand)
    {
        demand = (await fixture.Demand(demand.Id).Get())!;
        var reference = await fixture.City.Get();
        var openOrders = new Dictionary<string, int>();
        foreach (var station in reference.Stations)
        {
            openOrders[station.Id] = (await fixture.Station(station.Id).OpenOrders()).Count;
        }
        var openCases = new Dictionary<string, int>();
        var onDuty = new HashSet<string>();
        foreach (var worker in reference.Workers.Where(w => w.IsActive))
        {
            openCases[worker.Id] = (await fixture.Worker(worker.Id).OpenCases()).Count;
            if (await fixture.Worker(worker.Id).IsOnDuty())
            {
                onDuty.Add(worker.Id);
            }
        }
        var stationId = demand.StationId ?? demand.HomeStationId;
        var dutyByStation = reference.Workers.Where(w => onDuty.Contains(w.Id)).CountBy(w => w.StationId).ToDictionary(p => p.Key, p => p.Value);
        var expected = new Recommendations(
            demand.Id, stationId,
            Recommender.RankStations(demand, reference, openOrders, dutyByStation),
            Recommender.RankWorkers(demand, stationId, reference, openCases, onDuty));

        Assert.Equal(DemandAssert.Json(expected), DemandAssert.Json(await workload.Recommend(demand)));
    }
}
