using System.Globalization;
using Bunit;
using Microsoft.Extensions.Time.Testing;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Sla;
using Dispatch.Web.Components.Shared;

namespace Dispatch.Web.Tests.Components;

public sealed class SharedComponentTests : ComponentTest
{
    [Fact]
    public void A_state_chip_speaks_the_users_language()
    {
        Assert.Contains("服务中", Render<StateChip>(p => p.Add(c => c.State, DemandState.InService)).Markup);
    }

    [Fact]
    public async Task The_sla_countdown_redraws_when_the_minute_shown_turns_not_every_second()
    {
        var demand = TestDemands.Summary("D2", DemandState.Dispatched, Urgency.Urgent, reportedAt: Now, dispatchedAt: Now - TimeSpan.FromSeconds(30));
        var countdown = Render<SlaCountdown>(p => p.Add(c => c.Demand, demand).Add(c => c.Targets, SlaTargets.Default));
        Assert.Contains("剩余 14 分钟", countdown.Find("[data-test=sla-countdown]").TextContent);

        Clock.Advance(TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(1, countdown.RenderCount);

        Clock.Advance(TimeSpan.FromSeconds(11));
        countdown.WaitForAssertion(() => Assert.Contains("剩余 13 分钟", countdown.Find("[data-test=sla-countdown]").TextContent));
        Assert.Equal(2, countdown.RenderCount);
    }

    [Fact]
    public void The_sla_countdown_shows_time_left_and_turns_to_overdue_as_the_clock_passes_the_deadline()
    {
        var demand = TestDemands.Summary("D1", DemandState.Dispatched, Urgency.Urgent, reportedAt: Now, dispatchedAt: Now);
        var countdown = Render<SlaCountdown>(p => p.Add(c => c.Demand, demand).Add(c => c.Targets, SlaTargets.Default));
        Assert.Contains("接单: 剩余 15 分钟", countdown.Find("[data-test=sla-countdown]").TextContent);

        Clock.Advance(TimeSpan.FromMinutes(20));
        countdown.WaitForAssertion(() =>
            Assert.Contains("超时 5 分钟", countdown.Find("[data-test=sla-countdown]").TextContent), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Shared_markup_is_built_once_per_input_and_language_and_let_go_a_generation_after_its_last_use()
    {
        var time = new FakeTimeProvider(Now);
        var markup = new SharedMarkup<string>(time);
        var builds = 0;
        string Build(string input) => $"<td>{++builds}:{input}</td>";

        var first = markup.Get("a", Build);
        Assert.Same(first.Value, markup.Get("a", Build).Value);
        Assert.Equal(1, builds);
        var culture = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture.Name == "en" ? "zh-CN" : "en");
            Assert.Equal("<td>2:a</td>", markup.Get("a", Build).Value);
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }

        // Asked for in the next generation, a row is kept; one nobody asked for during a whole generation is rebuilt.
        time.Advance(SharedMarkup<string>.Generation);
        Assert.Same(first.Value, markup.Get("a", Build).Value);
        time.Advance(SharedMarkup<string>.Generation);
        Assert.Same(first.Value, markup.Get("a", Build).Value);
        time.Advance(SharedMarkup<string>.Generation * 2);
        Assert.Equal("<td>3:a</td>", markup.Get("a", Build).Value);
    }

    [Fact]
    public void Html_text_escapes_what_html_gives_meaning_to_and_keeps_chinese_readable()
    {
        Assert.Equal("王秀英 &lt;script&gt;&amp;&quot;&#x27;", HtmlText.Encode("王秀英 <script>&\"'"));
    }
}
