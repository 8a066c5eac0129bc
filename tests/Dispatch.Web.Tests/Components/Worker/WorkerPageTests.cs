using System.Reflection;
using Bunit;
using Bunit.TestDoubles;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Web.Components.Pages.Worker;
using Dispatch.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using static Dispatch.Web.Tests.Components.HandMadeCity;

namespace Dispatch.Web.Tests.Components;

/// <summary>The social worker's phone page, signed in as 李明 (w-li) of station 甲, who covers 东风社区 and 西湖社区.</summary>
public sealed class WorkerPageTests : ComponentTest
{
    private static readonly TimeSpan LiveWait = TimeSpan.FromSeconds(5);

    public WorkerPageTests()
    {
        Demands.ReferenceData = Reference;
        SignIn(WorkerLi);
    }

    [Fact]
    public void Shows_only_the_workers_open_cases_in_a_phone_layout()
    {
        Demands.Seed(
            Order("C1", DemandState.Assigned, workerId: "w-li"),
            Order("C2", DemandState.InService, workerId: "w-li", steps: [CaseworkStep.Assessment]),
            Order("C3", DemandState.Assigned, communityId: "jia-v1", workerId: "w-zhao"),
            Order("C4", DemandState.Closed, workerId: "w-li", steps: Enum.GetValues<CaseworkStep>()));

        var cut = RenderPage<WorkerPage>();

        var cases = cut.Find("[data-test=my-cases]");
        Assert.NotNull(cases.QuerySelector("[data-test=case-C1]"));
        Assert.NotNull(cases.QuerySelector("[data-test=case-C2]"));
        Assert.Null(cases.QuerySelector("[data-test=case-C3]"));
        Assert.Null(cases.QuerySelector("[data-test=case-C4]"));
        // The real width (390 px, no horizontal scroll) is checked in the browser tests; here the layout class.
        Assert.Contains("worker-phone", cut.Find("[data-test=worker-page]").ClassList);
    }

    [Fact]
    public void A_pushed_newly_assigned_case_appears_and_someone_elses_does_not()
    {
        var cut = RenderPage<WorkerPage>();
        Assert.Empty(cut.FindAll("[data-test^=case-]"));

        Feed.OnDemandChanged(ChangeOf(Order("C6", DemandState.Assigned, communityId: "jia-v1", workerId: "w-zhao")));
        Feed.OnDemandChanged(ChangeOf(Order("C5", DemandState.Assigned, workerId: "w-li")));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-test=case-C5]")), LiveWait);
        Assert.Empty(cut.FindAll("[data-test=case-C6]"));
    }

    [Fact]
    public void First_contact_needs_a_note_and_then_records_it()
    {
        Demands.Seed(Order("C1", DemandState.Assigned, workerId: "w-li"));
        var cut = RenderPage<WorkerPage>();
        cut.Find("[data-test=open-case-C1]").Click();

        cut.Find("[data-test=record-contact]").Click();

        Assert.Contains("请填写首次联系情况", cut.Find("[data-test=contact-form]").TextContent);
        Assert.Empty(Demands.Commands);

        cut.Find("[data-test=contact-note]").Change("已上门，约定周三评估");
        cut.Find("[data-test=record-contact]").Click();

        var (id, command, user) = Assert.Single(Demands.Commands);
        Assert.Equal("C1", id);
        Assert.Equal(new RecordContact("已上门，约定周三评估"), command);
        Assert.Equal(WorkerLi, user);
        Assert.Contains("已记录首次联系。", Confirmations());
    }

    [Fact]
    public void Only_the_steps_allowed_now_are_offered()
    {
        Demands.Seed(
            Order("C2", DemandState.InService, workerId: "w-li"),
            Order("C3", DemandState.InService, workerId: "w-li", steps: [CaseworkStep.Assessment]));
        var cut = RenderPage<WorkerPage>();

        cut.Find("[data-test=open-case-C2]").Click();
        Assert.Equal(["step-Assessment"], StepsOffered(cut));
        Assert.Empty(cut.FindAll("[data-test=contact-form]"));
        Assert.Empty(cut.FindAll("[data-test=close-form]"));

        cut.Find("[data-test=back-to-cases]").Click();
        cut.Find("[data-test=open-case-C3]").Click();
        Assert.Equal(["step-Assessment", "step-Grading"], StepsOffered(cut));
        // The next step not recorded yet is the one chosen.
        Assert.Equal("true", cut.Find("[data-test=step-Grading]").GetAttribute("aria-checked"));
    }

    [Fact]
    public void Grading_needs_a_risk_level_and_a_reason_and_records_them_on_its_form()
    {
        var cut = OpenCase("C3", [CaseworkStep.Assessment]);

        cut.Find("[data-test=record-step]").Click();

        Assert.Contains("必填", cut.Find("[data-test=step-form] [data-test=field-refusal]").TextContent);
        Assert.Contains("必填", cut.Find("[data-test=grading-reason]").Closest(".mud-input-control")!.TextContent);
        Assert.Empty(Demands.Commands);

        cut.Find("[data-test=risk-High]").Click();
        cut.Find("[data-test=grading-reason]").Change("独居，行动不便，无亲属照料");
        cut.Find("[data-test=step-note]").Change("与社区共同评定");
        cut.Find("[data-test=record-step]").Click();

        var (id, command, user) = Assert.Single(Demands.Commands);
        Assert.Equal("C3", id);
        var step = Assert.IsType<RecordStep>(command);
        Assert.Equal(CaseworkStep.Grading, step.Step);
        Assert.Equal(new GradingForm(RiskLevel.High, "独居，行动不便，无亲属照料"), step.Form);
        Assert.Equal("与社区共同评定", step.Note);
        Assert.Equal(WorkerLi, user);
    }

    [Fact]
    public void An_assessment_lists_each_need_under_its_service_type_starting_from_the_cases()
    {
        var cut = OpenCase("C2", []);

        cut.Find("[data-test=need-description-0]").Change("独居，需要助餐");
        cut.Find("[data-test=need-add]").Click();
        cut.Find("[data-test=record-step]").Click();
        Assert.Contains("必填", cut.Find("[data-test=need-description-1]").Closest(".mud-input-control")!.TextContent);
        Assert.Empty(Demands.Commands);

        cut.InvokeAsync(() => cut.FindComponents<MudSelect<ServiceType?>>()[1].Instance.SelectOption(ServiceType.SocialAssistance));
        cut.Find("[data-test=need-description-1]").Change("收入低，需申请临时救助");
        cut.Find("[data-test=record-step]").Click();

        var form = Assert.IsType<AssessmentForm>(Assert.IsType<RecordStep>(Assert.Single(Demands.Commands).Command).Form);
        Assert.Equal(
            [new AssessedNeed(ServiceType.ElderlyAndChildCare, "独居，需要助餐"), new AssessedNeed(ServiceType.SocialAssistance, "收入低，需申请临时救助")],
            form.Needs);
    }

    [Fact]
    public void A_plan_takes_one_goal_per_line_and_actions_with_due_days_and_linked_resources()
    {
        var cut = OpenCase("C4", [CaseworkStep.Assessment, CaseworkStep.Grading], RiskLevel.Medium);

        cut.Find("[data-test=plan-goals]").Change("保障基本生活\n\n  建立支持网络  ");
        cut.Find("[data-test=action-description-0]").Change("申请临时救助");
        cut.Find("[data-test=action-resource-0]").Change("镇慈善基金");
        cut.Find("[data-test=action-add]").Click();
        cut.Find("[data-test=action-description-1]").Change("联系家属每周探望");
        cut.Find("[data-test=action-due-1]").Change("2026-11-20");
        cut.Find("[data-test=record-step]").Click();

        var form = Assert.IsType<PlanForm>(Assert.IsType<RecordStep>(Assert.Single(Demands.Commands).Command).Form);
        Assert.Equal(["保障基本生活", "建立支持网络"], form.Goals);
        // The first action's due day starts a week from today (2 November in China).
        Assert.Equal(
            [new PlanAction("申请临时救助", new DateOnly(2026, 11, 9), "镇慈善基金"), new PlanAction("联系家属每周探望", new DateOnly(2026, 11, 20))],
            form.Actions);
    }

    [Fact]
    public void An_execution_counts_person_times_for_each_service_delivered_today()
    {
        var cut = OpenCase("C5", UpToPlan, RiskLevel.Low);

        cut.Find("[data-test=service-person-times-0]").Change("12");
        cut.Find("[data-test=service-description-0]").Change("组织助餐小组活动");
        cut.Find("[data-test=record-step]").Click();

        var form = Assert.IsType<ExecutionForm>(Assert.IsType<RecordStep>(Assert.Single(Demands.Commands).Command).Form);
        Assert.Equal([new ServiceDelivered(ServiceType.ElderlyAndChildCare, 12, new DateOnly(2026, 11, 2), "组织助餐小组活动")], form.Services);
    }

    [Fact]
    public void A_follow_up_starts_at_the_latest_day_the_risk_allows_and_sends_a_risk_level_only_when_revised()
    {
        var cut = OpenCase("C7", [.. UpToPlan, CaseworkStep.Execution], RiskLevel.Medium);
        Assert.Equal("true", cut.Find("[data-test=step-FollowUp]").GetAttribute("aria-checked"));
        Assert.Equal("true", cut.Find("[data-test=risk-Medium]").GetAttribute("aria-checked"));
        // Medium: within 14 days of 2 November.
        Assert.Equal("2026-11-16", cut.Find("[data-test=follow-up-next]").GetAttribute("value"));

        cut.Find("[data-test=follow-up-result]").Change("状况稳定");
        cut.Find("[data-test=record-step]").Click();
        cut.Find("[data-test=follow-up-result]").Change("独居情况加重，提高风险");
        cut.Find("[data-test=risk-High]").Click();
        Assert.Equal("2026-11-09", cut.Find("[data-test=follow-up-next]").GetAttribute("value"));
        cut.Find("[data-test=record-step]").Click();

        Assert.Equal(
            [new FollowUpForm("状况稳定", new DateOnly(2026, 11, 16)), new FollowUpForm("独居情况加重，提高风险", new DateOnly(2026, 11, 9), RiskLevel.High)],
            Demands.Commands.Select(c => Assert.IsType<RecordStep>(c.Command).Form));
    }

    [Fact]
    public void A_form_field_the_server_refuses_is_shown_at_that_field()
    {
        Demands.Respond = (_, _) => DemandResult.Refused(new Refusal(RefusalKind.Invalid,
            "form.services[0].on must be from 2026-11-02 to 2026-11-02 (between the day the demand was reported and today), not 2026-11-03.",
            "form.services[0].on"));
        var cut = OpenCase("C5", UpToPlan, RiskLevel.Low);
        cut.Find("[data-test=service-on-0]").Change("2026-11-03");
        cut.Find("[data-test=service-description-0]").Change("上门助餐");

        cut.Find("[data-test=record-step]").Click();

        AssertRefusedAt(cut, "service-on-0", "form.services[0].on must be from");
    }

    [Fact]
    public void A_case_is_referred_with_a_department_and_a_reason_and_an_open_referral_is_answered()
    {
        var referred = Order("C6", DemandState.InService, workerId: "w-li", steps: Enum.GetValues<CaseworkStep>(), risk: RiskLevel.Low) with
        {
            Referrals = [new Referral("R1", "镇司法所", "赡养纠纷，需司法调解", Now.AddMinutes(-5))],
        };
        Demands.Seed(referred);
        var cut = RenderPage<WorkerPage>();
        cut.Find("[data-test=open-case-C6]").Click();
        Assert.Contains("待回复转介 1 件", cut.Find("[data-test=case-open-referrals]").TextContent);
        Assert.Contains("镇司法所", cut.Find("[data-test=referral-R1]").TextContent);
        // Closing waits for the answer.
        Assert.Empty(cut.FindAll("[data-test=close-form]"));

        cut.Find("[data-test=refer-submit]").Click();
        Assert.Contains("必填", cut.Find("[data-test=refer-form]").TextContent);
        cut.Find("[data-test=refer-department]").Change("镇民政办");
        cut.Find("[data-test=refer-reason]").Change("符合低保条件");
        cut.Find("[data-test=refer-submit]").Click();
        cut.Find("[data-test=answer-R1]").Change("已受理调解");
        cut.Find("[data-test=answer-submit-R1]").Click();

        Assert.Equal(
            [new ReferDemand("镇民政办", "符合低保条件"), new AnswerReferral("R1", "已受理调解")],
            Demands.Commands.Select(c => c.Command));
    }

    [Fact]
    public void The_timeline_shows_what_each_form_recorded()
    {
        var order = Order("C3", DemandState.InService, workerId: "w-li", steps: [CaseworkStep.Assessment]);
        var assessment = order.Timeline[^1] with
        {
            Form = new AssessmentForm([new AssessedNeed(ServiceType.SocialAssistance, "收入低，需申请临时救助")]),
        };
        Demands.Seed(order with { Timeline = order.Timeline.SetItem(order.Timeline.Count - 1, assessment) });
        var cut = RenderPage<WorkerPage>();

        cut.Find("[data-test=open-case-C3]").Click();

        var details = cut.Find("[data-test=timeline-event] [data-test=event-details]").TextContent;
        Assert.Contains("社会救助", details);
        Assert.Contains("收入低，需申请临时救助", details);
    }

    [Fact]
    public void Closing_is_offered_only_once_every_step_is_recorded_and_closes_with_the_summary()
    {
        CaseworkStep[] all = Enum.GetValues<CaseworkStep>();
        Demands.Seed(
            Order("C8", DemandState.InService, workerId: "w-li", steps: all[..^1], risk: RiskLevel.Medium),
            Order("C9", DemandState.InService, workerId: "w-li", steps: all, risk: RiskLevel.Low));
        var cut = RenderPage<WorkerPage>();

        cut.Find("[data-test=open-case-C8]").Click();
        Assert.Empty(cut.FindAll("[data-test=close-form]"));

        cut.Find("[data-test=back-to-cases]").Click();
        cut.Find("[data-test=open-case-C9]").Click();
        cut.Find("[data-test=close-case]").Click();
        Assert.Contains("请填写结案小结", cut.Find("[data-test=close-form]").TextContent);
        Assert.Empty(Demands.Commands);

        cut.Find("[data-test=close-summary]").Change("已链接居家养老服务，每周上门两次");
        cut.Find("[data-test=close-case]").Click();

        var (id, command, user) = Assert.Single(Demands.Commands);
        Assert.Equal("C9", id);
        Assert.Equal(new CloseDemand("已链接居家养老服务，每周上门两次"), command);
        Assert.Equal(WorkerLi, user);
    }

    [Fact]
    public void The_case_timeline_shows_each_event()
    {
        Demands.Seed(Order("C3", DemandState.InService, workerId: "w-li", steps: [CaseworkStep.Assessment]));
        var cut = RenderPage<WorkerPage>();

        cut.Find("[data-test=open-case-C3]").Click();

        var events = cut.FindAll("[data-test=timeline-event]");
        Assert.Equal(6, events.Count);
        Assert.Contains("初步评估", events[0].TextContent);
        Assert.Contains("首次联系", events[1].TextContent);
        Assert.Contains("上报", events[^1].TextContent);
    }

    [Fact]
    public void An_outreach_report_needs_its_fields_in_the_users_language()
    {
        var cut = RenderPage<WorkerPage>();
        cut.Find("[data-test=open-report]").Click();

        cut.Find("[data-test=report-submit]").Click();

        var form = cut.Find("[data-test=outreach-report]").TextContent;
        Assert.Contains("请选择社区", form);
        Assert.Contains("请选择人群类别", form);
        Assert.Contains("请填写需求描述", form);
        Assert.Contains("请填写求助人姓名", form);
        Assert.Empty(Demands.Reports);
    }

    [Fact]
    public async Task An_outreach_report_is_reported_from_the_workers_own_communities_as_an_outreach_by_the_worker()
    {
        Demands.Respond = (_, _) => DemandResult.Ok(Order("N1", DemandState.Reported));
        var cut = RenderPage<WorkerPage>();
        cut.Find("[data-test=open-report]").Click();

        // Only the communities 李明 covers are offered.
        Assert.Equal(["report-community-jia-c1", "report-community-jia-c2"],
            cut.FindAll("[data-test^=report-community-]").Select(e => e.GetAttribute("data-test")));
        cut.Find("[data-test=report-community-jia-c2]").Click();
        await cut.InvokeAsync(() => cut.FindComponent<MudSelect<string>>().Instance.SelectOption("child-difficulty"));
        await cut.InvokeAsync(() => cut.FindComponent<MudSelect<ServiceType?>>().Instance.SelectOption(ServiceType.SocialAssistance));
        // A select hands its value to the form a little after the pick; a busy machine shows the gap.
        cut.WaitForAssertion(() => Assert.Equal("困境儿童", cut.Find("input[data-test=report-category]").GetAttribute("value")));
        cut.WaitForAssertion(() => Assert.Equal("社会救助", cut.Find("input[data-test=report-service-type]").GetAttribute("value")));
        cut.Find("[data-test=report-urgency-Urgent]").Click();
        cut.Find("[data-test=report-description]").Change("走访发现儿童无人照看，父母外出务工");
        cut.Find("[data-test=report-person-name]").Change("张小宝");
        cut.Find("[data-test=report-person-phone]").Change("13800001111");
        // Text fields, too, reach the form a little after the change.
        cut.WaitForAssertion(() => Assert.Equal("13800001111", cut.Find("input[data-test=report-person-phone]").GetAttribute("value")));
        cut.Find("[data-test=report-submit]").Click();

        cut.WaitForAssertion(() => Assert.Single(Demands.Reports));
        var (request, user) = Assert.Single(Demands.Reports);
        Assert.Equal(WorkerLi, user);
        Assert.Equal("jia-c2", request.CommunityId);
        Assert.Equal("child-difficulty", request.CategoryId);
        Assert.Equal(ServiceType.SocialAssistance, request.ServiceType);
        Assert.Equal(Urgency.Urgent, request.Urgency);
        Assert.Equal("走访发现儿童无人照看，父母外出务工", request.Description);
        Assert.Equal("张小宝", request.Person?.Name);
        Assert.Equal("13800001111", request.Person?.Phone);
        Assert.Equal(ReportChannel.Outreach, request.Reporter?.Channel);
        Assert.Equal("李明", request.Reporter?.Name);
        // Reported: back to the cases.
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-test=my-cases]")));
    }

    [Fact]
    public async Task A_field_the_server_refuses_is_shown_at_that_field()
    {
        Demands.Respond = (_, _) => DemandResult.Refused(new Refusal(RefusalKind.Invalid,
            "person.phone must be a phone number: digits, '+', '-' and spaces, at most 20 characters.", "person.phone"));
        var cut = RenderPage<WorkerPage>();
        cut.Find("[data-test=open-report]").Click();
        cut.Find("[data-test=report-community-jia-c1]").Click();
        await cut.InvokeAsync(() => cut.FindComponent<MudSelect<string>>().Instance.SelectOption("elderly-alone"));
        await cut.InvokeAsync(() => cut.FindComponent<MudSelect<ServiceType?>>().Instance.SelectOption(ServiceType.NeedsAssessment));
        cut.Find("[data-test=report-description]").Change("独居老人需要评估");
        cut.Find("[data-test=report-person-name]").Change("王秀英");
        cut.Find("[data-test=report-person-phone]").Change("call me");

        cut.Find("[data-test=report-submit]").Click();

        AssertRefusedAt(cut, "report-person-phone", "person.phone must be a phone number");
        Assert.NotNull(cut.Find("[data-test=outreach-report]"));
    }

    [Fact]
    public void The_page_is_for_social_workers_only()
    {
        Assert.Equal(
            ["/worker", "/worker/cases/{DemandId}", "/worker/cases/{DemandId}/steps/{Step}", "/worker/report", "/worker/visits/{PersonId}"],
            typeof(WorkerPage).GetCustomAttributes<RouteAttribute>().Select(r => r.Template).Order());
        Assert.Equal("SocialWorker", typeof(WorkerPage).GetCustomAttribute<AuthorizeAttribute>()?.Roles);
    }

    [Theory]
    [InlineData("worker/cases/C1", "case-detail")]
    [InlineData("worker/report", "outreach-report")]
    [InlineData("worker/visits/P1", "visit-form")]
    [InlineData("worker", "my-cases")]
    public void Each_screen_opens_from_its_own_address(string address, string screen)
    {
        Demands.Seed(Order("C1", DemandState.Assigned, workerId: "w-li"));
        var person = KeyPersons.Add(RegisterPageTests.Person("王秀英", "jia-c1"));
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(address.Replace("P1", person.Id));

        var cut = RenderPage<WorkerPage>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find($"[data-test={screen}]")));
        Assert.Single(cut.FindAll("[data-test=case-detail], [data-test=outreach-report], [data-test=visit-form], [data-test=my-cases]"));
    }

    [Fact]
    public void Opening_a_case_goes_to_its_address_and_back_to_the_list_in_its_place()
    {
        Demands.Seed(Order("C1", DemandState.Assigned, workerId: "w-li"));
        var navigation = Services.GetRequiredService<BunitNavigationManager>();
        var cut = RenderPage<WorkerPage>();

        cut.Find("[data-test=open-case-C1]").Click();
        Assert.Equal("worker/cases/C1", navigation.ToBaseRelativePath(navigation.Uri));
        Assert.Contains("王秀英", cut.Find("[data-test=case-detail] h1").TextContent);

        cut.Find("[data-test=back-to-cases]").Click();
        Assert.Equal("worker", navigation.ToBaseRelativePath(navigation.Uri));
        // In the case's place: the history holds the list alone, so the phone's Back does not reopen the case just left.
        Assert.True(Assert.Single(navigation.History).Options.ReplaceHistoryEntry);
        Assert.NotNull(cut.Find("[data-test=my-cases]"));
    }

    [Fact]
    public void Each_steps_form_has_its_address_so_back_and_a_reload_keep_the_worker_on_that_form()
    {
        var cut = OpenCase("C3", [CaseworkStep.Assessment]);
        var navigation = Services.GetRequiredService<BunitNavigationManager>();
        Assert.Equal("true", cut.Find("[data-test=step-Grading]").GetAttribute("aria-checked"));

        // Going back to the assessment to record it again: its form, at its own address.
        cut.Find("[data-test=step-Assessment]").Click();
        Assert.Equal("worker/cases/C3/steps/Assessment", navigation.ToBaseRelativePath(navigation.Uri));
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-test=step-Assessment]").GetAttribute("aria-checked")));
        Assert.NotEmpty(cut.FindAll("[data-test^=need-description-]"));

        // Back: the case's address, with its next step's form again.
        navigation.NavigateTo("worker/cases/C3");
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-test=step-Grading]").GetAttribute("aria-checked")));

        // A reload of a step's address opens that form.
        navigation.NavigateTo("worker/cases/C3/steps/Assessment");
        var reloaded = Render<WorkerPage>();
        reloaded.WaitForAssertion(() => Assert.Equal("true", reloaded.Find("[data-test=step-Assessment]").GetAttribute("aria-checked")));
    }

    [Fact]
    public void A_step_recorded_from_its_address_moves_on_to_the_next_step_in_its_place()
    {
        var cut = OpenCase("C3", [CaseworkStep.Assessment]);
        var navigation = Services.GetRequiredService<BunitNavigationManager>();
        navigation.NavigateTo("worker/cases/C3/steps/Grading");
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-test=step-Grading]").GetAttribute("aria-checked")));
        Demands.Respond = (id, command) => DemandResult.Ok(Demands.Demands[id!] with
        {
            StepsRecorded = [CaseworkStep.Assessment, CaseworkStep.Grading],
            RiskLevel = RiskLevel.High,
        });

        cut.Find("[data-test=risk-High]").Click();
        cut.Find("[data-test=grading-reason]").Change("独居，行动不便，无亲属照料");
        cut.Find("[data-test=record-step]").Click();

        cut.WaitForAssertion(() => Assert.Equal("worker/cases/C3", navigation.ToBaseRelativePath(navigation.Uri)));
        Assert.True(navigation.History.First().Options.ReplaceHistoryEntry);
    }

    [Fact]
    public void First_contact_and_each_step_are_confirmed_in_the_users_language()
    {
        var cut = OpenCase("C3", [CaseworkStep.Assessment]);
        cut.Find("[data-test=risk-High]").Click();
        cut.Find("[data-test=grading-reason]").Change("独居，行动不便，无亲属照料");

        cut.Find("[data-test=record-step]").Click();

        Assert.Contains("已记录评定等级。", Confirmations());
    }

    [Fact]
    public void The_casework_steps_show_progress_and_offer_nothing_to_tap()
    {
        var cut = OpenCase("C3", [CaseworkStep.Assessment]);

        var progress = cut.Find("[data-test=step-progress]");
        Assert.Contains("✓ 初步评估", cut.Find("[data-test=progress-Assessment]").TextContent);
        Assert.DoesNotContain("✓", cut.Find("[data-test=progress-Grading]").TextContent);
        // Chips looked like buttons and did nothing: plain text, with no ripple, click style or button role.
        Assert.Empty(progress.QuerySelectorAll(".mud-chip, .mud-ripple, .mud-clickable, button, a, [role=button]"));
    }

    private static readonly CaseworkStep[] UpToPlan = [CaseworkStep.Assessment, CaseworkStep.Grading, CaseworkStep.Plan];

    /// <summary>Seeds one case of 李明's in service with <paramref name="steps"/> recorded, and opens it.</summary>
    private IRenderedComponent<WorkerPage> OpenCase(string id, CaseworkStep[] steps, RiskLevel? risk = null)
    {
        Demands.Seed(Order(id, DemandState.InService, workerId: "w-li", steps: steps, risk: risk));
        var cut = RenderPage<WorkerPage>();
        cut.Find($"[data-test=open-case-{id}]").Click();
        return cut;
    }

    /// <summary>The server's refusal shows under the field, in the user's words around the server's own.</summary>
    private static void AssertRefusedAt(IRenderedComponent<WorkerPage> cut, string field, string message)
    {
        var control = cut.Find($"[data-test={field}]").Closest(".mud-input-control")!;
        Assert.Contains("未通过校验", control.TextContent);
        Assert.Contains(message, control.TextContent);
    }

    private string[] Confirmations() =>
        [.. Services.GetRequiredService<ISnackbar>().ShownSnackbars.Where(s => s.Severity == Severity.Success).Select(s => s.Message).OfType<string>()];

    private static string[] StepsOffered(IRenderedComponent<WorkerPage> cut) =>
        [.. cut.FindAll("[data-test=step-choices] [data-test^=step-]").Select(e => e.GetAttribute("data-test") ?? "")];
}

/// <summary>The worker's phone read in English.</summary>
public sealed class WorkerPageInEnglishTests() : ComponentTest(SupportedCultures.English)
{
    [Fact]
    public void The_phone_speaks_english()
    {
        Demands.ReferenceData = Reference;
        SignIn(WorkerLi);
        Demands.Seed(Order("C1", DemandState.Assigned, workerId: "w-li"));

        var cut = RenderPage<WorkerPage>();
        Assert.Contains("My open cases (1)", cut.Markup);
        cut.Find("[data-test=open-case-C1]").Click();
        cut.Find("[data-test=record-contact]").Click();

        Assert.Contains("Please note what happened at first contact.", cut.Find("[data-test=contact-form]").TextContent);
        Assert.Contains("Record first contact", cut.Find("[data-test=record-contact]").TextContent);
    }
}
