using System.Reflection;
using Bunit;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Web.Components.Pages.Worker;
using Dispatch.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
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
    public void Grading_needs_a_risk_level_and_records_the_step_with_it()
    {
        Demands.Seed(Order("C3", DemandState.InService, workerId: "w-li", steps: [CaseworkStep.Assessment]));
        var cut = RenderPage<WorkerPage>();
        cut.Find("[data-test=open-case-C3]").Click();

        cut.Find("[data-test=step-note]").Change("独居，行动不便，无亲属照料");
        cut.Find("[data-test=record-step]").Click();

        Assert.Contains("请选择风险等级", cut.Find("[data-test=step-form] [data-test=field-refusal]").TextContent);
        Assert.Empty(Demands.Commands);

        cut.Find("[data-test=risk-High]").Click();
        cut.Find("[data-test=record-step]").Click();

        var (id, command, user) = Assert.Single(Demands.Commands);
        Assert.Equal("C3", id);
        Assert.Equal(new RecordStep(CaseworkStep.Grading, "独居，行动不便，无亲属照料", RiskLevel.High), command);
        Assert.Equal(WorkerLi, user);
    }

    [Fact]
    public void A_follow_up_sends_a_risk_level_only_when_it_was_revised()
    {
        CaseworkStep[] upToExecution = [CaseworkStep.Assessment, CaseworkStep.Grading, CaseworkStep.Plan, CaseworkStep.Execution];
        Demands.Seed(Order("C7", DemandState.InService, workerId: "w-li", steps: upToExecution, risk: RiskLevel.Medium));
        var cut = RenderPage<WorkerPage>();
        cut.Find("[data-test=open-case-C7]").Click();
        Assert.Equal("true", cut.Find("[data-test=step-FollowUp]").GetAttribute("aria-checked"));
        Assert.Equal("true", cut.Find("[data-test=risk-Medium]").GetAttribute("aria-checked"));

        cut.Find("[data-test=step-note]").Change("状况稳定");
        cut.Find("[data-test=record-step]").Click();
        cut.Find("[data-test=step-note]").Change("独居情况加重，提高风险");
        cut.Find("[data-test=risk-High]").Click();
        cut.Find("[data-test=record-step]").Click();

        Assert.Equal(
            [new RecordStep(CaseworkStep.FollowUp, "状况稳定"), new RecordStep(CaseworkStep.FollowUp, "独居情况加重，提高风险", RiskLevel.High)],
            Demands.Commands.Select(c => c.Command));
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
        cut.Find("[data-test=report-submit]").Click();

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

        var phoneField = cut.Find("[data-test=report-person-phone]").Closest(".mud-input-control")!;
        Assert.Contains("未通过校验", phoneField.TextContent);
        Assert.Contains("person.phone must be a phone number", phoneField.TextContent);
        Assert.NotNull(cut.Find("[data-test=outreach-report]"));
    }

    [Fact]
    public void The_page_is_for_social_workers_only()
    {
        Assert.Equal("/worker", typeof(WorkerPage).GetCustomAttribute<RouteAttribute>()?.Template);
        Assert.Equal("SocialWorker", typeof(WorkerPage).GetCustomAttribute<AuthorizeAttribute>()?.Roles);
    }

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
        Assert.Contains("Record contact", cut.Find("[data-test=record-contact]").TextContent);
    }
}
