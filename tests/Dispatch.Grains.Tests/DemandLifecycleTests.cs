using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Grains.Demands;
using static Dispatch.Grains.Tests.TestCity;

namespace Dispatch.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class DemandLifecycleTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_demand_runs_the_whole_order_flow_and_its_timeline_records_every_action_in_order()
    {
        var id = NewDemandId("life");
        var grain = fixture.Demand(id);
        var clock = fixture.Clock;

        // 1. Report (the dispatcher takes it in).
        var reportedAt = clock.GetUtcNow();
        var demand = await grain.Execute(Report(Xinhua, Urgency.Normal), Dispatcher).Ok();
        Assert.Equal(DemandState.Reported, demand.State);
        Assert.Equal(1, demand.Version);
        Assert.Equal(ChengxiangStation, demand.HomeStationId);
        Assert.NotNull(await fixture.ReminderTable.ReadRow(grain.GetGrainId(), DemandGrain.SlaReminderName));

        // Refused: a station cannot accept an order that was never dispatched; nothing changes.
        clock.Advance(TimeSpan.FromMinutes(1));
        // The station head may not touch an order not dispatched to their station; the system user shows the state's own refusal.
        Assert.Equal(RefusalKind.Forbidden, (await grain.Execute(new AcceptDemand("收到"), ChengxiangHead).Refused()).Kind);
        var refusal = await grain.Execute(new AcceptDemand("收到"), DispatchUser.System).Refused();
        Assert.Equal(RefusalKind.InvalidState, refusal.Kind);
        Assert.Equal(DemandState.Reported, refusal.CurrentState);
        Assert.Equal([DemandAction.Dispatch, DemandAction.Cancel], refusal.Allowed.ToArray());   // ImmutableArray equality is by reference
        Assert.Equal(DemandEventKind.Reported, refusal.LastEvent?.Kind);
        Assert.Equal(1, (await grain.Get())?.Version);

        // Refused: reporting the same demand twice.
        refusal = await grain.Execute(Report(Xinhua), Dispatcher).Refused();
        Assert.Equal(RefusalKind.InvalidState, refusal.Kind);
        Assert.Equal(1, (await grain.Get())?.Version);

        // 2. Dispatch to the covering station.
        clock.Advance(TimeSpan.FromMinutes(9));
        var dispatchedAt = clock.GetUtcNow();
        demand = await grain.Execute(new DispatchDemand(ChengxiangStation, "按辖区派单"), Dispatcher).Ok();
        Assert.Equal(DemandState.Dispatched, demand.State);

        // 3. Accept.
        clock.Advance(TimeSpan.FromMinutes(12));
        var acceptedAt = clock.GetUtcNow();
        demand = await grain.Execute(new AcceptDemand("已接单"), ChengxiangHead).Ok();
        Assert.Equal(DemandState.Accepted, demand.State);

        // 4. Assign.
        clock.Advance(TimeSpan.FromMinutes(5));
        var assignedAt = clock.GetUtcNow();
        demand = await grain.Execute(new AssignDemand(WorkerZhang, "张社工负责新华社区"), ChengxiangHead).Ok();
        Assert.Equal(DemandState.Assigned, demand.State);
        Assert.Equal(WorkerZhang, demand.WorkerId);

        // 5. First contact.
        clock.Advance(TimeSpan.FromMinutes(40));
        var contactedAt = clock.GetUtcNow();
        demand = await grain.Execute(new RecordContact("电话联系上门，老人身体不适"), Zhang).Ok();
        Assert.Equal(DemandState.InService, demand.State);
        var versionInService = demand.Version;
        // Accepted and contacted: no SLA deadline is pending any more, so the durable reminder is gone.
        Assert.Null(await fixture.ReminderTable.ReadRow(grain.GetGrainId(), DemandGrain.SlaReminderName));

        // Refused: closing before every casework step is recorded; skipping a step; grading without a risk level.
        refusal = await grain.Execute(new CloseDemand("办结"), Zhang).Refused();
        Assert.Equal(RefusalKind.InvalidState, refusal.Kind);
        Assert.Contains("still missing", refusal.Message);
        refusal = await grain.Execute(new RecordStep(CaseworkStep.Plan, "先定方案"), Zhang).Refused();
        Assert.Equal(RefusalKind.InvalidState, refusal.Kind);
        Assert.Equal("step", refusal.Field);
        Assert.Equal(versionInService, (await grain.Get())?.Version);

        // 6. The five casework steps; grading sets the risk level.
        var stepTimes = new List<DateTimeOffset>();
        async Task Step(CaseworkStep step, string note, RiskLevel? risk = null)
        {
            clock.Advance(TimeSpan.FromHours(3));
            stepTimes.Add(clock.GetUtcNow());
            demand = await grain.Execute(new RecordStep(step, note, risk), Zhang).Ok();
        }
        await Step(CaseworkStep.Assessment, "初步评估：独居，行动不便");

        refusal = await grain.Execute(new RecordStep(CaseworkStep.Grading, "评定等级"), Zhang).Refused();
        Assert.Equal(RefusalKind.Invalid, refusal.Kind);
        Assert.Equal("riskLevel", refusal.Field);
        Assert.Equal(versionInService + 1, (await grain.Get())?.Version);

        await Step(CaseworkStep.Grading, "评定等级：高风险，每周走访", RiskLevel.High);
        Assert.Equal(RiskLevel.High, demand.RiskLevel);
        await Step(CaseworkStep.Plan, "制订方案：助餐 + 每周探访");
        await Step(CaseworkStep.Execution, "执行方案：已链接助餐点");
        await Step(CaseworkStep.FollowUp, "追踪辅导：状况稳定");

        // 7. Close.
        clock.Advance(TimeSpan.FromHours(1));
        var closedAt = clock.GetUtcNow();
        demand = await grain.Execute(new CloseDemand("服务完成，结案"), Zhang).Ok();
        Assert.Equal(DemandState.Closed, demand.State);
        Assert.Null(await fixture.ReminderTable.ReadRow(grain.GetGrainId(), DemandGrain.SlaReminderName));

        // 8. Callback.
        clock.Advance(TimeSpan.FromDays(1));
        var calledBackAt = clock.GetUtcNow();
        demand = await grain.Execute(new RecordCallback(5, "老人很满意"), Dispatcher).Ok();

        refusal = await grain.Execute(new RecordCallback(4, "再回访"), Dispatcher).Refused();
        Assert.Equal(RefusalKind.InvalidState, refusal.Kind);
        Assert.Equal(DemandState.Closed, refusal.CurrentState);
        Assert.Empty(refusal.Allowed);

        // The timeline: one event per successful action, in order, with who, when and what.
        DemandEvent[] expected =
        [
            new(1, DemandEventKind.Reported, reportedAt, Dispatcher.ToActor(), DemandState.Reported, DemandState.Reported, "GridWorker: 孙网格"),
            new(2, DemandEventKind.Dispatched, dispatchedAt, Dispatcher.ToActor(), DemandState.Reported, DemandState.Dispatched, "按辖区派单", StationId: ChengxiangStation),
            new(3, DemandEventKind.Accepted, acceptedAt, ChengxiangHead.ToActor(), DemandState.Dispatched, DemandState.Accepted, "已接单", StationId: ChengxiangStation),
            new(4, DemandEventKind.Assigned, assignedAt, ChengxiangHead.ToActor(), DemandState.Accepted, DemandState.Assigned, "张社工负责新华社区", WorkerId: WorkerZhang),
            new(5, DemandEventKind.Contacted, contactedAt, Zhang.ToActor(), DemandState.Assigned, DemandState.InService, "电话联系上门，老人身体不适", WorkerId: WorkerZhang),
            new(6, DemandEventKind.StepRecorded, stepTimes[0], Zhang.ToActor(), DemandState.InService, DemandState.InService, "初步评估：独居，行动不便", WorkerId: WorkerZhang, Step: CaseworkStep.Assessment),
            new(7, DemandEventKind.StepRecorded, stepTimes[1], Zhang.ToActor(), DemandState.InService, DemandState.InService, "评定等级：高风险，每周走访", WorkerId: WorkerZhang, Step: CaseworkStep.Grading, RiskLevel: RiskLevel.High),
            new(8, DemandEventKind.StepRecorded, stepTimes[2], Zhang.ToActor(), DemandState.InService, DemandState.InService, "制订方案：助餐 + 每周探访", WorkerId: WorkerZhang, Step: CaseworkStep.Plan),
            new(9, DemandEventKind.StepRecorded, stepTimes[3], Zhang.ToActor(), DemandState.InService, DemandState.InService, "执行方案：已链接助餐点", WorkerId: WorkerZhang, Step: CaseworkStep.Execution),
            new(10, DemandEventKind.StepRecorded, stepTimes[4], Zhang.ToActor(), DemandState.InService, DemandState.InService, "追踪辅导：状况稳定", WorkerId: WorkerZhang, Step: CaseworkStep.FollowUp),
            new(11, DemandEventKind.Closed, closedAt, Zhang.ToActor(), DemandState.InService, DemandState.Closed, "服务完成，结案"),
            new(12, DemandEventKind.CallbackRecorded, calledBackAt, Dispatcher.ToActor(), DemandState.Closed, DemandState.Closed, "老人很满意", Rating: 5),
        ];
        Assert.Equal(expected, demand.Timeline);

        Assert.Equal(12, demand.Version);
        Assert.Equal(DemandState.Closed, demand.State);
        Assert.False(demand.IsOpen);
        Assert.False(demand.IsOverdue);
        Assert.Empty(demand.Breaches);
        Assert.Equal(ChengxiangStation, demand.StationId);
        Assert.Equal(WorkerZhang, demand.WorkerId);
        Assert.Equal([ChengxiangStation], demand.DispatchedTo);
        Assert.Empty(demand.ReturnedBy);
        Assert.Equal(reportedAt, demand.ReportedAt);
        Assert.Equal(dispatchedAt, demand.FirstDispatchedAt);
        Assert.Equal(dispatchedAt, demand.DispatchedAt);
        Assert.Equal(acceptedAt, demand.AcceptedAt);
        Assert.Equal(assignedAt, demand.AssignedAt);
        Assert.Equal(contactedAt, demand.FirstContactAt);
        Assert.Equal(closedAt, demand.ClosedAt);
        Assert.Null(demand.CancelledAt);
        Assert.Equal(
            [CaseworkStep.Assessment, CaseworkStep.Grading, CaseworkStep.Plan, CaseworkStep.Execution, CaseworkStep.FollowUp],
            demand.StepsRecorded);
        Assert.Equal(RiskLevel.High, demand.RiskLevel);
        Assert.Equal(5, demand.SatisfactionRating);

        // Get() answers the same demand the last command returned (the refusals after it changed nothing).
        DemandAssert.Same(demand, await grain.Get());
    }

    [Fact]
    public async Task Commands_on_a_demand_that_was_never_reported_are_refused_as_not_found_and_create_nothing()
    {
        var grain = fixture.Demand(NewDemandId("ghost"));

        var refusal = await grain.Execute(new DispatchDemand(ChengxiangStation), Dispatcher).Refused();

        Assert.Equal(RefusalKind.NotFound, refusal.Kind);
        Assert.Equal([DemandAction.Report], refusal.Allowed.ToArray());
        Assert.Null(await grain.Get());
        Assert.Null(await fixture.ReminderTable.ReadRow(grain.GetGrainId(), DemandGrain.SlaReminderName));
    }
}
