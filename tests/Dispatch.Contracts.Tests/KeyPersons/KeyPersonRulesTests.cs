using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.KeyPersons;
using static Dispatch.Contracts.Tests.KeyPersons.RegisterCity;

namespace Dispatch.Contracts.Tests.KeyPersons;

public sealed class KeyPersonRulesTests
{
    private static readonly Actor Head = new("head-cx", "陈站长", ActorRole.StationHead);
    private static readonly Actor Worker = new("zhang", "张社工", ActorRole.SocialWorker);
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);   // 10:00 in China

    private static KeyPerson Registered() => KeyPersonRules.Save(null, Details(), City, Head, Now).Person!;

    [Fact]
    public void A_valid_entry_has_no_problems() => Assert.Empty(KeyPersonRules.Check(Details(), City));

    [Fact]
    public void Every_problem_of_an_entry_is_reported_with_its_field()
    {
        var details = new KeyPersonDetails(" ", "320585199001011234", "call me", "c-nowhere",
        [
            new CategoryMembership("cat-unknown", new DateOnly(2026, 1, 1)),
            new CategoryMembership("cat-flood", new DateOnly(2026, 7, 1)),
            new CategoryMembership("cat-dibao", new DateOnly(2026, 7, 1), Until: new DateOnly(2026, 6, 30)),
            new CategoryMembership("cat-dibao", new DateOnly(2026, 1, 1)),
        ], (RiskLevel)7, "\u202Egnp.exe");

        var problems = KeyPersonRules.Check(details, City);

        Assert.Equal(
            ["name", "idNumber", "phone", "communityId", "riskLevel", "notes", "categories", "categories", "categories", "categories"],
            problems.Select(p => p.Field));
        Assert.Contains(problems, p => p.Message.Contains("'cat-dibao' is given more than once"));
        Assert.Contains(problems, p => p.Message.Contains("unknown category 'cat-unknown'"));
        Assert.Contains(problems, p => p.Message.Contains("temporary category: it needs an end date"));
        Assert.Contains(problems, p => p.Message.Contains("ends (2026-06-30) before it starts (2026-07-01)"));
        Assert.Contains("at least one", Assert.Single(KeyPersonRules.Check(Details() with { Categories = [] }, City)).Message);
    }

    [Fact]
    public void Registering_puts_the_person_under_the_station_of_their_community_and_traces_who_did_it()
    {
        var person = Registered();

        Assert.Equal(IdNumbers.PersonIdOf(IdWithDigit), person.Id);
        Assert.Equal("st-cx", person.StationId);
        var registered = Assert.Single(person.History);
        Assert.Equal((Now, Head, "registered"), (registered.At, registered.Actor, registered.What));
        Assert.Equal("3205**********1235", person.ToSummary().MaskedIdNumber);
    }

    [Fact]
    public void Saving_the_same_details_again_changes_nothing_and_a_change_is_traced()
    {
        var person = Registered();

        Assert.Same(person, KeyPersonRules.Save(person, Details() with { Name = " 王秀英 " }, City, Head, Now.AddHours(1)).Person);

        var moved = KeyPersonRules.Save(person, Details() with { CommunityId = "c-shaxi", Phone = "13900000000" }, City, Head, Now.AddHours(1)).Person!;
        Assert.Equal("st-sx", moved.StationId);
        Assert.Equal("changed: phone, community", moved.History[^1].What);
        Assert.True(moved.Version > person.Version);
    }

    [Fact]
    public void The_id_number_cannot_change_and_a_bad_entry_changes_nothing()
    {
        var person = Registered();

        var changedId = KeyPersonRules.Save(person, Details(IdWithX), City, Head, Now);
        Assert.Equal(("idNumber", RefusalKind.Invalid), (changedId.Refusal!.Field, changedId.Refusal.Kind));

        var invalid = KeyPersonRules.Save(person, Details() with { CommunityId = "c-nowhere" }, City, Head, Now);
        Assert.Equal("communityId", invalid.Refusal!.Field);
        Assert.Null(invalid.Person);
    }

    [Fact]
    public void A_visit_gets_an_id_and_each_need_found_a_demand_id_before_any_demand_exists()
    {
        var ids = new Queue<string>(["20261122-AAAAAA", "20261122-BBBBBB"]);
        var visit = new RecordVisit(new DateOnly(2026, 11, 22), true, " 老人腿脚不便，冰箱空了 ",
        [
            new NeedFound("需要助餐服务", ServiceType.ElderlyAndChildCare, Urgency.Normal),
            new NeedFound("申请临时救助", ServiceType.SocialAssistance, Urgency.Urgent),
        ]);

        var person = KeyPersonRules.RecordVisit(Registered(), visit, "w-zhang", Worker, Now, ids.Dequeue).Person!;

        var recorded = Assert.Single(person.Visits);
        Assert.Equal($"{person.Id}-v1", recorded.Id);
        Assert.Equal("老人腿脚不便，冰箱空了", recorded.Observations);
        Assert.Equal(["20261122-AAAAAA", "20261122-BBBBBB"], recorded.Needs.Select(n => n.DemandId));
        Assert.Equal(("w-zhang", Worker), (recorded.WorkerId, recorded.VisitedBy));
        Assert.Equal([new VisitMark(new DateOnly(2026, 11, 22), true, "w-zhang")], person.ToSummary().Visits);
    }

    [Theory]
    [InlineData(2026, 11, 23, "on")]                 // tomorrow in China
    [InlineData(2026, 10, 21, "on")]                 // 32 days late
    public void A_visit_cannot_be_dated_in_the_future_or_too_late(int year, int month, int day, string field)
    {
        var result = KeyPersonRules.RecordVisit(Registered(), new RecordVisit(new DateOnly(year, month, day), true, "走访", []),
            "w-zhang", Worker, Now, () => "x");

        Assert.Equal(field, result.Refusal!.Field);
    }

    [Fact]
    public void A_visit_a_month_late_is_accepted_and_today_is_China_s_date()
    {
        var lateNight = new DateTimeOffset(2026, 11, 30, 16, 30, 0, TimeSpan.Zero);   // already 1 December in China

        Assert.True(KeyPersonRules.RecordVisit(Registered(), new RecordVisit(new DateOnly(2026, 12, 1), true, "走访", []),
            "w-zhang", Worker, lateNight, () => "x").Succeeded);
        Assert.True(KeyPersonRules.RecordVisit(Registered(), new RecordVisit(new DateOnly(2026, 10, 22), true, "走访", []),
            "w-zhang", Worker, Now, () => "x").Succeeded);
    }

    [Fact]
    public void Every_problem_of_a_visit_names_its_field()
    {
        var visit = new RecordVisit(new DateOnly(2026, 11, 22), false, "",
            [new NeedFound("", (ServiceType)42, Urgency.Urgent), new NeedFound("需要", ServiceType.ResourceLinking, (Urgency)9)]);

        Assert.Equal(
            ["observations", "needs[0].description", "needs[0].serviceType", "needs[1].urgency"],
            KeyPersonRules.Check(visit, new DateOnly(2026, 11, 22)).Select(p => p.Field));
    }

    [Fact]
    public void Linking_a_demand_twice_links_it_once()
    {
        var person = KeyPersonRules.LinkDemand(Registered(), "20261122-AAAAAA");

        Assert.Same(person, KeyPersonRules.LinkDemand(person, "20261122-AAAAAA"));
        Assert.Equal(1, person.ToSummary().DemandCount);
    }

    [Fact]
    public void A_category_visits_between_one_and_four_times_a_month() =>
        Assert.Equal(["visitsPerMonth"], DirectoryRules.Check(City, City.Categories[0] with { VisitsPerMonth = 5 }, isNew: false).Select(p => p.Field));
}
