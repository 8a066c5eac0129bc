using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using static Dispatch.Contracts.Tests.Demands.DemandKit;

namespace Dispatch.Contracts.Tests.Demands;

/// <summary>What the casework forms leave on the demand, the follow-up interval per risk, and referral (转介).</summary>
public sealed class CaseworkTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    // ------------------------------------------------------------------------------------------------------------
    // Follow-up interval: High 7 days, Medium 14, Low 30, counted in China-local days from the day recorded
    // ------------------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(RiskLevel.High, 7)]
    [InlineData(RiskLevel.Medium, 14)]
    [InlineData(RiskLevel.Low, 30)]
    public void FollowUpPolicy_gives_the_days_per_risk(RiskLevel risk, int days)
    {
        Assert.Equal(days, FollowUpPolicy.MaxDays(risk));
    }

    /// <summary>Recorded at 10:00 China time on the given day; month ends, a leap February and a year end.</summary>
    [Theory]
    [InlineData("2026-11-30", RiskLevel.High, "2026-12-07")]
    [InlineData("2026-11-30", RiskLevel.Medium, "2026-12-14")]
    [InlineData("2026-11-30", RiskLevel.Low, "2026-12-30")]
    [InlineData("2026-12-31", RiskLevel.High, "2027-01-07")]
    [InlineData("2027-01-31", RiskLevel.Low, "2027-03-02")]
    [InlineData("2028-02-28", RiskLevel.Medium, "2028-03-13")]
    [InlineData("2028-02-29", RiskLevel.High, "2028-03-07")]
    public void The_next_follow_up_is_due_no_later_than_the_risk_allows_and_not_before_today(string day, RiskLevel risk, string latest)
    {
        var at = new DateTimeOffset(DateOnly.Parse(day).ToDateTime(new TimeOnly(10, 0)), China);
        var graded = Build(StartState.InServiceAllSteps).Then(Step(CaseworkStep.Grading, risk), at);
        var last = DateOnly.Parse(latest);
        Assert.Equal(last, FollowUpPolicy.Latest(risk, at));

        var onLatest = graded.Then(new RecordStep(CaseworkStep.FollowUp, new FollowUpForm("稳定", last)), at);
        Assert.Equal(last, onLatest.NextFollowUpOn);
        Assert.Equal(last, onLatest.ToSummary().NextFollowUpOn);
        graded.Then(new RecordStep(CaseworkStep.FollowUp, new FollowUpForm("当日再访", DateOnly.Parse(day))), at);

        AssertNextRefused(graded, last.AddDays(1), at, $"form.nextFollowUpOn must be from {day} to {latest}");
        AssertNextRefused(graded, DateOnly.Parse(day).AddDays(-1), at, $"within {FollowUpPolicy.MaxDays(risk)} days");
    }

    [Fact]
    public void The_day_is_China_local_not_UTC()
    {
        // 31 January 20:00 UTC is 1 February 04:00 in China: a High risk case is followed up by 8 February.
        var at = new DateTimeOffset(2027, 1, 31, 20, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateOnly(2027, 2, 1), FollowUpPolicy.ChinaDate(at));
        Assert.Equal(new DateOnly(2027, 2, 8), FollowUpPolicy.Latest(RiskLevel.High, at));
        var graded = Build(StartState.InServiceAllSteps).Then(Step(CaseworkStep.Grading, RiskLevel.High), at);

        graded.Then(new RecordStep(CaseworkStep.FollowUp, new FollowUpForm("稳定", new DateOnly(2027, 2, 8))), at);
        AssertNextRefused(graded, new DateOnly(2027, 1, 31), at, "from 2027-02-01 to 2027-02-08");
    }

    [Fact]
    public void A_revised_risk_level_sets_the_interval_of_its_own_follow_up()
    {
        var at = new DateTimeOffset(2026, 11, 30, 10, 0, 0, China);
        var low = Build(StartState.InServiceAllSteps).Then(Step(CaseworkStep.Grading, RiskLevel.Low), at);

        // Graded Low (30 days), revised to High at this follow-up: 7 days.
        var refused = DemandStateMachine.Apply(low, Id,
            new RecordStep(CaseworkStep.FollowUp, new FollowUpForm("情况恶化", new DateOnly(2026, 12, 8), RiskLevel.High)), Worker, at);
        Assert.Equal("form.nextFollowUpOn", refused.Refusal!.Field);
        Assert.Contains("a High risk case is followed up again within 7 days", refused.Refusal.Message);

        var revised = low.Then(
            new RecordStep(CaseworkStep.FollowUp, new FollowUpForm("情况恶化", new DateOnly(2026, 12, 7), RiskLevel.High)), at);
        Assert.Equal(RiskLevel.High, revised.RiskLevel);
        Assert.Equal(RiskLevel.High, revised.Timeline[^1].RiskLevel);
    }

    private static void AssertNextRefused(Demand graded, DateOnly next, DateTimeOffset at, string message)
    {
        var result = DemandStateMachine.Apply(graded, Id, new RecordStep(CaseworkStep.FollowUp, new FollowUpForm("稳定", next)), Worker, at);

        Assert.Equal(RefusalKind.Invalid, result.Refusal!.Kind);
        Assert.Equal("form.nextFollowUpOn", result.Refusal.Field);
        Assert.Contains(message, result.Refusal.Message);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Facts kept on the demand and its summary
    // ------------------------------------------------------------------------------------------------------------

    [Fact]
    public void Each_step_keeps_its_form_on_its_event()
    {
        var d = Build(StartState.InServiceAllSteps)!;

        var steps = d.Timeline.Where(e => e.Kind == DemandEventKind.StepRecorded).ToList();
        Assert.Equal(Enum.GetValues<CaseworkStep>(), steps.Select(e => e.Step!.Value));
        Assert.All(steps, e => Assert.Equal(e.Step, e.Form!.Step));
        Assert.Equal(Form(CaseworkStep.Grading), steps[1].Form);
        Assert.Equal("Assessment：已上门记录", steps[0].Note);
    }

    [Fact]
    public void Services_and_linked_resources_add_up_on_the_demand_and_its_summary()
    {
        var planDay = new DateTimeOffset(2026, 11, 3, 23, 30, 0, China);
        var d = Build(StartState.InServiceAllSteps)!
            .Then(new RecordStep(CaseworkStep.Plan, new PlanForm(
                ["申请医疗救助"],
                [
                    new PlanAction("申请大病救助", PlanDue, "民政救助"),
                    new PlanAction("预约家庭医生", PlanDue, "社区卫生服务中心"),
                    new PlanAction("家属探望", PlanDue, "  "),
                ])), planDay)
            .Then(new RecordStep(CaseworkStep.Execution, new ExecutionForm(
                [
                    new ServiceDelivered(ServiceType.SocialAssistance, 1, new DateOnly(2026, 11, 3), "代办救助申请"),
                    new ServiceDelivered(ServiceType.ResourceLinking, 12, new DateOnly(2026, 11, 4), "组织义诊"),
                ])), planDay.AddHours(12));

        var summary = d.ToSummary();
        Assert.Equal(
            [
                new ServiceTally(ServiceType.ElderlyAndChildCare, 2, ServedOn),
                new ServiceTally(ServiceType.SocialAssistance, 1, new DateOnly(2026, 11, 3)),
                new ServiceTally(ServiceType.ResourceLinking, 12, new DateOnly(2026, 11, 4)),
            ],
            summary.Services);
        Assert.Equal(15, summary.Services.Sum(s => s.PersonTimes));
        Assert.Equal(
            [
                new ResourceLink("镇慈善基金", new DateOnly(2026, 11, 2)),
                new ResourceLink("民政救助", new DateOnly(2026, 11, 3)),
                new ResourceLink("社区卫生服务中心", new DateOnly(2026, 11, 3)),
            ],
            summary.ResourcesLinked);
        Assert.Equal(d.Services, summary.Services);
        Assert.Equal(NextFollowUp, summary.NextFollowUpOn);
    }

    [Fact]
    public void The_report_links_are_copied_onto_the_demand_and_its_summary()
    {
        var d = ((Demand?)null).Then(
            Report() with { KeyPersonId = "kp-cx-0012", FoundOnVisitId = "visit-20261101-07", FoundByWorkerId = "w001" }, T0);

        Assert.Equal(("kp-cx-0012", "visit-20261101-07", "w001"), (d.KeyPersonId, d.FoundOnVisitId, d.FoundByWorkerId));
        var summary = d.ToSummary();
        Assert.Equal(("kp-cx-0012", "visit-20261101-07", "w001"), (summary.KeyPersonId, summary.FoundOnVisitId, summary.FoundByWorkerId));
        Assert.Null(Reported().KeyPersonId);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Referral (转介)
    // ------------------------------------------------------------------------------------------------------------

    [Fact]
    public void A_referral_keeps_the_case_open_with_its_worker_and_is_numbered_in_order()
    {
        var before = Build(StartState.InServiceNoSteps)!;
        var at = T0.AddDays(1);

        var d = before.Then(new ReferDemand(" 镇司法所 ", "涉及赡养纠纷"), at).Then(new ReferDemand("镇民政办", "申请低保"), at.AddHours(1));

        Assert.Equal(DemandState.InService, d.State);
        Assert.Equal(FirstWorker, d.WorkerId);
        Assert.Equal(
            [new Referral("R1", "镇司法所", "涉及赡养纠纷", at), new Referral("R2", "镇民政办", "申请低保", at.AddHours(1))],
            d.Referrals);
        var e = d.Timeline[^1];
        Assert.Equal(DemandEventKind.Referred, e.Kind);
        Assert.Equal(d.Referrals[1], e.Referral);
        Assert.Equal("申请低保", e.Note);
        Assert.Equal(FirstWorker, e.WorkerId);
        Assert.Equal(2, d.ToSummary().OpenReferrals);
        Assert.Contains(DemandAction.AnswerReferral, DemandStateMachine.AllowedActions(d));
    }

    [Fact]
    public void Answering_records_the_answer_and_when()
    {
        var at = T0.AddDays(1);
        var d = Build(StartState.InServiceReferred)!.Then(new AnswerReferral(" R1 ", "  司法所已受理调解  "), at, Dispatcher);

        var answered = Assert.Single(d.Referrals);
        Assert.Equal(("司法所已受理调解", (DateTimeOffset?)at), (answered.Answer, answered.AnsweredAt));
        Assert.False(answered.IsOpen);
        Assert.Equal(answered, d.Timeline[^1].Referral);
        Assert.Equal(DemandEventKind.ReferralAnswered, d.Timeline[^1].Kind);
        Assert.Equal(0, d.ToSummary().OpenReferrals);
        Assert.DoesNotContain(DemandAction.AnswerReferral, DemandStateMachine.AllowedActions(d));
    }

    [Fact]
    public void A_case_cannot_close_while_a_referral_waits_for_its_answer()
    {
        var referred = Build(StartState.InServiceReferred)!;
        var at = T0.AddDays(1);

        var refused = DemandStateMachine.Apply(referred, Id, new CloseDemand("结案"), Worker, at);

        Assert.Equal(RefusalKind.InvalidState, refused.Refusal!.Kind);
        Assert.StartsWith("Closing needs every referral answered; still waiting for R1 (镇司法所).", refused.Refusal.Message);
        Assert.DoesNotContain("casework step", refused.Refusal.Message);

        var closed = referred.Then(new AnswerReferral("R1", "已调解"), at).Then(new CloseDemand("结案"), at.AddHours(1));
        Assert.Equal(DemandState.Closed, closed.State);
    }

    [Fact]
    public void A_close_refusal_names_missing_steps_and_open_referrals_together()
    {
        var d = Build(StartState.InServiceNoSteps)!.Then(ReferToJustice, T0.AddDays(1));

        var refused = DemandStateMachine.Apply(d, Id, new CloseDemand("结案"), Worker, T0.AddDays(1));

        Assert.Contains("still missing: Assessment, Grading, Plan, Execution, FollowUp.", refused.Refusal!.Message);
        Assert.Contains("still waiting for R1 (镇司法所).", refused.Refusal.Message);
    }

    [Fact]
    public void Answering_with_no_referral_open_is_refused_by_the_state()
    {
        var result = DemandStateMachine.Apply(Build(StartState.InServiceAllSteps), Id, new AnswerReferral("R1", "答复"), Dispatcher, T0.AddDays(1));

        Assert.Equal(RefusalKind.InvalidState, result.Refusal!.Kind);
        Assert.StartsWith("No referral is waiting for an answer.", result.Refusal.Message);
    }
}
