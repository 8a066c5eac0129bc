using Bunit;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Web.Components.Pages.Demands;
using Dispatch.Web.Localization;
using Dispatch.Web.Tests.Components.Console;

namespace Dispatch.Web.Tests.Components.Demands;

/// <summary>An order's timeline as it is stored, reported, dispatched, assigned and reassigned.</summary>
internal static class OrderHistory
{
    public static readonly Actor Head = ConsoleCity.EastHead;

    public static Demand Reassigned(DemandEvent reported)
    {
        var summary = ConsoleCity.Summary("20261102-7KQ3XA", DemandState.Assigned, stationId: "east", version: 5);
        return ConsoleCity.Demand(summary,
            reported,
            ConsoleCity.Event(2, DemandEventKind.Dispatched, DemandState.Reported, DemandState.Dispatched, stationId: "east"),
            ConsoleCity.Event(3, DemandEventKind.Accepted, DemandState.Dispatched, DemandState.Accepted, Head, stationId: "east"),
            ConsoleCity.Event(4, DemandEventKind.Assigned, DemandState.Accepted, DemandState.Assigned, Head) with { WorkerId = "w1" },
            ConsoleCity.Event(5, DemandEventKind.Assigned, DemandState.Assigned, DemandState.Assigned, Head, note: "陈社工请假")
                with { WorkerId = "w2", PreviousWorkerId = "w1" }) with { WorkerId = "w2" };
    }

    /// <summary>A reported event as stored today: the channel and the reporter's name are facts of their own.</summary>
    public static DemandEvent ReportedWithFacts() =>
        ConsoleCity.Event(1, DemandEventKind.Reported, DemandState.Reported, DemandState.Reported) with
        {
            Channel = ReportChannel.GridWorker,
            ReporterName = "李网格",
        };

    /// <summary>A reported event as stored before: the channel's code written into the note.</summary>
    public static DemandEvent ReportedInNote() =>
        ConsoleCity.Event(1, DemandEventKind.Reported, DemandState.Reported, DemandState.Reported, note: "Hotline12345: 王女士");
}

public sealed class DemandPageTests : ComponentTest
{
    public DemandPageTests()
    {
        Demands.ReferenceData = ConsoleCity.Reference;
        SignIn(ConsoleCity.Dispatcher);
    }

    [Fact]
    public void The_order_page_words_every_event_in_chinese_with_from_whom_to_whom_on_a_reassignment()
    {
        var demand = OrderHistory.Reassigned(OrderHistory.ReportedWithFacts());
        Demands.Demands[demand.Id] = demand;

        var page = RenderPage<DemandPage>(p => p.Add(x => x.DemandId, demand.Id));

        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-test=timeline-event]").Count));
        var events = page.FindAll("[data-test=timeline-event]");
        Assert.Equal(["上报", "派单", "接单", "分派", "改派"], events.Select(e => e.QuerySelector("[data-test=timeline-kind]")!.TextContent.Trim()));
        Assert.Equal("网格员：李网格", What(events[0]));
        Assert.Equal("东区社工站", What(events[1]));
        Assert.Equal("→ 陈社工", What(events[3]));
        Assert.Equal("陈社工 → 刘社工", What(events[4]));
        Assert.Equal("陈社工请假", events[4].QuerySelector("[data-test=timeline-note]")!.TextContent.Trim());
        Assert.Equal(demand.Id, page.Find("[data-test=record-id]").TextContent.Trim());
        Assert.Contains("13912345678", page.Find("[data-test=timeline-facts]").TextContent);
    }

    [Fact]
    public void An_event_stored_with_the_channels_code_in_its_note_reads_as_words_and_never_as_the_code()
    {
        var demand = OrderHistory.Reassigned(OrderHistory.ReportedInNote());
        Demands.Demands[demand.Id] = demand;

        var page = RenderPage<DemandPage>(p => p.Add(x => x.DemandId, demand.Id));

        page.WaitForAssertion(() => Assert.Equal("12345热线：王女士", What(page.FindAll("[data-test=timeline-event]")[0])));
        Assert.DoesNotContain("Hotline12345", page.Markup);
        Assert.Empty(page.FindAll("[data-test=timeline-event]")[0].QuerySelectorAll("[data-test=timeline-note]"));
    }

    [Fact]
    public void A_reassignment_stored_without_the_previous_worker_still_names_both()
    {
        var demand = OrderHistory.Reassigned(OrderHistory.ReportedWithFacts());
        demand = demand with { Timeline = demand.Timeline.SetItem(4, demand.Timeline[4] with { PreviousWorkerId = null }) };
        Demands.Demands[demand.Id] = demand;

        var page = RenderPage<DemandPage>(p => p.Add(x => x.DemandId, demand.Id));

        page.WaitForAssertion(() => Assert.Equal("陈社工 → 刘社工", What(page.FindAll("[data-test=timeline-event]")[4])));
    }

    [Fact]
    public void An_unknown_number_or_an_order_the_user_may_not_see_says_so_and_how_a_number_looks()
    {
        var page = RenderPage<DemandPage>(p => p.Add(x => x.DemandId, "20261102-NOPE00"));

        page.WaitForAssertion(() => Assert.Contains("没有工单 20261102-NOPE00", page.Find("[data-test=demand-missing]").TextContent));
    }

    [Fact]
    public void A_change_made_elsewhere_shows_on_the_open_order_page_at_once()
    {
        var demand = OrderHistory.Reassigned(OrderHistory.ReportedWithFacts());
        Demands.Demands[demand.Id] = demand;
        var page = RenderPage<DemandPage>(p => p.Add(x => x.DemandId, demand.Id));
        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-test=timeline-event]").Count));

        var contacted = ConsoleCity.Event(6, DemandEventKind.Contacted, DemandState.Assigned, DemandState.InService,
            new Actor("w2", "刘社工", ActorRole.SocialWorker), note: "已电话联系") with { WorkerId = "w2" };
        var after = demand with { State = DemandState.InService, Timeline = demand.Timeline.Add(contacted) };
        Demands.Demands[demand.Id] = after;
        Feed.OnDemandChanged(new DemandChange(after.ToSummary(), contacted));

        page.WaitForAssertion(() => Assert.Equal(6, page.FindAll("[data-test=timeline-event]").Count));
        Assert.Equal("首次联系", page.FindAll("[data-test=timeline-kind]")[5].TextContent.Trim());
    }

    internal static string What(AngleSharp.Dom.IElement e) => e.QuerySelector("[data-test=timeline-what]")!.TextContent.Trim();
}

public sealed class DemandPageEnglishTests : ComponentTest
{
    public DemandPageEnglishTests() : base(SupportedCultures.English)
    {
        Demands.ReferenceData = ConsoleCity.Reference;
        SignIn(ConsoleCity.Dispatcher);
    }

    [Theory]
    [InlineData(true, "Grid worker: 李网格")]
    [InlineData(false, "12345 hotline: 王女士")]
    public void The_same_stored_events_read_in_english(bool storedAsFacts, string reported)
    {
        var demand = OrderHistory.Reassigned(storedAsFacts ? OrderHistory.ReportedWithFacts() : OrderHistory.ReportedInNote());
        Demands.Demands[demand.Id] = demand;

        var page = RenderPage<DemandPage>(p => p.Add(x => x.DemandId, demand.Id));

        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-test=timeline-event]").Count));
        var events = page.FindAll("[data-test=timeline-event]");
        Assert.Equal(reported, DemandPageTests.What(events[0]));
        Assert.Equal("Reassigned", events[4].QuerySelector("[data-test=timeline-kind]")!.TextContent.Trim());
        Assert.Equal("陈社工 → 刘社工", DemandPageTests.What(events[4]));
        Assert.Equal("Order 20261102-7KQ3XA", page.Find("h1").TextContent.Trim());
    }
}
