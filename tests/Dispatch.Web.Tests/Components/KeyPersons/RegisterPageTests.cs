using Bunit;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Web.Components.Pages.KeyPersons;
using Dispatch.Web.DemoData;
using static Dispatch.Web.Tests.Components.HandMadeCity;

namespace Dispatch.Web.Tests.Components;

/// <summary>
/// The key-person register on 2 November 2026: 王秀英 (东风社区, station 甲) was visited in October, 陆根宝 (南塘村,
/// station 甲) was not, and 钱小妹 lives in 北岸社区 of station 乙.
/// </summary>
public sealed class RegisterPageTests : ComponentTest
{
    private static int idSequence;
    private static readonly DispatchUser Dispatcher = new("dispatcher", "周敏", ActorRole.Dispatcher);

    private readonly KeyPerson wang;
    private readonly KeyPerson lu;
    private readonly KeyPerson qian;

    public RegisterPageTests()
    {
        Demands.ReferenceData = Reference;
        wang = Visited(KeyPersons.Add(Person("王秀英", "jia-c1")), new DateOnly(2026, 10, 12));
        lu = KeyPersons.Add(Person("陆根宝", "jia-v1"));
        qian = KeyPersons.Add(Person("钱小妹", "yi-c1"));
    }

    /// <summary>A register entry with a fresh id number (test classes run in parallel, so the sequence is interlocked).</summary>
    public static KeyPersonDetails Person(string name, string communityId, RiskLevel? risk = null) => new(
        name, KeyPersonDemoData.NextIdNumber(new Random(Interlocked.Increment(ref idSequence))), "13800000000", communityId,
        [new CategoryMembership("elderly-alone", new DateOnly(2025, 3, 1))], risk, null);

    private KeyPerson Visited(KeyPerson person, DateOnly on) =>
        KeyPersons.People[person.Id] = person with
        {
            Visits = person.Visits.Add(new Visit($"{person.Id}-v{person.Visits.Count + 1}", on, true, "走访", [],
                new Actor("li-ming", "李明", ActorRole.SocialWorker), "w-li", Now)),
        };

    [Fact]
    public void A_station_head_sees_their_station_s_people_masked_with_this_month_s_plan()
    {
        SignIn(HeadOfA);

        var cut = RenderPage<RegisterPage>();

        Assert.NotNull(cut.Find($"[data-test=person-{wang.Id}]"));
        Assert.NotNull(cut.Find($"[data-test=person-{lu.Id}]"));
        Assert.Empty(cut.FindAll($"[data-test=person-{qian.Id}]"));
        Assert.Contains(IdNumbers.Mask(wang.Details.IdNumber), cut.Markup);
        Assert.DoesNotContain(wang.Details.IdNumber, cut.Markup);
        Assert.Equal("0/1", cut.Find($"[data-test=visits-{wang.Id}]").TextContent.Trim());
        // 陆根宝 was not visited in October: overdue from the first day of November; 王秀英 is due by the 30th.
        Assert.Contains("上月未访", cut.Find($"[data-test=person-{lu.Id}]").Parent!.TextContent);
        Assert.Contains("11-30 前走访", cut.Find($"[data-test=person-{wang.Id}]").Parent!.TextContent);
        Assert.Equal("0%", cut.Find("[data-test=register-rate] [data-test=visit-rate-value]").TextContent.Trim());
        Assert.Contains("逾期 1 人", cut.Find("[data-test=register-rate]").TextContent);
        Assert.NotNull(cut.Find("[data-test=register-add]"));
    }

    [Fact]
    public void A_visit_recorded_elsewhere_moves_the_plan_and_the_rate_live()
    {
        SignIn(HeadOfA);
        var cut = RenderPage<RegisterPage>();

        var visited = Visited(wang, new DateOnly(2026, 11, 2));
        Feed.OnKeyPersonChanged(visited.ToSummary());

        cut.WaitForAssertion(() => Assert.Equal("1/1", cut.Find($"[data-test=visits-{wang.Id}]").TextContent.Trim()));
        Assert.Equal("50%", cut.Find("[data-test=register-rate] [data-test=visit-rate-value]").TextContent.Trim());
        Assert.Contains("已走访", cut.Find($"[data-test=person-{wang.Id}]").Parent!.TextContent);
    }

    [Fact]
    public void The_city_sees_every_station_reads_only_and_can_narrow_to_overdue_visits()
    {
        SignIn(Dispatcher);
        var cut = RenderPage<RegisterPage>();

        Assert.NotNull(cut.Find($"[data-test=person-{qian.Id}]"));
        Assert.Empty(cut.FindAll("[data-test=register-add]"));

        cut.Find("input[data-test=register-overdue-only]").Change(true);

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll($"[data-test=person-{wang.Id}]")));
        Assert.NotNull(cut.Find($"[data-test=person-{lu.Id}]"));
        Assert.NotNull(cut.Find($"[data-test=person-{qian.Id}]"));
    }

    [Fact]
    public void A_worker_sees_only_the_people_of_the_communities_they_cover()
    {
        SignIn(WorkerLi);

        var cut = RenderPage<RegisterPage>();

        Assert.NotNull(cut.Find($"[data-test=person-{wang.Id}]"));
        Assert.Empty(cut.FindAll($"[data-test=person-{lu.Id}]"));      // 南塘村 is 赵芳's
        Assert.Empty(cut.FindAll($"[data-test=person-{qian.Id}]"));
    }
}
