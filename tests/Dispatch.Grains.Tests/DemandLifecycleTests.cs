using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
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
        refusal = await grain.Execute(Step(CaseworkStep.Plan, clock.GetUtcNow(), "先定方案"), Zhang).Refused();
        Assert.Equal(RefusalKind.InvalidState, refusal.Kind);
        Assert.Equal("step", refusal.Field);
        Assert.Equal(versionInService, (await grain.Get())?.Version);

        // 6. The five casework steps, each with its form; grading sets the risk level.
        var stepTimes = new List<DateTimeOffset>();
        var forms = new List<CaseworkForm>();
        async Task Record(CaseworkStep step, string note, RiskLevel risk = RiskLevel.Medium)
        {
            clock.Advance(TimeSpan.FromHours(3));
            stepTimes.Add(clock.GetUtcNow());
            var command = Step(step, clock.GetUtcNow(), note, risk);
            forms.Add(command.Form);
            demand = await grain.Execute(command, Zhang).Ok();
        }
        await Record(CaseworkStep.Assessment, "初步评估：独居，行动不便");

        refusal = await grain.Execute(new RecordStep(CaseworkStep.Grading, new GradingForm((RiskLevel)(-1), "评定等级")), Zhang).Refused();
        Assert.Equal(RefusalKind.Invalid, refusal.Kind);
        Assert.Equal("form.riskLevel", refusal.Field);
        Assert.Equal(versionInService + 1, (await grain.Get())?.Version);

        await Record(CaseworkStep.Grading, "评定等级：高风险，每周走访", RiskLevel.High);
        Assert.Equal(RiskLevel.High, demand.RiskLevel);
        await Record(CaseworkStep.Plan, "制订方案：助餐 + 每周探访");
        await Record(CaseworkStep.Execution, "执行方案：已链接助餐点");
        await Record(CaseworkStep.FollowUp, "追踪辅导：状况稳定");
        var served = FollowUpPolicy.ChinaDate(stepTimes[3]);
        Assert.Equal([new ServiceTally(ServiceType.ElderlyAndChildCare, 2, served)], demand.Services);
        Assert.Equal([new ResourceLink("镇慈善基金", FollowUpPolicy.ChinaDate(stepTimes[2]))], demand.ResourcesLinked);
        Assert.Equal(FollowUpPolicy.ChinaDate(stepTimes[4]).AddDays(7), demand.NextFollowUpOn);

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
            new(1, DemandEventKind.Reported, reportedAt, Dispatcher.ToActor(), DemandState.Reported, DemandState.Reported, Channel: ReportChannel.GridWorker, ReporterName: "孙网格"),
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
        Assert.Equal(expected, demand.Timeline.Select(e => e with { Form = null }));
        Assert.Equal(forms.Select(DemandAssert.Json), demand.Timeline.Where(e => e.Form is not null).Select(e => DemandAssert.Json(e.Form)));

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
    public async Task A_referral_is_answered_through_the_center_and_the_indexed_summary_carries_services_and_open_referrals()
    {
        var id = NewDemandId("refer");
        var grain = fixture.Demand(id);
        var clock = fixture.Clock;
        await grain.Execute(Report(Xinhua), Dispatcher).Ok();
        await grain.Execute(new DispatchDemand(ChengxiangStation), Dispatcher).Ok();
        await grain.Execute(new AcceptDemand(), ChengxiangHead).Ok();
        await grain.Execute(new AssignDemand(WorkerZhang), ChengxiangHead).Ok();
        await grain.Execute(new RecordContact("已上门"), Zhang).Ok();
        foreach (var step in Enum.GetValues<CaseworkStep>())
        {
            clock.Advance(TimeSpan.FromMinutes(30));
            await grain.Execute(Step(step, clock.GetUtcNow()), Zhang).Ok();
        }
        var servedOn = FollowUpPolicy.ChinaDate(clock.GetUtcNow().AddMinutes(-30)); // the execution step's day

        // 转介: the worker refers; the demand stays in service with its worker, and cannot close until the answer.
        clock.Advance(TimeSpan.FromHours(1));
        var referredAt = clock.GetUtcNow();
        Assert.Equal(RefusalKind.Forbidden, (await grain.Execute(new ReferDemand("镇司法所", "赡养纠纷"), Dispatcher).Refused()).Kind);
        var demand = await grain.Execute(new ReferDemand("镇司法所", "赡养纠纷，需司法调解"), Zhang).Ok();
        Assert.Equal(DemandState.InService, demand.State);
        Assert.Equal([new Referral("R1", "镇司法所", "赡养纠纷，需司法调解", referredAt)], demand.Referrals);
        var indexed = Assert.Single(await fixture.IndexShardOf(id).List(), s => s.Id == id);
        DemandAssert.Same(demand.ToSummary(), indexed);
        Assert.Equal(1, indexed.OpenReferrals);
        Assert.Equal([new ServiceTally(ServiceType.ElderlyAndChildCare, 2, servedOn)], indexed.Services);
        Assert.Equal("镇慈善基金", Assert.Single(indexed.ResourcesLinked).Name);
        var refusal = await grain.Execute(new CloseDemand("结案"), Zhang).Refused();
        Assert.Contains("R1 (镇司法所)", refusal.Message);

        // The department's answer comes back through the dispatcher.
        clock.Advance(TimeSpan.FromDays(2));
        demand = await grain.Execute(new AnswerReferral("R1", "已受理，安排调解"), Dispatcher).Ok();
        Assert.Equal(("已受理，安排调解", (DateTimeOffset?)clock.GetUtcNow()), (demand.Referrals[0].Answer, demand.Referrals[0].AnsweredAt));
        Assert.Equal(DemandEventKind.ReferralAnswered, demand.Timeline[^1].Kind);
        DemandAssert.Same(demand, await grain.Get());
        Assert.Equal(0, Assert.Single(await fixture.IndexShardOf(id).List(), s => s.Id == id).OpenReferrals);
        Assert.Equal(DemandState.Closed, (await grain.Execute(new CloseDemand("结案"), Zhang).Ok()).State);
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
