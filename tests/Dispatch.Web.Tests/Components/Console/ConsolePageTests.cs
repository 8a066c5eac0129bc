using System.Collections.Immutable;
using System.Reflection;
using Bunit;
using Bunit.Rendering;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Kpis;
using Dispatch.Contracts.Recommendations;
using Dispatch.Contracts.Sla;
using Dispatch.Web.Components.Pages.Console;
using Dispatch.Web.Components.Shared;
using Dispatch.Web.Demands;
using Dispatch.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;

namespace Dispatch.Web.Tests.Components.Console;

/// <summary>A small hand-made city: two stations, three communities, a few workers and two categories.</summary>
internal static class ConsoleCity
{
    public static readonly DispatchUser Dispatcher = new("dispatcher-li", "李调度", ActorRole.Dispatcher);

    public static readonly ReferenceData Reference = new(
        [
            new Community("east-c1", "东一社区", "east", CommunityKind.Community),
            new Community("east-c2", "东二村", "east", CommunityKind.Village),
            new Community("west-c1", "西一社区", "west", CommunityKind.Community),
        ],
        [
            new Station("east", "东区社工站", "王站长", "0512-1", StationTime.DefaultZone),
            new Station("west", "西区社工站", "赵站长", "0512-2", StationTime.DefaultZone),
        ],
        [
            new SocialWorker("w1", "陈社工", "east", Certification.Assistant, ["east-c1", "east-c2"], "139001"),
            new SocialWorker("w2", "刘社工", "east", Certification.None, ["east-c1", "east-c2"], "139002"),
            new SocialWorker("w3", "周社工", "west", Certification.Intermediate, ["west-c1"], "139003"),
            new SocialWorker("w4", "吴社工", "west", Certification.None, ["west-c1"], "139004", IsActive: false),
        ],
        [
            new PersonCategory("elderly-alone", "独居老人", "Elderly living alone", false),
            new PersonCategory("children", "困境儿童", "Children in difficulty", false),
        ],
        SlaTargets.Default);

    public static DemandSummary Summary(
        string id, DemandState state, Urgency urgency = Urgency.Normal, DateTimeOffset? reportedAt = null,
        DateTimeOffset? dispatchedAt = null, string community = "east-c1", string? stationId = null, bool overdue = false,
        int version = 1, string person = "王秀英") =>
        TestDemands.Summary(id, state, urgency, reportedAt, dispatchedAt, community,
            Reference.FindCommunity(community)!.StationId, stationId, overdue: overdue, version: version, personName: person);

    /// <summary>The demand behind a summary, with the timeline a test gives it.</summary>
    public static Demand Demand(DemandSummary summary, params DemandEvent[] timeline) => new()
    {
        Id = summary.Id,
        State = summary.State,
        CommunityId = summary.CommunityId,
        CategoryId = summary.CategoryId,
        ServiceType = summary.ServiceType,
        Urgency = summary.Urgency,
        Description = summary.DescriptionPreview,
        Person = new Person(summary.PersonName, "13912345678", "东一社区 3 幢"),
        Reporter = new Reporter("李网格", ReportChannel.GridWorker, null),
        HomeStationId = summary.HomeStationId,
        StationId = summary.StationId,
        ReportedAt = summary.ReportedAt,
        DispatchedAt = summary.DispatchedAt,
        ReturnedBy = summary.ReturnedBy,
        Timeline = [.. timeline],
    };

    public static DemandEvent Event(
        int sequence, DemandEventKind kind, DemandState from, DemandState to, Actor? actor = null, string? note = null,
        string? stationId = null, SlaBreach? breach = null, DateTimeOffset? at = null) =>
        new(sequence, kind, at ?? ComponentTest.Now, actor ?? Dispatcher.ToActor(), from, to, note, stationId, Breach: breach);

    public static readonly Actor EastHead = new("head-east", "王站长", ActorRole.StationHead);
}

public sealed class ConsolePageTests : ComponentTest
{
    public ConsolePageTests()
    {
        Demands.ReferenceData = ConsoleCity.Reference;
        SignIn(ConsoleCity.Dispatcher);
    }

    [Fact]
    public void The_queue_shows_overdue_orders_first_then_urgent_then_the_nearest_deadline_with_the_state_it_is_given()
    {
        Demands.Summaries.AddRange(
        [
            ConsoleCity.Summary("NORMAL-OLD", DemandState.Reported, Urgency.Normal, reportedAt: Now.AddHours(-3)),
            ConsoleCity.Summary("ROUTINE", DemandState.Reported, Urgency.Routine, reportedAt: Now.AddMinutes(-10)),
            ConsoleCity.Summary("URGENT", DemandState.Reported, Urgency.Urgent, reportedAt: Now.AddMinutes(-5)),
            ConsoleCity.Summary("OVERDUE", DemandState.Dispatched, Urgency.Normal, reportedAt: Now.AddHours(-4),
                dispatchedAt: Now.AddHours(-3), overdue: true),
            ConsoleCity.Summary("ACCEPTED", DemandState.Accepted, Urgency.Urgent, dispatchedAt: Now),
            ConsoleCity.Summary("CLOSED", DemandState.Closed, Urgency.Urgent),
        ]);

        var screen = RenderWithDialogs<ConsolePage>();

        screen.WaitForAssertion(() => Assert.Equal(["OVERDUE", "URGENT", "NORMAL-OLD", "ROUTINE"], QueueIds(screen)));
        var overdue = Row(screen, "OVERDUE");
        Assert.Contains("已派单", overdue.QuerySelector("[data-test=state-chip]")!.TextContent);
        Assert.NotNull(overdue.QuerySelector("[data-test=overdue-chip]"));
        var urgent = Row(screen, "URGENT");
        Assert.Contains("紧急", urgent.QuerySelector("[data-test=urgency-chip]")!.TextContent);
        Assert.Contains("待派单", urgent.QuerySelector("[data-test=state-chip]")!.TextContent);
        Assert.Contains("东一社区", urgent.TextContent);
        Assert.Contains("独居老人", urgent.TextContent);
        Assert.Contains("王秀英", urgent.TextContent);
        Assert.Contains("5 分钟", urgent.QuerySelector("[data-test=queue-age]")!.TextContent);
        Assert.Contains("剩余 1 小时 55 分钟", urgent.QuerySelector("[data-test=sla-countdown]")!.TextContent);
    }

    [Fact]
    public void Markup_typed_into_a_demand_shows_as_text_in_its_row_and_two_consoles_share_the_rows_markup()
    {
        const string hostile = "<img src=x onerror=alert(1)><script>alert(2)</script>\"'&";
        Demands.Summaries.Add(ConsoleCity.Summary("X1", DemandState.Reported, person: "<b>王</b>") with { DescriptionPreview = hostile });
        var first = RenderWithDialogs<ConsolePage>();
        var second = Render<ConsolePage>();

        first.WaitForAssertion(() => Assert.Equal(hostile, Row(first, "X1").QuerySelector(".console-description")!.TextContent));
        var row = Row(first, "X1");
        Assert.Equal(hostile, row.QuerySelector(".console-description")!.GetAttribute("title"));
        Assert.Contains("<b>王</b>", row.TextContent);
        Assert.Empty(row.QuerySelectorAll("img, script, b"));
        // The host built the row once for both screens.
        second.WaitForElement("[data-test=queue-row]");
        Assert.Equal(1, Services.GetRequiredService<SharedMarkup<QueueRow>>().Count);
    }

    [Fact]
    public void A_long_queue_renders_its_most_pressing_rows_says_how_many_wait_and_keeps_the_oldest_open_order()
    {
        // More newer closed orders than any list limit, and the oldest open order overdue: it must still lead the queue.
        Demands.Summaries.AddRange(Enumerable.Range(0, DemandFilter.MaxLimit + 1)
            .Select(i => ConsoleCity.Summary($"CLOSED-{i}", DemandState.Closed, reportedAt: Now.AddMinutes(-i % 60))));
        Demands.Summaries.AddRange(Enumerable.Range(0, ConsolePage.QueueRowsShown + 50)
            .Select(i => ConsoleCity.Summary($"WAITING-{i:D3}", DemandState.Reported, Urgency.Routine, reportedAt: Now.AddMinutes(-i % 60))));
        Demands.Summaries.Add(ConsoleCity.Summary("OLDEST", DemandState.Reported, reportedAt: Now.AddDays(-3), overdue: true));

        var screen = RenderWithDialogs<ConsolePage>();

        screen.WaitForAssertion(() => Assert.Equal(ConsolePage.QueueRowsShown, QueueIds(screen).Count));
        Assert.Equal("OLDEST", QueueIds(screen)[0]);
        Assert.Contains("共 151 单", screen.Find("[data-test=queue-count]").TextContent);
        Assert.Equal("仅显示最紧急的 100 单（共 151 单），其余工单随处理进度依次显示。", screen.Find("[data-test=queue-more]").TextContent);
    }

    [Fact]
    public void A_province_of_stations_shows_the_tiles_of_those_most_in_need_and_says_how_many_there_are()
    {
        var stations = Enumerable.Range(1, ConsolePage.StationTilesShown + 10)
            .Select(i => new Station($"s{i:D2}", $"第{i}站", "站长", "0512", StationTime.DefaultZone)).ToImmutableList();
        Demands.ReferenceData = ConsoleCity.Reference with
        {
            Stations = stations,
            Communities = [.. stations.Select(s => new Community($"{s.Id}-c", $"{s.Name}社区", s.Id, CommunityKind.Community))],
            Workers = [],
        };
        // The last station in the directory has an overdue order: it must be among the tiles.
        Demands.Summaries.Add(TestDemands.Summary("LATE", DemandState.Dispatched, Urgency.Normal, Now.AddHours(-5), Now.AddHours(-4),
            "s70-c", "s70", "s70", overdue: true));

        var screen = RenderWithDialogs<ConsolePage>();

        screen.WaitForAssertion(() => Assert.Equal(ConsolePage.StationTilesShown, screen.FindAll("[data-test=station-tile]").Count));
        Assert.Equal("s70", screen.FindAll("[data-test=station-tile]")[0].GetAttribute("data-station"));
        Assert.Equal("显示最需关注的 60 个社工站（共 70 个）。", screen.Find("[data-test=stations-more]").TextContent);
    }

    [Fact]
    public void A_pushed_new_demand_appears_without_reload_and_an_urgent_one_is_highlighted_until_its_pulse_is_over()
    {
        Demands.Summaries.Add(ConsoleCity.Summary("OLD", DemandState.Reported, reportedAt: Now.AddHours(-1)));
        var screen = RenderWithDialogs<ConsolePage>();
        screen.WaitForAssertion(() => Assert.Equal(["OLD"], QueueIds(screen)));

        Push(ConsoleCity.Summary("NEW-NORMAL", DemandState.Reported, community: "west-c1"), DemandEventKind.Reported);
        Push(ConsoleCity.Summary("NEW-URGENT", DemandState.Reported, Urgency.Urgent), DemandEventKind.Reported);

        screen.WaitForAssertion(() => Assert.Equal(["NEW-URGENT", "OLD", "NEW-NORMAL"], QueueIds(screen)));
        Assert.Contains("console-attention", Row(screen, "NEW-URGENT").ClassName);
        Assert.DoesNotContain("console-attention", Row(screen, "NEW-NORMAL").ClassName);
        Assert.Equal("1", Figure(screen, "west", "station-open"));

        Clock.Advance(ConsoleBoard.AttentionSpan + TimeSpan.FromSeconds(5));
        screen.WaitForAssertion(() => Assert.DoesNotContain("console-attention", Row(screen, "NEW-URGENT").ClassName));
    }

    [Fact]
    public void An_order_that_becomes_overdue_moves_to_the_top_highlighted_and_beeps_when_sound_is_on()
    {
        Demands.Summaries.AddRange(
        [
            ConsoleCity.Summary("URGENT", DemandState.Reported, Urgency.Urgent),
            ConsoleCity.Summary("SLOW", DemandState.Dispatched, Urgency.Routine, dispatchedAt: Now, stationId: "east"),
        ]);
        var screen = RenderWithDialogs<ConsolePage>();
        screen.WaitForAssertion(() => Assert.Equal(["URGENT", "SLOW"], QueueIds(screen)));
        Assert.Empty(screen.FindAll("audio"));

        screen.Find("input[data-test=console-sound]").Change(true);
        var breach = new SlaBreach(SlaKind.Acceptance, Now, Escalation.StationHead);
        Push(ConsoleCity.Summary("SLOW", DemandState.Dispatched, Urgency.Routine, dispatchedAt: Now, stationId: "east",
            overdue: true, version: 3), DemandEventKind.SlaBreached, actor: Actor.System, breach: breach);

        screen.WaitForAssertion(() => Assert.Equal(["SLOW", "URGENT"], QueueIds(screen)));
        Assert.Contains("console-attention", Row(screen, "SLOW").ClassName);
        Assert.Single(screen.FindAll("audio[autoplay]"));
        Assert.Equal("1", Figure(screen, "east", "station-overdue"));
    }

    [Fact]
    public void A_pushed_acceptance_takes_the_order_off_the_queue_and_updates_its_station_tile_and_a_stale_copy_cannot_bring_it_back()
    {
        var dispatched = ConsoleCity.Summary("D1", DemandState.Dispatched, dispatchedAt: Now, stationId: "east", version: 2);
        Demands.Summaries.AddRange([dispatched, ConsoleCity.Summary("R1", DemandState.Reported, community: "east-c2")]);
        var screen = RenderWithDialogs<ConsolePage>();
        screen.WaitForAssertion(() => Assert.Equal(["D1", "R1"], QueueIds(screen)));
        Assert.Equal("2", Figure(screen, "east", "station-open"));
        Assert.Equal("1", Figure(screen, "east", "station-awaiting"));
        Assert.Equal("2", Figure(screen, "east", "station-workers"));
        Assert.Equal("1", Figure(screen, "west", "station-workers"));

        Push(dispatched with { State = DemandState.Accepted, AcceptedAt = Now, Version = 3 }, DemandEventKind.Accepted,
            actor: ConsoleCity.EastHead);

        screen.WaitForAssertion(() => Assert.Equal(["R1"], QueueIds(screen)));
        Assert.Equal("2", Figure(screen, "east", "station-open"));
        Assert.Equal("0", Figure(screen, "east", "station-awaiting"));

        Push(dispatched, DemandEventKind.Dispatched);
        Push(ConsoleCity.Summary("R2", DemandState.Reported, community: "west-c1"), DemandEventKind.Reported);
        screen.WaitForAssertion(() => Assert.Equal(["R1", "R2"], QueueIds(screen)));
    }

    [Fact]
    public void The_ticker_shows_pushed_events_newest_first_with_time_order_kind_actor_and_note()
    {
        var screen = RenderWithDialogs<ConsolePage>();
        screen.WaitForAssertion(() => Assert.NotNull(screen.Find("[data-test=queue-empty]")));

        Push(ConsoleCity.Summary("T1", DemandState.Reported), DemandEventKind.Reported, note: "GridWorker: 李网格");
        Push(ConsoleCity.Summary("T1", DemandState.Reported, version: 3) with { ReturnedBy = ["east"] }, DemandEventKind.Returned,
            actor: ConsoleCity.EastHead, note: "不在本站辖区", at: Now.AddMinutes(2));

        screen.WaitForAssertion(() => Assert.Equal(2, screen.FindAll("[data-test=ticker-entry]").Count));
        var entries = screen.FindAll("[data-test=ticker-entry]");
        Assert.Contains("10:02:00", entries[0].TextContent);
        Assert.Contains("T1", entries[0].TextContent);
        Assert.Contains("退回", entries[0].TextContent);
        Assert.Contains("王站长", entries[0].TextContent);
        Assert.Contains("不在本站辖区", entries[0].TextContent);
        Assert.Contains("上报", entries[1].TextContent);
        // The channel's code stored in an old event's note reads as the channel's name.
        Assert.Contains("网格员：李网格", entries[1].TextContent);
        Assert.DoesNotContain("GridWorker", entries[1].TextContent);
        // The returned order is back in the queue with the reason its station gave.
        Assert.Contains("退回原因：不在本站辖区", Row(screen, "T1").QuerySelector("[data-test=queue-return-reason]")!.TextContent);
    }

    [Fact]
    public void The_dispatch_dialog_preselects_the_top_recommendation_shows_its_reasons_and_dispatches_there_as_the_dispatcher()
    {
        var summary = ConsoleCity.Summary("D1", DemandState.Reported);
        Demands.Summaries.Add(summary);
        Demands.Demands["D1"] = ConsoleCity.Demand(summary with { State = DemandState.Dispatched, StationId = "east" });
        Demands.RecommendationsById["D1"] = Recommend("D1");
        var screen = RenderWithDialogs<ConsolePage>();

        Press(screen, "queue-dispatch");

        screen.WaitForAssertion(() => Assert.Equal(2, screen.FindAll("[data-test=dispatch-option]").Count));
        var top = screen.FindAll("[data-test=dispatch-option]")[0];
        Assert.Equal("east", top.GetAttribute("data-station"));
        Assert.NotNull(top.QuerySelector("[data-test=dispatch-recommended]"));
        Assert.Equal("east", screen.FindComponent<MudRadioGroup<string>>().Instance.Value);
        var reasons = top.QuerySelectorAll("[data-test=dispatch-reason]").Select(r => r.TextContent.Trim()).ToList();
        Assert.Equal(["辖区社工站 · 东一社区", "在办工单：2", "在岗社工：4"], reasons);

        screen.Find("[data-test=dispatch-confirm]").Click();

        var (id, command, user) = Assert.Single(Demands.Commands);
        Assert.Equal("D1", id);
        Assert.Equal(new DispatchDemand("east"), command);
        Assert.Equal(ConsoleCity.Dispatcher, user);
        screen.WaitForAssertion(() => Assert.Empty(screen.FindAll("[data-test=dispatch-option]")));
    }

    [Fact]
    public void Re_dispatching_a_returned_order_shows_why_it_came_back_and_a_refusal_is_worded_in_the_users_language()
    {
        var summary = ConsoleCity.Summary("D1", DemandState.Reported, version: 3) with { ReturnedBy = ["east"] };
        Demands.Summaries.Add(summary);
        Demands.Demands["D1"] = ConsoleCity.Demand(summary,
            ConsoleCity.Event(1, DemandEventKind.Reported, DemandState.Reported, DemandState.Reported),
            ConsoleCity.Event(2, DemandEventKind.Dispatched, DemandState.Reported, DemandState.Dispatched, stationId: "east"),
            ConsoleCity.Event(3, DemandEventKind.Returned, DemandState.Dispatched, DemandState.Reported, ConsoleCity.EastHead,
                note: "人手不足", stationId: "east"));
        Demands.RecommendationsById["D1"] = Recommend("D1");
        Demands.Respond = (_, _) => DemandResult.Refused(new Refusal(RefusalKind.InvalidState,
            "Cannot Dispatch a demand that is Dispatched.", CurrentState: DemandState.Dispatched,
            Allowed: [DemandAction.Accept, DemandAction.Return, DemandAction.Cancel]));
        var screen = RenderWithDialogs<ConsolePage>();

        screen.WaitForAssertion(() =>
            Assert.Contains("退回原因：人手不足", Row(screen, "D1").QuerySelector("[data-test=queue-return-reason]")!.TextContent));
        Press(screen, "queue-dispatch");
        screen.WaitForAssertion(() =>
            Assert.Contains("被东区社工站退回：人手不足", screen.Find("[data-test=dispatch-return-reason]").TextContent));

        screen.Find("[data-test=dispatch-confirm]").Click();

        screen.WaitForAssertion(() => Assert.Contains(
            "工单当前状态为「已派单」，现在可执行：接单、退回、取消工单。", screen.Find("[data-test=refusal]").TextContent));
        Assert.Contains("Cannot Dispatch a demand that is Dispatched.", screen.Find("[data-test=refusal]").TextContent);
        Assert.Single(Demands.Commands);
    }

    [Fact]
    public void Cancelling_needs_a_reason_and_then_cancels_with_it()
    {
        var summary = ConsoleCity.Summary("C1", DemandState.Reported);
        Demands.Summaries.Add(summary);
        Demands.Demands["C1"] = ConsoleCity.Demand(summary with { State = DemandState.Cancelled });
        var screen = RenderWithDialogs<ConsolePage>();
        Press(screen, "queue-cancel");
        screen.WaitForElement("[data-test=cancel-confirm]").Click();

        screen.WaitForAssertion(() => Assert.Contains("请填写取消原因。", screen.Find("[data-test=cancel-dialog]").TextContent));
        Assert.Empty(Demands.Commands);

        screen.Find("textarea[data-test=cancel-reason]").Change("居民已自行解决");
        screen.Find("[data-test=cancel-confirm]").Click();

        screen.WaitForAssertion(() => Assert.Single(Demands.Commands));
        Assert.Equal(("C1", (DemandCommand)new CancelDemand("居民已自行解决"), ConsoleCity.Dispatcher), Demands.Commands[0]);
    }

    [Fact]
    public void The_intake_form_names_what_is_missing_and_reports_a_complete_demand_as_entered()
    {
        var reported = ConsoleCity.Summary("NEW", DemandState.Reported, community: "west-c1");
        Demands.Respond = (_, _) => DemandResult.Ok(ConsoleCity.Demand(reported));
        var screen = RenderWithDialogs<ConsolePage>();
        screen.WaitForElement("[data-test=console-intake]:not([disabled])").Click();
        screen.WaitForElement("[data-test=intake-submit]").Click();

        screen.WaitForAssertion(() => Assert.True(
            screen.Find("[data-test=intake-dialog]").TextContent.Split("必填").Length - 1 >= 6));
        Assert.Empty(Demands.Reports);

        var community = screen.FindComponent<MudAutocomplete<Community>>();
        screen.Find("input[data-test=intake-community]").Input("西一");
        screen.WaitForAssertion(() => Assert.Contains("西一社区", screen.Find(".mud-popover-open").TextContent));
        screen.Find(".mud-popover-open .mud-list-item").Click();
        screen.WaitForAssertion(() => Assert.Equal("west-c1", community.Instance.GetState(x => x.Value)?.Id));
        Choose<MudSelect<string>, string>(screen, "children");
        Choose<MudSelect<ServiceType?>, ServiceType?>(screen, ServiceType.SocialAssistance);
        Choose<MudSelect<ReportChannel?>, ReportChannel?>(screen, ReportChannel.Hotline12345);
        screen.Find("input[data-test=intake-urgency-Urgent]").Click();
        screen.Find("textarea[data-test=intake-description]").Change("孩子放学无人照看，需要临时托管。");
        screen.Find("input[data-test=intake-person-name]").Change("张小明");
        screen.Find("input[data-test=intake-person-phone]").Change("139 1234 5678");
        screen.Find("input[data-test=intake-reporter-name]").Change("赵女士");
        screen.Find("[data-test=intake-submit]").Click();

        screen.WaitForAssertion(() => Assert.Single(Demands.Reports));
        var (request, user) = Demands.Reports[0];
        Assert.Equal(ConsoleCity.Dispatcher, user);
        Assert.Equal("west-c1", request.CommunityId);
        Assert.Equal("children", request.CategoryId);
        Assert.Equal(ServiceType.SocialAssistance, request.ServiceType);
        Assert.Equal(Urgency.Urgent, request.Urgency);
        Assert.Equal("孩子放学无人照看，需要临时托管。", request.Description);
        Assert.Equal(new PersonRequest("张小明", "139 1234 5678", null), request.Person);
        Assert.Equal(new ReporterRequest("赵女士", ReportChannel.Hotline12345, null), request.Reporter);
    }

    [Fact]
    public void A_field_the_server_refuses_is_named_next_to_that_field()
    {
        Demands.Respond = (_, _) => DemandResult.Refused(new Refusal(RefusalKind.Invalid, "person.name contains control characters.", "person.name"));
        var screen = RenderWithDialogs<ConsolePage>();
        screen.WaitForElement("[data-test=console-intake]:not([disabled])").Click();
        screen.WaitForElement("[data-test=intake-submit]");
        FillValidIntake(screen);

        screen.Find("[data-test=intake-submit]").Click();

        screen.WaitForAssertion(() => Assert.Contains(
            "未通过校验：person.name contains control characters.", screen.Find("[data-test=field-refusal]").TextContent));
        Assert.Single(Demands.Reports);
    }

    [Fact]
    public void The_kpi_strip_shows_todays_figures_and_recomputes_them_after_a_burst_of_pushes_at_most_once_a_second()
    {
        var accepted = ConsoleCity.Summary("A1", DemandState.Accepted, reportedAt: Now.AddMinutes(-30), dispatchedAt: Now.AddMinutes(-20))
            with { AcceptedAt = Now.AddMinutes(-10), DispatchedTo = ["east"] };
        Demands.Summaries.Add(accepted);
        Demands.KpiReport = KpiCalculator.Compute(Demands.Summaries, ConsoleCity.Reference, Now, new DateTimeOffset(Now.Date, Now.Offset));
        var screen = RenderWithDialogs<ConsolePage>();
        screen.WaitForAssertion(() => Assert.Equal("1", Kpi(screen, "kpi-today")));
        Assert.Equal("10 分钟 / 10 分钟", Kpi(screen, "kpi-acceptance"));
        Assert.Equal("0%", Kpi(screen, "kpi-return-rate").Replace(" ", ""));

        Demands.KpiReport = Demands.KpiReport with { Overall = Demands.KpiReport.Overall with { Reported = 3 } };
        Push(ConsoleCity.Summary("N1", DemandState.Reported), DemandEventKind.Reported);
        Push(ConsoleCity.Summary("N2", DemandState.Reported), DemandEventKind.Reported);
        screen.WaitForAssertion(() => Assert.Equal(["N1", "N2"], QueueIds(screen)));
        Assert.Equal("1", Kpi(screen, "kpi-today"));

        Clock.Advance(ConsolePage.KpiInterval);
        screen.WaitForAssertion(() => Assert.Equal("3", Kpi(screen, "kpi-today")));
    }

    [Fact]
    public void The_ticker_words_a_reported_events_facts_and_a_reassignment_from_whom_to_whom()
    {
        var screen = RenderWithDialogs<ConsolePage>();
        screen.WaitForAssertion(() => Assert.NotNull(screen.Find("[data-test=queue-empty]")));

        Feed.OnDemandChanged(new DemandChange(ConsoleCity.Summary("T1", DemandState.Reported),
            ConsoleCity.Event(1, DemandEventKind.Reported, DemandState.Reported, DemandState.Reported) with
            {
                Channel = ReportChannel.Hotline12345,
                ReporterName = "王女士",
            }));
        Feed.OnDemandChanged(new DemandChange(ConsoleCity.Summary("T2", DemandState.Assigned, stationId: "east", version: 5),
            ConsoleCity.Event(5, DemandEventKind.Assigned, DemandState.Assigned, DemandState.Assigned, ConsoleCity.EastHead)
                with { WorkerId = "w2", PreviousWorkerId = "w1" }));

        screen.WaitForAssertion(() => Assert.Equal(2, screen.FindAll("[data-test=ticker-entry]").Count));
        var entries = screen.FindAll("[data-test=ticker-entry]");
        Assert.Contains("改派", entries[0].TextContent);
        Assert.Contains("陈社工 → 刘社工", entries[0].TextContent);
        Assert.Contains("12345热线：王女士", entries[1].TextContent);
    }

    [Fact]
    public void The_timeline_shows_every_event_with_its_actor_station_and_a_breach_in_the_users_language()
    {
        var summary = ConsoleCity.Summary("T1", DemandState.Dispatched, dispatchedAt: Now, stationId: "east", overdue: true, version: 3);
        Demands.Summaries.Add(summary);
        Demands.Demands["T1"] = ConsoleCity.Demand(summary,
            ConsoleCity.Event(1, DemandEventKind.Reported, DemandState.Reported, DemandState.Reported, note: "GridWorker: 李网格"),
            ConsoleCity.Event(2, DemandEventKind.Dispatched, DemandState.Reported, DemandState.Dispatched, stationId: "east"),
            ConsoleCity.Event(3, DemandEventKind.SlaBreached, DemandState.Dispatched, DemandState.Dispatched, Actor.System,
                note: "Acceptance SLA breached", breach: new SlaBreach(SlaKind.Acceptance, Now, Escalation.StationHead),
                at: Now.AddMinutes(20)));
        var screen = RenderWithDialogs<ConsolePage>();

        Press(screen, "queue-timeline");

        screen.WaitForAssertion(() => Assert.Equal(3, screen.FindAll("[data-test=timeline-event]").Count));
        var events = screen.FindAll("[data-test=timeline-event]");
        Assert.Equal(["上报", "派单", "超时预警"], events.Select(e => e.QuerySelector("[data-test=timeline-kind]")!.TextContent.Trim()));
        Assert.Contains("李调度", events[1].TextContent);
        Assert.Contains("东区社工站", events[1].TextContent);
        Assert.Contains("接单时限（11-02 10:00）已超时，已上报站长", events[2].TextContent);
        Assert.Contains("11-02 10:20:00", events[2].TextContent);
        Assert.Contains("13912345678", screen.Find("[data-test=timeline-facts]").TextContent);
    }

    [Fact]
    public void The_timeline_shows_a_steps_form_and_a_referrals_answer_readably()
    {
        var summary = ConsoleCity.Summary("T2", DemandState.Dispatched, dispatchedAt: Now, stationId: "east", version: 2);
        Demands.Summaries.Add(summary);
        var plan = new PlanForm(["保障基本生活"], [new PlanAction("申请临时救助", new DateOnly(2026, 11, 20), "镇慈善基金")]);
        Demands.Demands["T2"] = ConsoleCity.Demand(summary,
            ConsoleCity.Event(1, DemandEventKind.StepRecorded, DemandState.InService, DemandState.InService) with
            {
                Step = CaseworkStep.Plan,
                Form = plan,
            },
            ConsoleCity.Event(2, DemandEventKind.ReferralAnswered, DemandState.InService, DemandState.InService, note: "已受理") with
            {
                Referral = new Referral("R1", "镇司法所", "赡养纠纷", Now, "已受理", Now),
            });
        var screen = RenderWithDialogs<ConsolePage>();

        Press(screen, "queue-timeline");

        screen.WaitForAssertion(() => Assert.Equal(2, screen.FindAll("[data-test=timeline-event]").Count));
        var events = screen.FindAll("[data-test=timeline-event]");
        Assert.Contains("服务目标：保障基本生活", events[0].TextContent);
        Assert.Contains("申请临时救助 · 完成期限 2026-11-20 · 链接资源 镇慈善基金", events[0].TextContent);
        Assert.Equal("转介回复", events[1].QuerySelector("[data-test=timeline-kind]")!.TextContent.Trim());
        Assert.Contains("转介 R1：镇司法所：已受理", events[1].TextContent);
    }

    [Fact]
    public void Only_dispatchers_may_open_the_console()
    {
        var route = typeof(ConsolePage).GetCustomAttribute<RouteAttribute>();
        var authorize = typeof(ConsolePage).GetCustomAttribute<AuthorizeAttribute>();

        Assert.Equal("/console", route?.Template);
        Assert.Equal(nameof(ActorRole.Dispatcher), authorize?.Roles);
    }

    /// <summary>The console in English: same data, English words.</summary>
    public sealed class InEnglish : ComponentTest
    {
        public InEnglish() : base(SupportedCultures.English)
        {
            Demands.ReferenceData = ConsoleCity.Reference;
            SignIn(ConsoleCity.Dispatcher);
        }

        [Fact]
        public void The_console_speaks_english()
        {
            Demands.Summaries.Add(ConsoleCity.Summary("E1", DemandState.Reported, Urgency.Urgent, reportedAt: Now.AddMinutes(-5)));
            var screen = RenderPage<ConsolePage>();

            screen.WaitForAssertion(() => Assert.Single(screen.FindAll("[data-test=queue-row]")));
            Assert.Contains("Command center", screen.Markup);
            Assert.Contains("Take in a demand", screen.Find("[data-test=console-intake]").TextContent);
            var row = screen.Find("[data-test=queue-row]");
            Assert.Contains("Reported", row.QuerySelector("[data-test=state-chip]")!.TextContent);
            Assert.Contains("Urgent", row.QuerySelector("[data-test=urgency-chip]")!.TextContent);
            Assert.Contains("Elderly living alone", row.TextContent);
            Assert.Contains("Contact: Due in 1 h 55 min", row.QuerySelector("[data-test=sla-countdown]")!.TextContent);
            Assert.Contains("awaiting acceptance", screen.Find("[data-station=east]").TextContent);
        }
    }

    private void Push(
        DemandSummary summary, DemandEventKind kind, Actor? actor = null, string? note = null, SlaBreach? breach = null,
        DateTimeOffset? at = null) =>
        Feed.OnDemandChanged(new DemandChange(summary,
            ConsoleCity.Event(summary.Version, kind, summary.State, summary.State, actor, note, summary.StationId, breach, at)));

    private static List<string> QueueIds(IRenderedComponent<IComponent> screen) =>
        [.. screen.FindAll("[data-test=queue-row]").Select(r => r.GetAttribute("data-demand")!)];

    /// <summary>
    /// Presses a row's button as the browser does: dispatch.js turns the click into a queue action on the table, naming
    /// the button's action and its row's demand.
    /// </summary>
    private static void Press(IRenderedComponent<IComponent> screen, string button)
    {
        var pressed = screen.WaitForElement($"[data-test={button}]");
        screen.Find("[data-test=queue] tbody").TriggerEvent("onqueueaction", new QueueActionEventArgs
        {
            Action = pressed.GetAttribute("data-action"),
            DemandId = pressed.Closest("[data-demand]")!.GetAttribute("data-demand"),
        });
    }

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<IComponent> screen, string id) =>
        screen.Find($"[data-test=queue-row][data-demand='{id}']");

    private static string Figure(IRenderedComponent<IComponent> screen, string station, string figure) =>
        screen.Find($"[data-station={station}] [data-test={figure}] .console-figure").TextContent.Trim();

    private static string Kpi(IRenderedComponent<IComponent> screen, string kpi) =>
        screen.Find($"[data-test={kpi}] [data-test=kpi-value]").TextContent.Trim();

    /// <summary>Picks a value in a select as a click on its item would: MudBlazor's list opens in a popover.</summary>
    private static void Choose<TSelect, T>(IRenderedComponent<IComponent> screen, T value) where TSelect : MudBaseInput<T>
    {
        var select = screen.FindComponent<TSelect>();
        select.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(value));
    }

    private static void FillValidIntake(IRenderedComponent<IComponent> screen)
    {
        Choose<MudAutocomplete<Community>, Community>(screen, ConsoleCity.Reference.Communities[0]);
        Choose<MudSelect<string>, string>(screen, "elderly-alone");
        Choose<MudSelect<ServiceType?>, ServiceType?>(screen, ServiceType.ElderlyAndChildCare);
        Choose<MudSelect<ReportChannel?>, ReportChannel?>(screen, ReportChannel.GridWorker);
        screen.Find("textarea[data-test=intake-description]").Change("独居老人需要上门探访。");
        screen.Find("input[data-test=intake-person-name]").Change("王秀英");
        screen.Find("input[data-test=intake-reporter-name]").Change("李网格");
    }

    private static Recommendations Recommend(string demandId) => new(demandId, "east",
        [
            new StationRecommendation(1, "east", "东区社工站", 106,
                [new(ReasonCode.CoversCommunity, 1, "东一社区"), new(ReasonCode.OpenOrders, 2), new(ReasonCode.WorkersOnDuty, 4)]),
            new StationRecommendation(2, "west", "西区社工站", 1,
                [new(ReasonCode.OpenOrders, 1), new(ReasonCode.WorkersOnDuty, 1)]),
        ],
        []);
}
