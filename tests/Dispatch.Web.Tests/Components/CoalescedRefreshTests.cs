using Dispatch.Web.Components.Shared;
using Microsoft.Extensions.Time.Testing;

namespace Dispatch.Web.Tests.Components;

/// <summary>The one throttle of every live screen: a burst of pushes is one reload, at most one per interval.</summary>
public sealed class CoalescedRefreshTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero));
    private readonly List<Exception> failures = [];
    private int runs;

    [Fact]
    public async Task A_request_after_a_quiet_spell_runs_at_once_and_a_burst_after_it_runs_once_when_the_interval_ends()
    {
        using var refresh = new CoalescedRefresh(Interval, clock, Count, failures.Add);
        await refresh.RunNow();
        clock.Advance(Interval * 3);

        refresh.Request();
        Assert.Equal(2, runs);

        for (var i = 0; i < 20; i++)
        {
            refresh.Request();
        }
        clock.Advance(Interval / 2);
        Assert.Equal(2, runs);
        clock.Advance(Interval / 2);
        Assert.Equal(3, runs);

        clock.Advance(Interval * 5);
        Assert.Equal(3, runs);
        Assert.Empty(failures);
    }

    [Fact]
    public void A_failed_reload_is_reported_and_the_next_request_tries_again()
    {
        using var refresh = new CoalescedRefresh(Interval, clock, () => ++runs == 1 ? throw new TimeoutException("storage") : Task.CompletedTask, failures.Add);

        refresh.Request();
        Assert.IsType<TimeoutException>(Assert.Single(failures));

        clock.Advance(Interval);
        refresh.Request();
        Assert.Equal(2, runs);
        Assert.Single(failures);
    }

    [Fact]
    public void Nothing_runs_after_the_screen_closed()
    {
        var refresh = new CoalescedRefresh(Interval, clock, Count, failures.Add);
        refresh.Request();
        refresh.Request();
        refresh.Dispose();

        clock.Advance(Interval * 2);
        refresh.Request();
        Assert.Equal(1, runs);
        Assert.Empty(failures);
    }

    private Task Count()
    {
        runs++;
        return Task.CompletedTask;
    }
}
