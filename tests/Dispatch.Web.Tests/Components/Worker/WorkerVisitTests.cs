using Bunit;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Web.Components.Pages.Worker;
using static Dispatch.Web.Tests.Components.HandMadeCity;

namespace Dispatch.Web.Tests.Components;

/// <summary>The worker's rounds on 2 November 2026: 李明 covers 东风社区 and 西湖社区 of station 甲.</summary>
public sealed class WorkerVisitTests : ComponentTest
{
    private readonly KeyPerson wang;
    private readonly KeyPerson zhou;

    public WorkerVisitTests()
    {
        Demands.ReferenceData = Reference;
        SignIn(WorkerLi);
        wang = KeyPersons.Add(RegisterPageTests.Person("王秀英", "jia-c1"));
        zhou = KeyPersons.Add(RegisterPageTests.Person("周阿大", "jia-c2", RiskLevel.High));
        KeyPersons.Add(RegisterPageTests.Person("陆根宝", "jia-v1"));           // 南塘村: 赵芳's, not 李明's
    }

    [Fact]
    public void The_rounds_list_who_the_worker_still_has_to_visit_this_month()
    {
        var cut = RenderPage<WorkerPage>();

        var rounds = cut.Find("[data-test=visit-rounds]");
        Assert.Contains("本月待走访（2 人）", rounds.TextContent);
        Assert.NotNull(rounds.QuerySelector($"[data-test=due-{wang.Id}]"));
        Assert.Contains("已访 0/2 次", rounds.QuerySelector($"[data-test=due-{zhou.Id}]")!.TextContent);   // high risk: twice
        Assert.Contains("本月还剩 29 天", rounds.TextContent);
    }

    [Fact]
    public void A_visit_that_finds_a_need_is_recorded_with_it_and_the_rounds_move_on()
    {
        var cut = RenderPage<WorkerPage>();

        cut.Find($"[data-test=visit-{wang.Id}]").Click();
        cut.Find("[data-test=visit-submit]").Click();
        cut.WaitForAssertion(() => Assert.Contains("请填写走访情况", cut.Markup));
        Assert.Empty(KeyPersons.Visits);

        cut.Find("textarea[data-test=visit-observations]").Change("老人独居，冰箱空了");
        cut.Find("[data-test=visit-add-need]").Click();
        cut.WaitForElement("textarea[data-test=visit-need-description-0]").Change("需要助餐服务");
        cut.Find("[data-test=visit-need-urgency-0-Urgent]").Click();
        cut.Find("[data-test=visit-submit]").Click();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-test=visit-rounds]")));
        var (personId, visit, user) = Assert.Single(KeyPersons.Visits);
        Assert.Equal((wang.Id, WorkerLi, true), (personId, user, visit.Found));
        Assert.Equal(new NeedFound("需要助餐服务", ServiceType.NeedsAssessment, Urgency.Urgent), Assert.Single(visit.Needs));
        Assert.Empty(cut.FindAll($"[data-test=due-{wang.Id}]"));
        Assert.Contains("本月待走访（1 人）", cut.Find("[data-test=visit-rounds]").TextContent);
    }

    [Fact]
    public void A_colleague_s_visit_pushed_live_takes_the_person_off_the_rounds()
    {
        var cut = RenderPage<WorkerPage>();

        var visited = KeyPersons.People[wang.Id] = KeyPersonRules.RecordVisit(wang, new RecordVisit(new DateOnly(2026, 11, 2), true, "走访", []),
            "w-zhao", new Actor("zhao", "赵芳", ActorRole.SocialWorker), Now, () => "x").Person!;
        Feed.OnKeyPersonChanged(visited.ToSummary());

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll($"[data-test=due-{wang.Id}]")));
    }
}
