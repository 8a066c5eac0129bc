using Bunit;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Web.Components.Pages.KeyPersons;
using static Dispatch.Web.Tests.Components.HandMadeCity;

namespace Dispatch.Web.Tests.Components;

/// <summary>One person's page: the entry, the visits, and every demand about them with its casework and callback.</summary>
public sealed class PersonPageTests : ComponentTest
{
    private static readonly DispatchUser Leader = new("leader", "钱局长", ActorRole.Leader);

    private readonly KeyPerson person;
    private readonly Demand demand;

    public PersonPageTests()
    {
        Demands.ReferenceData = Reference;
        var registered = KeyPersons.Add(RegisterPageTests.Person("王秀英", "jia-c1", RiskLevel.High));
        var visited = KeyPersonRules.RecordVisit(registered,
            new RecordVisit(new DateOnly(2026, 11, 1), true, "冰箱空了，老人腿脚不便", [new NeedFound("需要助餐服务", ServiceType.ElderlyAndChildCare, Urgency.Normal)]),
            "w-li", new Actor("li-ming", "李明", ActorRole.SocialWorker), Now.AddDays(-1), () => "C9").Person!;
        person = KeyPersons.People[visited.Id] = KeyPersonRules.LinkDemand(visited, "C9");
        demand = Order("C9", DemandState.Closed, workerId: "w-li", steps: Enum.GetValues<CaseworkStep>());
        KeyPersons.DemandsAbout[person.Id] = [demand];
    }

    [Fact]
    public void The_station_head_sees_the_full_id_number_the_visits_and_the_demands_with_their_casework()
    {
        SignIn(HeadOfA);

        var cut = RenderPage<PersonPage>(p => p.Add(x => x.PersonId, person.Id));

        Assert.Contains(person.Details.IdNumber, cut.Find("[data-test=person-id-number]").TextContent);
        var visit = Assert.Single(cut.FindAll("[data-test=person-visit]"));
        Assert.Contains("冰箱空了", visit.TextContent);
        Assert.Contains("需要助餐服务 → 工单 C9", visit.TextContent);
        var shown = cut.Find("[data-test=person-demand-C9]");
        Assert.Equal(demand.Timeline.Count, shown.QuerySelectorAll("[data-test=timeline-event]").Length);
        Assert.NotNull(cut.Find("[data-test=person-edit]"));
        Assert.Empty(cut.FindAll("[data-test=person-record-visit]"));   // heads keep the register; workers visit
    }

    [Fact]
    public void A_leader_reads_the_page_with_the_id_number_masked_and_nothing_to_change()
    {
        SignIn(Leader);

        var cut = RenderPage<PersonPage>(p => p.Add(x => x.PersonId, person.Id));

        Assert.Contains(IdNumbers.Mask(person.Details.IdNumber), cut.Find("[data-test=person-id-number]").TextContent);
        Assert.DoesNotContain(person.Details.IdNumber, cut.Markup);
        Assert.Empty(cut.FindAll("[data-test=person-edit]"));
        Assert.Empty(cut.FindAll("[data-test=person-record-visit]"));
    }

    [Fact]
    public void Someone_of_another_station_finds_nothing()
    {
        SignIn(new DispatchUser("head-yi", "钱卫东", ActorRole.StationHead, StationId: StationB));

        var cut = RenderPage<PersonPage>(p => p.Add(x => x.PersonId, person.Id));

        Assert.NotNull(cut.Find("[data-test=person-missing]"));
        Assert.DoesNotContain("王秀英", cut.Markup);
    }

    [Fact]
    public void An_edit_shows_what_a_field_needs_and_saves_only_a_valid_entry()
    {
        SignIn(HeadOfA);
        var cut = RenderWithDialogs<PersonPage>(new Dictionary<string, object> { [nameof(PersonPage.PersonId)] = person.Id });
        cut.Find("[data-test=person-edit]").Click();

        cut.WaitForAssertion(() => cut.Find("input[data-test=person-phone]").Change("call me"));
        cut.Find("[data-test=person-save]").Click();
        cut.WaitForAssertion(() => Assert.Contains("电话号码只能包含数字", cut.Markup));
        Assert.Empty(KeyPersons.Saves);

        cut.Find("input[data-test=person-phone]").Change("0512-53001234");
        cut.Find("[data-test=person-save]").Click();

        cut.WaitForAssertion(() => Assert.Equal("0512-53001234", Assert.Single(KeyPersons.Saves).Details.Phone));
        Assert.Equal("changed: phone", KeyPersons.People[person.Id].History[^1].What);
        cut.WaitForAssertion(() => Assert.Contains("修改：电话", cut.Find("[data-test=person-change]").TextContent));
        // The edit confirms, as every action does.
        cut.WaitForAssertion(() => Assert.Contains("王秀英 已保存到登记册。", cut.Find(".mud-snackbar").TextContent));
    }

    [Fact]
    public void A_covering_worker_records_a_visit_from_the_page_and_it_shows_at_once()
    {
        SignIn(WorkerLi);
        var cut = RenderPage<PersonPage>(p => p.Add(x => x.PersonId, person.Id));

        cut.Find("[data-test=person-record-visit]").Click();
        cut.Find("textarea[data-test=visit-observations]").Change("老人精神不错");
        cut.Find("[data-test=visit-submit]").Click();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-test=person-visit]").Count));
        var (personId, visit, user) = Assert.Single(KeyPersons.Visits);
        Assert.Equal((person.Id, "老人精神不错", true, WorkerLi), (personId, visit.Observations, visit.Found, user));
        Assert.Equal(new DateOnly(2026, 11, 2), visit.On);
    }
}
