using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Sla;
using Dispatch.Contracts.Tests.Demands;
using static Dispatch.Contracts.Tests.Demands.DemandKit;

namespace Dispatch.Contracts.Tests.Sla;

public sealed class SlaPolicyTests
{
    private static readonly SlaTargets Targets = SlaTargets.Default;
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    // Urgent scenario: reported T0, dispatched at T0+5m → acceptance due T0+20m; contact due T0+2h.
    private static readonly DateTimeOffset UrgentDispatch = T0.AddMinutes(5);
    private static readonly DateTimeOffset UrgentAcceptDue = T0.AddMinutes(20);
    private static readonly DateTimeOffset UrgentContactDue = T0.AddHours(2);

    // Urgent, dispatched at T0+110m: acceptance due T0+125m, contact due T0+120m. Just after T0+125m both are breached.
    private static readonly DateTimeOffset LateDispatch = T0.AddMinutes(110);
    private static readonly DateTimeOffset BothDue = T0.AddMinutes(125) + Tick;

    private static Demand UrgentDispatched() =>
        Reported(Urgency.Urgent).Then(new DispatchDemand(HomeStation), UrgentDispatch);

    private static Demand Dispatched(Urgency urgency, DateTimeOffset at) =>
        Reported(urgency).Then(new DispatchDemand(HomeStation), at);

    private static IEnumerable<SlaDeadline> Sorted(IEnumerable<SlaDeadline> deadlines) => deadlines.OrderBy(d => d.Kind);

    // ------------------------------------------------------------------------------------------------------------
    // Targets
    // ------------------------------------------------------------------------------------------------------------

    [Fact]
    public void Defaults_are_the_ones_in_DESIGN()
    {
        // urgent accept ≤ 15 min, contact ≤ 2 h; normal 2 h / 24 h; routine 24 h / 72 h
        Assert.Equal(new SlaTarget(TimeSpan.FromMinutes(15), TimeSpan.FromHours(2)), Targets.Urgent);
        Assert.Equal(new SlaTarget(TimeSpan.FromHours(2), TimeSpan.FromHours(24)), Targets.Normal);
        Assert.Equal(new SlaTarget(TimeSpan.FromHours(24), TimeSpan.FromHours(72)), Targets.Routine);
        Assert.Null(Targets.Problem());
    }

    [Fact]
    public void For_picks_the_target_of_the_urgency()
    {
        var targets = new SlaTargets(
            new SlaTarget(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2)),
            new SlaTarget(TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(4)),
            new SlaTarget(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(6)));

        Assert.Equal(TimeSpan.FromMinutes(1), targets.For(Urgency.Urgent).AcceptWithin);
        Assert.Equal(TimeSpan.FromMinutes(4), targets.For(Urgency.Normal).ContactWithin);
        Assert.Equal(TimeSpan.FromMinutes(5), targets.For(Urgency.Routine).AcceptWithin);
        Assert.Throws<ArgumentOutOfRangeException>(() => targets.For((Urgency)99));
    }

    public static TheoryData<Urgency, int, int> BadTargets()
    {
        var data = new TheoryData<Urgency, int, int>();
        foreach (var urgency in Enum.GetValues<Urgency>())
        {
            data.Add(urgency, 0, 60);      // zero acceptance
            data.Add(urgency, -15, 60);    // negative acceptance
            data.Add(urgency, 15, 0);      // zero contact
            data.Add(urgency, 15, -60);    // negative contact
            data.Add(urgency, 0, 0);
            data.Add(urgency, 121, 120);   // accept longer than contact
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(BadTargets))]
    public void Problem_rejects_non_positive_targets_and_accept_longer_than_contact(Urgency urgency, int acceptMinutes, int contactMinutes)
    {
        var targets = With(urgency, new SlaTarget(TimeSpan.FromMinutes(acceptMinutes), TimeSpan.FromMinutes(contactMinutes)));

        var problem = targets.Problem();

        Assert.NotNull(problem);
        Assert.Contains(urgency.ToString(), problem);
    }

    [Theory]
    [InlineData(Urgency.Urgent)]
    [InlineData(Urgency.Normal)]
    [InlineData(Urgency.Routine)]
    public void Problem_accepts_accept_equal_to_contact(Urgency urgency)
    {
        var targets = With(urgency, new SlaTarget(TimeSpan.FromHours(1), TimeSpan.FromHours(1)));

        Assert.Null(targets.Problem());
    }

    private static SlaTargets With(Urgency urgency, SlaTarget target) => urgency switch
    {
        Urgency.Urgent => Targets with { Urgent = target },
        Urgency.Normal => Targets with { Normal = target },
        _ => Targets with { Routine = target },
    };

    // ------------------------------------------------------------------------------------------------------------
    // Pending deadlines
    // ------------------------------------------------------------------------------------------------------------

    [Fact]
    public void Reported_waits_only_for_contact_measured_from_the_report()
    {
        var deadlines = SlaPolicy.PendingDeadlines(Reported(Urgency.Normal), Targets);

        Assert.Equal([new SlaDeadline(SlaKind.Contact, T0.AddHours(24), TimeSpan.FromHours(24))], deadlines);
    }

    [Theory]
    [InlineData(Urgency.Urgent, 15, 2 * 60)]
    [InlineData(Urgency.Normal, 2 * 60, 24 * 60)]
    [InlineData(Urgency.Routine, 24 * 60, 72 * 60)]
    public void Dispatched_waits_for_acceptance_from_the_dispatch_and_contact_from_the_report(
        Urgency urgency, int acceptMinutes, int contactMinutes)
    {
        var dispatchedAt = T0.AddMinutes(40);
        var deadlines = SlaPolicy.PendingDeadlines(Dispatched(urgency, dispatchedAt), Targets);

        Assert.Equal(
            [
                new SlaDeadline(SlaKind.Acceptance, dispatchedAt.AddMinutes(acceptMinutes), TimeSpan.FromMinutes(acceptMinutes)),
                new SlaDeadline(SlaKind.Contact, T0.AddMinutes(contactMinutes), TimeSpan.FromMinutes(contactMinutes)),
            ],
            Sorted(deadlines));
    }

    [Fact]
    public void Acceptance_is_measured_from_the_last_dispatch()
    {
        var redispatchedAt = T0.AddMinutes(50);
        var d = Dispatched(Urgency.Normal, T0.AddMinutes(10))
            .Then(new ReturnDemand("非本站辖区"), T0.AddMinutes(30))
            .Then(new DispatchDemand("st-liuhe"), redispatchedAt);

        var acceptance = Assert.Single(SlaPolicy.PendingDeadlines(d, Targets), x => x.Kind == SlaKind.Acceptance);

        Assert.Equal(redispatchedAt.AddHours(2), acceptance.DueAt);
    }

    [Fact]
    public void A_returned_demand_waits_only_for_contact()
    {
        var d = Dispatched(Urgency.Normal, T0.AddMinutes(10)).Then(new ReturnDemand("非本站辖区"), T0.AddMinutes(30));

        Assert.Equal([new SlaDeadline(SlaKind.Contact, T0.AddHours(24), TimeSpan.FromHours(24))], SlaPolicy.PendingDeadlines(d, Targets));
    }

    [Theory]
    [InlineData(StartState.Accepted)]
    [InlineData(StartState.Assigned)]
    public void After_acceptance_only_contact_is_pending(StartState start)
    {
        var deadlines = SlaPolicy.PendingDeadlines(Build(start)!, Targets);

        Assert.Equal([new SlaDeadline(SlaKind.Contact, T0.AddHours(24), TimeSpan.FromHours(24))], deadlines);
    }

    [Theory]
    [InlineData(StartState.InServiceNoSteps)]
    [InlineData(StartState.InServiceAllSteps)]
    [InlineData(StartState.Closed)]
    [InlineData(StartState.ClosedWithCallback)]
    [InlineData(StartState.Cancelled)]
    public void Nothing_is_pending_after_contact_or_once_the_demand_is_finished(StartState start)
    {
        Assert.Empty(SlaPolicy.PendingDeadlines(Build(start)!, Targets));
    }

    [Fact]
    public void A_cancelled_demand_never_contacted_has_no_deadlines()
    {
        var d = Reported(Urgency.Urgent).Then(new CancelDemand("重复"), T0.AddMinutes(1));

        Assert.Empty(SlaPolicy.PendingDeadlines(d, Targets));
        Assert.Empty(SlaPolicy.DueBreaches(d, Targets, T0.AddDays(30)));
        Assert.Null(SlaPolicy.NextCheck(d, Targets, T0.AddMinutes(1)));
    }

    [Fact]
    public void Configured_targets_are_the_ones_used()
    {
        var targets = Targets with { Normal = new SlaTarget(TimeSpan.FromMinutes(30), TimeSpan.FromHours(4)) };
        var dispatchedAt = T0.AddMinutes(10);

        var deadlines = SlaPolicy.PendingDeadlines(Dispatched(Urgency.Normal, dispatchedAt), targets);

        Assert.Equal(
            [
                new SlaDeadline(SlaKind.Acceptance, dispatchedAt.AddMinutes(30), TimeSpan.FromMinutes(30)),
                new SlaDeadline(SlaKind.Contact, T0.AddHours(4), TimeSpan.FromHours(4)),
            ],
            Sorted(deadlines));
    }

    // ------------------------------------------------------------------------------------------------------------
    // Due breaches and escalation
    // ------------------------------------------------------------------------------------------------------------

    [Fact]
    public void No_breach_just_before_the_deadline()
    {
        Assert.Empty(SlaPolicy.DueBreaches(UrgentDispatched(), Targets, UrgentAcceptDue - Tick));
    }

    [Fact]
    public void No_breach_exactly_at_the_deadline_the_target_is_still_met()
    {
        // "Accept within 15 min" is met at 15:00 sharp.
        Assert.Empty(SlaPolicy.DueBreaches(UrgentDispatched(), Targets, UrgentAcceptDue));
        Assert.Empty(SlaPolicy.DueBreaches(Reported(Urgency.Normal), Targets, T0.AddHours(24)));
    }

    [Fact]
    public void A_breach_is_due_one_tick_after_the_deadline()
    {
        var breach = Assert.Single(SlaPolicy.DueBreaches(UrgentDispatched(), Targets, UrgentAcceptDue + Tick));

        Assert.Equal(new SlaBreach(SlaKind.Acceptance, UrgentAcceptDue, Escalation.StationHead), breach);
    }

    [Fact]
    public void A_contact_breach_is_due_one_tick_after_the_deadline()
    {
        var breach = Assert.Single(SlaPolicy.DueBreaches(Reported(Urgency.Normal), Targets, T0.AddHours(24) + Tick));

        Assert.Equal(new SlaBreach(SlaKind.Contact, T0.AddHours(24), Escalation.StationHead), breach);
    }

    [Fact]
    public void A_breach_is_due_after_the_deadline()
    {
        var breach = Assert.Single(SlaPolicy.DueBreaches(UrgentDispatched(), Targets, UrgentAcceptDue.AddMinutes(1)));

        Assert.Equal(new SlaBreach(SlaKind.Acceptance, UrgentAcceptDue, Escalation.StationHead), breach);
    }

    /// <summary>Urgent acceptance: target 15 min. Past due → station head, due + 15 → dispatcher, due + 30 → leader.</summary>
    [Theory]
    [InlineData(0, 1, Escalation.StationHead)]
    [InlineData(14, 59, Escalation.StationHead)]
    [InlineData(15, 0, Escalation.Dispatcher)]
    [InlineData(29, 59, Escalation.Dispatcher)]
    [InlineData(30, 0, Escalation.Leader)]
    [InlineData(95, 0, Escalation.Leader)]
    public void Acceptance_escalates_by_one_target_length_at_a_time(int lateMinutes, int lateSeconds, Escalation expected)
    {
        var now = UrgentAcceptDue.AddMinutes(lateMinutes).AddSeconds(lateSeconds);
        Assert.True(now < UrgentContactDue); // only the acceptance deadline is in play

        var breach = Assert.Single(SlaPolicy.DueBreaches(UrgentDispatched(), Targets, now));

        Assert.Equal(new SlaBreach(SlaKind.Acceptance, UrgentAcceptDue, expected), breach);
    }

    /// <summary>Normal contact: target 24 h, measured from the report.</summary>
    [Theory]
    [InlineData(24, 1, Escalation.StationHead)]
    [InlineData(47, 0, Escalation.StationHead)]
    [InlineData(47, 3599, Escalation.StationHead)]
    [InlineData(48, 0, Escalation.Dispatcher)]
    [InlineData(71, 0, Escalation.Dispatcher)]
    [InlineData(72, 0, Escalation.Leader)]
    [InlineData(24 * 30, 0, Escalation.Leader)]
    public void Contact_escalates_by_one_target_length_at_a_time(int hoursAfterReport, int secondsMore, Escalation expected)
    {
        var now = T0.AddHours(hoursAfterReport).AddSeconds(secondsMore);

        var breach = Assert.Single(SlaPolicy.DueBreaches(Reported(Urgency.Normal), Targets, now));

        Assert.Equal(new SlaBreach(SlaKind.Contact, T0.AddHours(24), expected), breach);
    }

    [Fact]
    public void EscalationAt_boundaries_are_exact()
    {
        var deadline = new SlaDeadline(SlaKind.Acceptance, UrgentAcceptDue, TimeSpan.FromMinutes(15));

        Assert.Equal(Escalation.StationHead, SlaPolicy.EscalationAt(deadline, UrgentAcceptDue));
        Assert.Equal(Escalation.StationHead, SlaPolicy.EscalationAt(deadline, UrgentAcceptDue.AddMinutes(15) - Tick));
        Assert.Equal(Escalation.Dispatcher, SlaPolicy.EscalationAt(deadline, UrgentAcceptDue.AddMinutes(15)));
        Assert.Equal(Escalation.Dispatcher, SlaPolicy.EscalationAt(deadline, UrgentAcceptDue.AddMinutes(30) - Tick));
        Assert.Equal(Escalation.Leader, SlaPolicy.EscalationAt(deadline, UrgentAcceptDue.AddMinutes(30)));
    }

    [Fact]
    public void Both_deadlines_can_be_due_at_once()
    {
        var d = Dispatched(Urgency.Urgent, LateDispatch); // acceptance due at T0+125m, contact due at T0+120m

        // At T0+125m sharp the acceptance target is still met; only contact (5 minutes late) is breached.
        Assert.Equal(
            [new SlaBreach(SlaKind.Contact, T0.AddMinutes(120), Escalation.StationHead)],
            SlaPolicy.DueBreaches(d, Targets, T0.AddMinutes(125)));

        var due = SlaPolicy.DueBreaches(d, Targets, BothDue);

        Assert.Equal(
            [
                new SlaBreach(SlaKind.Acceptance, T0.AddMinutes(125), Escalation.StationHead),
                new SlaBreach(SlaKind.Contact, T0.AddMinutes(120), Escalation.StationHead),
            ],
            due.OrderBy(b => b.Kind));
    }

    [Fact]
    public void A_recorded_breach_is_not_due_again_at_the_same_level_but_is_at_the_next()
    {
        var d = UrgentDispatched();
        var firstSeen = UrgentAcceptDue + Tick;

        var first = Assert.Single(SlaPolicy.DueBreaches(d, Targets, firstSeen));
        Assert.Equal(new SlaBreach(SlaKind.Acceptance, UrgentAcceptDue, Escalation.StationHead), first);
        d = DemandStateMachine.RecordBreaches(d, [first], firstSeen);
        Assert.Empty(SlaPolicy.DueBreaches(d, Targets, firstSeen));
        Assert.Empty(SlaPolicy.DueBreaches(d, Targets, UrgentAcceptDue.AddMinutes(15) - Tick));

        var second = Assert.Single(SlaPolicy.DueBreaches(d, Targets, UrgentAcceptDue.AddMinutes(15)));
        Assert.Equal(new SlaBreach(SlaKind.Acceptance, UrgentAcceptDue, Escalation.Dispatcher), second);
        d = DemandStateMachine.RecordBreaches(d, [second], UrgentAcceptDue.AddMinutes(15));
        Assert.Empty(SlaPolicy.DueBreaches(d, Targets, UrgentAcceptDue.AddMinutes(20)));

        var third = Assert.Single(SlaPolicy.DueBreaches(d, Targets, UrgentAcceptDue.AddMinutes(30)));
        Assert.Equal(Escalation.Leader, third.EscalatedTo);
        d = DemandStateMachine.RecordBreaches(d, [third], UrgentAcceptDue.AddMinutes(30));
        Assert.Empty(SlaPolicy.DueBreaches(d, Targets, UrgentAcceptDue.AddMinutes(90)));

        // One breach per deadline, at its highest level; one timeline event per escalation.
        Assert.Equal([new SlaBreach(SlaKind.Acceptance, UrgentAcceptDue, Escalation.Leader)], d.Breaches);
        Assert.Equal(
            [Escalation.StationHead, Escalation.Dispatcher, Escalation.Leader],
            d.Timeline.Where(e => e.Kind == DemandEventKind.SlaBreached).Select(e => e.Breach!.EscalatedTo));
    }

    [Fact]
    public void A_breach_first_seen_late_jumps_straight_to_the_level_it_has_reached()
    {
        // The timer was down (restart): the first look is 20 minutes past an urgent acceptance deadline.
        var breach = Assert.Single(SlaPolicy.DueBreaches(UrgentDispatched(), Targets, UrgentAcceptDue.AddMinutes(20)));

        Assert.Equal(Escalation.Dispatcher, breach.EscalatedTo);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Recording breaches
    // ------------------------------------------------------------------------------------------------------------

    [Fact]
    public void RecordBreaches_appends_one_system_event_per_breach_and_flags_the_demand_overdue()
    {
        var before = UrgentDispatched();
        var snapshot = Snapshot(before);
        Assert.False(before.IsOverdue);
        var at = UrgentAcceptDue.AddSeconds(3);
        var breach = new SlaBreach(SlaKind.Acceptance, UrgentAcceptDue, Escalation.StationHead);

        var after = DemandStateMachine.RecordBreaches(before, [breach], at);

        Assert.Equal(before.Version + 1, after.Version);
        var e = after.Timeline[^1];
        Assert.Equal(DemandEventKind.SlaBreached, e.Kind);
        Assert.Equal(Actor.System, e.Actor);
        Assert.Equal(ActorRole.System, e.Actor.Role);
        Assert.Equal(at, e.At);
        Assert.Equal(DemandState.Dispatched, e.From);
        Assert.Equal(DemandState.Dispatched, e.To);
        Assert.Equal(breach, e.Breach);
        Assert.Equal(before.Version + 1, e.Sequence);
        Assert.Contains("Acceptance", e.Note);
        Assert.Contains("StationHead", e.Note);
        Assert.Equal(DemandState.Dispatched, after.State);
        Assert.Equal([breach], after.Breaches);
        Assert.True(after.IsOverdue);
        Assert.True(after.ToSummary().IsOverdue);
        Assert.Equal(snapshot, Snapshot(before));
    }

    [Fact]
    public void RecordBreaches_records_several_breaches_in_order()
    {
        var d = Dispatched(Urgency.Urgent, LateDispatch);
        var due = SlaPolicy.DueBreaches(d, Targets, BothDue);
        Assert.Equal(2, due.Count);

        var after = DemandStateMachine.RecordBreaches(d, due, BothDue);

        Assert.Equal(d.Version + 2, after.Version);
        Assert.Equal(due, after.Timeline.Skip(d.Version).Select(e => e.Breach!));
        Assert.Equal([d.Version + 1, d.Version + 2], after.Timeline.Skip(d.Version).Select(e => e.Sequence));
        Assert.Equal(2, after.Breaches.Count);
    }

    [Fact]
    public void RecordBreaches_with_nothing_due_changes_nothing()
    {
        var d = UrgentDispatched();

        var after = DemandStateMachine.RecordBreaches(d, [], UrgentAcceptDue);

        Assert.Equal(d.Version, after.Version);
        Assert.False(after.IsOverdue);
    }

    [Fact]
    public void An_acceptance_breach_stops_being_active_once_accepted()
    {
        var d = UrgentDispatched();
        var seen = UrgentAcceptDue + Tick;
        d = DemandStateMachine.RecordBreaches(d, SlaPolicy.DueBreaches(d, Targets, seen), seen);
        Assert.True(d.IsOverdue);

        d = d.Then(new AcceptDemand("迟到接单"), UrgentAcceptDue.AddMinutes(2));

        Assert.False(d.IsOverdue);
        Assert.False(Assert.Single(d.Breaches).IsActive(d));
        Assert.Empty(SlaPolicy.DueBreaches(d, Targets, UrgentAcceptDue.AddMinutes(40)));
    }

    [Fact]
    public void An_acceptance_breach_stops_being_active_after_return_and_redispatch_and_the_new_dispatch_gets_its_own()
    {
        var d = UrgentDispatched();
        var seen = UrgentAcceptDue + Tick;
        d = DemandStateMachine.RecordBreaches(d, SlaPolicy.DueBreaches(d, Targets, seen), seen);
        Assert.True(d.IsOverdue);

        d = d.Then(new ReturnDemand("本站无人"), UrgentAcceptDue.AddMinutes(1));
        Assert.False(d.IsOverdue);

        var redispatchedAt = UrgentAcceptDue.AddMinutes(3);
        d = d.Then(new DispatchDemand("st-shaxi"), redispatchedAt);
        Assert.False(d.IsOverdue);
        Assert.False(Assert.Single(d.Breaches).IsActive(d));

        // The new dispatch has its own 15 minutes: at that point the old deadline would already be at Dispatcher
        // level, but what is due is a fresh breach at StationHead level.
        var newDue = redispatchedAt.AddMinutes(15);
        Assert.Empty(SlaPolicy.DueBreaches(d, Targets, newDue));
        var fresh = Assert.Single(SlaPolicy.DueBreaches(d, Targets, newDue + Tick));
        Assert.Equal(new SlaBreach(SlaKind.Acceptance, newDue, Escalation.StationHead), fresh);

        d = DemandStateMachine.RecordBreaches(d, [fresh], newDue + Tick);
        Assert.True(d.IsOverdue);
        Assert.Equal(2, d.Breaches.Count);
        Assert.Equal([false, true], d.Breaches.Select(b => b.IsActive(d)));
    }

    [Fact]
    public void A_redispatch_at_the_very_instant_of_the_old_deadline_is_a_new_dispatch_not_a_breached_one()
    {
        var d = UrgentDispatched()
            .Then(new ReturnDemand("本站无人"), UrgentAcceptDue)
            .Then(new DispatchDemand("st-shaxi"), UrgentAcceptDue);

        // The old 15 minutes were still met at the instant of the return; the new dispatch has its own 15 minutes.
        Assert.Empty(SlaPolicy.DueBreaches(d, Targets, UrgentAcceptDue + Tick));
        Assert.Equal(
            UrgentAcceptDue.AddMinutes(15),
            Assert.Single(SlaPolicy.PendingDeadlines(d, Targets), x => x.Kind == SlaKind.Acceptance).DueAt);

        // A breach of the old deadline (say, recorded by a late timer) does not make the new dispatch overdue.
        d = DemandStateMachine.RecordBreaches(
            d, [new SlaBreach(SlaKind.Acceptance, UrgentAcceptDue, Escalation.StationHead)], UrgentAcceptDue + Tick);

        Assert.False(Assert.Single(d.Breaches).IsActive(d));
        Assert.False(d.IsOverdue);
    }

    [Fact]
    public void A_contact_breach_stays_active_through_acceptance_and_stops_at_first_contact()
    {
        var d = UrgentDispatched()
            .Then(new AcceptDemand(), T0.AddMinutes(10))
            .Then(new AssignDemand(FirstWorker), T0.AddMinutes(15));
        Assert.Empty(SlaPolicy.DueBreaches(d, Targets, UrgentContactDue));

        var breach = Assert.Single(SlaPolicy.DueBreaches(d, Targets, UrgentContactDue + Tick));
        Assert.Equal(new SlaBreach(SlaKind.Contact, UrgentContactDue, Escalation.StationHead), breach);
        d = DemandStateMachine.RecordBreaches(d, [breach], UrgentContactDue + Tick);
        Assert.True(d.IsOverdue);

        d = d.Then(new AssignDemand("sw-wang", "改派"), UrgentContactDue.AddMinutes(5));
        Assert.True(d.IsOverdue); // re-assigning does not satisfy contact

        d = d.Then(new RecordContact("已上门"), UrgentContactDue.AddMinutes(10));
        Assert.False(d.IsOverdue);
        Assert.False(breach.IsActive(d));
        Assert.Empty(SlaPolicy.DueBreaches(d, Targets, UrgentContactDue.AddHours(10)));
    }

    [Fact]
    public void A_contact_breach_outlives_an_accepted_late_acceptance()
    {
        // Both deadlines breached; accepting clears the acceptance breach, not the contact one.
        var d = Dispatched(Urgency.Urgent, LateDispatch);
        d = DemandStateMachine.RecordBreaches(d, SlaPolicy.DueBreaches(d, Targets, BothDue), BothDue);
        Assert.Equal([SlaKind.Acceptance, SlaKind.Contact], d.Breaches.Select(b => b.Kind).Order());

        d = d.Then(new AcceptDemand(), T0.AddMinutes(126));

        Assert.True(d.IsOverdue);
        Assert.Equal(SlaKind.Contact, Assert.Single(d.Breaches, b => b.IsActive(d)).Kind);
    }

    [Fact]
    public void A_cancelled_demand_is_never_overdue()
    {
        var d = UrgentDispatched();
        var seen = UrgentContactDue + Tick; // acceptance long overdue, contact just overdue
        d = DemandStateMachine.RecordBreaches(d, SlaPolicy.DueBreaches(d, Targets, seen), seen);
        Assert.Equal(2, d.Breaches.Count);
        Assert.True(d.IsOverdue);

        d = d.Then(new CancelDemand("居民拒绝服务"), UrgentContactDue.AddMinutes(1));

        Assert.False(d.IsOverdue);
        Assert.All(d.Breaches, b => Assert.False(b.IsActive(d)));
    }

    // ------------------------------------------------------------------------------------------------------------
    // Next check
    // ------------------------------------------------------------------------------------------------------------

    [Fact]
    public void NextCheck_walks_through_the_deadline_and_its_escalation_steps_then_stops()
    {
        var d = Reported(Urgency.Normal); // contact due T0+24h, target 24h
        var firstCheck = T0.AddHours(24) + SlaPolicy.BreachGrace;

        Assert.Equal(firstCheck, SlaPolicy.NextCheck(d, Targets, T0));
        Assert.Equal(firstCheck, SlaPolicy.NextCheck(d, Targets, T0.AddHours(24) - Tick));
        Assert.Equal(firstCheck, SlaPolicy.NextCheck(d, Targets, T0.AddHours(24))); // at the deadline nothing is due yet
        Assert.Equal(T0.AddHours(48), SlaPolicy.NextCheck(d, Targets, firstCheck));
        Assert.Equal(T0.AddHours(72), SlaPolicy.NextCheck(d, Targets, T0.AddHours(50)));
        Assert.Null(SlaPolicy.NextCheck(d, Targets, T0.AddHours(72)));
    }

    [Fact]
    public void NextCheck_lands_where_the_breach_it_waits_for_is_due()
    {
        var d = UrgentDispatched();
        var firstCheck = SlaPolicy.NextCheck(d, Targets, UrgentDispatch)!.Value;

        Assert.Equal(UrgentAcceptDue + SlaPolicy.BreachGrace, firstCheck);
        Assert.True(SlaPolicy.BreachGrace > TimeSpan.Zero);
        Assert.Equal(
            [new SlaBreach(SlaKind.Acceptance, UrgentAcceptDue, Escalation.StationHead)],
            SlaPolicy.DueBreaches(d, Targets, firstCheck));
    }

    [Fact]
    public void NextCheck_takes_the_earliest_step_over_all_pending_deadlines()
    {
        var dispatchedAt = T0.AddMinutes(10);
        var d = Dispatched(Urgency.Normal, dispatchedAt); // acceptance D+2h/4h/6h; contact T0+24h/48h/72h

        Assert.Equal(dispatchedAt.AddHours(2) + SlaPolicy.BreachGrace, SlaPolicy.NextCheck(d, Targets, dispatchedAt));
        Assert.Equal(dispatchedAt.AddHours(2) + SlaPolicy.BreachGrace, SlaPolicy.NextCheck(d, Targets, dispatchedAt.AddHours(2)));
        Assert.Equal(dispatchedAt.AddHours(4), SlaPolicy.NextCheck(d, Targets, dispatchedAt.AddHours(2) + SlaPolicy.BreachGrace));
        Assert.Equal(dispatchedAt.AddHours(6), SlaPolicy.NextCheck(d, Targets, dispatchedAt.AddHours(5)));
        Assert.Equal(T0.AddHours(24) + SlaPolicy.BreachGrace, SlaPolicy.NextCheck(d, Targets, dispatchedAt.AddHours(6)));
    }

    [Fact]
    public void NextCheck_follows_the_state_acceptance_steps_vanish_once_accepted()
    {
        var d = UrgentDispatched().Then(new AcceptDemand(), T0.AddMinutes(8));

        Assert.Equal(UrgentContactDue + SlaPolicy.BreachGrace, SlaPolicy.NextCheck(d, Targets, T0.AddMinutes(8)));
    }

    [Theory]
    [InlineData(StartState.InServiceNoSteps)]
    [InlineData(StartState.InServiceAllSteps)]
    [InlineData(StartState.Closed)]
    [InlineData(StartState.ClosedWithCallback)]
    [InlineData(StartState.Cancelled)]
    public void NextCheck_is_null_when_nothing_is_pending(StartState start)
    {
        Assert.Null(SlaPolicy.NextCheck(Build(start)!, Targets, T0.AddDays(1)));
        Assert.Null(SlaPolicy.NextCheck(Build(start)!, Targets, T0));
    }
}
