using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Grains;
using Dispatch.Contracts.Sla;
using static Dispatch.Grains.Tests.TestCity;

namespace Dispatch.Grains.Tests;

/// <summary>
/// SLA breaches raised by the real durable "sla" reminder. The demand grain computes the reminder's due time from the
/// fake domain clock; Orleans then fires it on real time (the in-memory reminder service schedules a reminder due
/// inside its loading window right away, so no reminder option needs changing). With an urgent acceptance target of
/// 2 s, the tick comes about 2 s after the dispatch, and by then the test has moved the domain clock past the deadline.
/// Each test sets tiny targets on the shared city directory and restores the previous ones at the end.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SlaReminderTests(ClusterFixture fixture)
{
    private static readonly TimeSpan UrgentAccept = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan UrgentContact = TimeSpan.FromSeconds(4);

    private static readonly SlaTargets Tiny = new(
        Urgent: new(UrgentAccept, UrgentContact),
        Normal: new(TimeSpan.FromMinutes(10), TimeSpan.FromHours(1)),
        Routine: new(TimeSpan.FromHours(1), TimeSpan.FromHours(3)));

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_reminder_flags_an_urgent_order_not_accepted_in_time_as_overdue()
    {
        await WithTinySla(async grain =>
        {
            var (dispatchedAt, breachedAt, demand) = await DispatchUrgentAndWaitForAcceptanceBreach(grain);

            Assert.Equal(DemandState.Dispatched, demand.State);
            Assert.True(demand.IsOverdue);
            Assert.Equal(3, demand.Version);

            var expectedBreach = new SlaBreach(SlaKind.Acceptance, dispatchedAt + UrgentAccept, Escalation.StationHead);
            var breachEvent = demand.Timeline[^1];
            Assert.Equal(DemandEventKind.SlaBreached, breachEvent.Kind);
            Assert.Equal(3, breachEvent.Sequence);
            Assert.Equal(Actor.System, breachEvent.Actor);
            Assert.Equal(breachedAt, breachEvent.At);
            Assert.Equal(DemandState.Dispatched, breachEvent.From);
            Assert.Equal(DemandState.Dispatched, breachEvent.To);
            Assert.Equal(expectedBreach, breachEvent.Breach);
            Assert.StartsWith("Acceptance SLA breached", breachEvent.Note);
            Assert.Equal([expectedBreach], demand.Breaches);

            // The breach is a written change like any other: the views see the order as overdue.
            var indexed = Assert.Single(await fixture.IndexShardOf(demand.Id).List(), s => s.Id == demand.Id);
            Assert.True(indexed.IsOverdue);
            Assert.Equal(3, indexed.Version);
            var atStation = Assert.Single(await fixture.Station(ShaxiStation).OpenOrders(), s => s.Id == demand.Id);
            Assert.True(atStation.IsOverdue);
            Assert.Equal(3, atStation.Version);
        });
    }

    [Fact]
    public async Task Accepting_after_the_acceptance_breach_clears_the_overdue_flag()
    {
        await WithTinySla(async grain =>
        {
            var (_, _, breached) = await DispatchUrgentAndWaitForAcceptanceBreach(grain);
            Assert.True(breached.IsOverdue);

            fixture.Clock.Advance(TimeSpan.FromMilliseconds(500));   // still before the 4 s contact deadline
            var acceptedAt = fixture.Clock.GetUtcNow();
            var demand = await grain.Execute(new AcceptDemand("迟到接单"), ShaxiHead).Ok();

            Assert.Equal(DemandState.Accepted, demand.State);
            Assert.Equal(acceptedAt, demand.AcceptedAt);
            Assert.False(demand.IsOverdue);
            // The breach stays on record (KPIs count it); it is just no longer active.
            var breach = Assert.Single(demand.Breaches);
            Assert.Equal(SlaKind.Acceptance, breach.Kind);
            Assert.False(breach.IsActive(demand));
            Assert.Equal(DemandEventKind.Accepted, demand.Timeline[^1].Kind);
            Assert.Equal(breached.Version + 1, demand.Version);

            Assert.False((await grain.Get())!.IsOverdue);
            var indexed = Assert.Single(await fixture.IndexShardOf(demand.Id).List(), s => s.Id == demand.Id);
            Assert.False(indexed.IsOverdue);
            Assert.Equal(DemandState.Accepted, indexed.State);
            var atStation = Assert.Single(await fixture.Station(ShaxiStation).OpenOrders(), s => s.Id == demand.Id);
            Assert.False(atStation.IsOverdue);
        });
    }

    [Fact]
    public async Task The_reminder_is_durable_it_wakes_a_deactivated_demand_grain_to_record_the_breach()
    {
        await WithTinySla(async grain =>
        {
            var id = grain.GetPrimaryKeyString();
            var (dispatchedAt, _, _) = await DispatchUrgentAndWaitForAcceptanceBreach(
                grain,
                afterDispatch: async () =>
                {
                    await fixture.Cluster.DeactivateAsync(grain);
                    Assert.False(fixture.Cluster.TryGetGrainContext(grain.GetGrainId(), out _), "the demand grain is still active");
                },
                // Watch the index, not the grain: calling the grain would activate it, and the reminder must do that.
                pollViewsOnly: true);

            var demand = (await grain.Get())!;
            Assert.Equal(
                [new SlaBreach(SlaKind.Acceptance, dispatchedAt + UrgentAccept, Escalation.StationHead)],
                demand.Breaches);
            Assert.Equal(DemandEventKind.SlaBreached, demand.Timeline[^1].Kind);
            Assert.Equal(3, demand.Version);
            Assert.True(Assert.Single(await fixture.IndexShardOf(id).List(), s => s.Id == id).IsOverdue);
        });
    }

    /// <summary>Reports and dispatches an urgent demand, moves the domain clock past the acceptance deadline (but not the
    /// contact one), and waits for the real reminder to record the breach.</summary>
    private async Task<(DateTimeOffset DispatchedAt, DateTimeOffset BreachedAt, Demand Demand)> DispatchUrgentAndWaitForAcceptanceBreach(
        IDemandGrain grain, Func<Task>? afterDispatch = null, bool pollViewsOnly = false)
    {
        var clock = fixture.Clock;
        await grain.Execute(Report(Shaxi, Urgency.Urgent), Dispatcher).Ok();
        var dispatchedAt = clock.GetUtcNow();
        var dispatched = await grain.Execute(new DispatchDemand(ShaxiStation), Dispatcher).Ok();
        Assert.False(dispatched.IsOverdue);
        Assert.Empty(dispatched.Breaches);
        if (afterDispatch is not null)
        {
            await afterDispatch();
        }

        clock.Advance(UrgentAccept + TimeSpan.FromSeconds(1));   // 1 s late: escalated to the station head only
        var breachedAt = clock.GetUtcNow();

        if (pollViewsOnly)
        {
            var id = grain.GetPrimaryKeyString();
            await DemandAssert.Eventually(
                async () => (await fixture.IndexShardOf(id).List()).Single(s => s.Id == id),
                s => s.IsOverdue,
                Patience,
                "the sla reminder to flag the demand overdue in the index");
        }
        var demand = await DemandAssert.Eventually(
            async () => (await grain.Get())!,
            d => d.IsOverdue && d.Timeline.Any(e => e.Kind == DemandEventKind.SlaBreached),
            Patience,
            "the sla reminder to flag the demand overdue");
        return (dispatchedAt, breachedAt, demand);
    }

    /// <summary>Runs <paramref name="test"/> on a fresh demand with the tiny targets in force; then cancels the demand
    /// (which drops its reminder) and restores the previous targets, whatever happened.</summary>
    private async Task WithTinySla(Func<IDemandGrain, Task> test)
    {
        var previous = await fixture.City.GetSla();
        Assert.Null(await fixture.City.SetSla(Tiny));
        var grain = fixture.Demand(NewDemandId("sla"));
        try
        {
            await test(grain);
        }
        finally
        {
            try
            {
                if (await grain.Get() is { IsOpen: true })
                {
                    await grain.Execute(new CancelDemand("测试结束"), Dispatcher);
                }
            }
            finally
            {
                await fixture.City.SetSla(previous);
            }
        }
    }
}
