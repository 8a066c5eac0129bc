using System.Text.RegularExpressions;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Sla;
using static Dispatch.Contracts.Tests.Demands.DemandKit;

namespace Dispatch.Contracts.Tests.Demands;

public sealed class DemandStateMachineTests
{
    private static readonly Actor Operator = new("u-op-99", "测试操作员", ActorRole.Admin);
    private static readonly DateTimeOffset Now = T0.AddDays(1);

    // ------------------------------------------------------------------------------------------------------------
    // The design table (DESIGN.md "order flow"), written out by hand: for every start state, the actions it allows
    // and the state each one leads to. Every action not listed for a state must be refused.
    // ------------------------------------------------------------------------------------------------------------
    private static readonly Dictionary<StartState, Dictionary<DemandAction, DemandState>> Table = new()
    {
        [StartState.None] = new()
        {
            [DemandAction.Report] = DemandState.Reported,
        },
        [StartState.Reported] = new()
        {
            [DemandAction.Dispatch] = DemandState.Dispatched,
            [DemandAction.Cancel] = DemandState.Cancelled,
        },
        [StartState.Dispatched] = new()
        {
            [DemandAction.Accept] = DemandState.Accepted,
            [DemandAction.Return] = DemandState.Reported,
            [DemandAction.Cancel] = DemandState.Cancelled,
        },
        [StartState.Accepted] = new()
        {
            [DemandAction.Assign] = DemandState.Assigned,
            [DemandAction.Return] = DemandState.Reported,
            [DemandAction.Cancel] = DemandState.Cancelled,
        },
        [StartState.Assigned] = new()
        {
            [DemandAction.Assign] = DemandState.Assigned,
            [DemandAction.Contact] = DemandState.InService,
            [DemandAction.Cancel] = DemandState.Cancelled,
        },
        [StartState.InServiceNoSteps] = new()
        {
            [DemandAction.RecordStep] = DemandState.InService,
            [DemandAction.Refer] = DemandState.InService,
            [DemandAction.Cancel] = DemandState.Cancelled,
        },
        [StartState.InServiceAllSteps] = new()
        {
            [DemandAction.RecordStep] = DemandState.InService,
            [DemandAction.Refer] = DemandState.InService,
            [DemandAction.Close] = DemandState.Closed,
            [DemandAction.Cancel] = DemandState.Cancelled,
        },
        // 转介 keeps the order open; closing waits for the department's answer.
        [StartState.InServiceReferred] = new()
        {
            [DemandAction.RecordStep] = DemandState.InService,
            [DemandAction.Refer] = DemandState.InService,
            [DemandAction.AnswerReferral] = DemandState.InService,
            [DemandAction.Cancel] = DemandState.Cancelled,
        },
        [StartState.Closed] = new()
        {
            [DemandAction.Callback] = DemandState.Closed,
        },
        [StartState.ClosedWithCallback] = new(),
        [StartState.Cancelled] = new(),
    };

    private static readonly Dictionary<StartState, DemandState?> StateOf = new()
    {
        [StartState.None] = null,
        [StartState.Reported] = DemandState.Reported,
        [StartState.Dispatched] = DemandState.Dispatched,
        [StartState.Accepted] = DemandState.Accepted,
        [StartState.Assigned] = DemandState.Assigned,
        [StartState.InServiceNoSteps] = DemandState.InService,
        [StartState.InServiceAllSteps] = DemandState.InService,
        [StartState.InServiceReferred] = DemandState.InService,
        [StartState.Closed] = DemandState.Closed,
        [StartState.ClosedWithCallback] = DemandState.Closed,
        [StartState.Cancelled] = DemandState.Cancelled,
    };

    private static readonly Dictionary<DemandAction, DemandEventKind> KindOf = new()
    {
        [DemandAction.Report] = DemandEventKind.Reported,
        [DemandAction.Dispatch] = DemandEventKind.Dispatched,
        [DemandAction.Accept] = DemandEventKind.Accepted,
        [DemandAction.Return] = DemandEventKind.Returned,
        [DemandAction.Assign] = DemandEventKind.Assigned,
        [DemandAction.Contact] = DemandEventKind.Contacted,
        [DemandAction.RecordStep] = DemandEventKind.StepRecorded,
        [DemandAction.Close] = DemandEventKind.Closed,
        [DemandAction.Cancel] = DemandEventKind.Cancelled,
        [DemandAction.Callback] = DemandEventKind.CallbackRecorded,
        [DemandAction.Refer] = DemandEventKind.Referred,
        [DemandAction.AnswerReferral] = DemandEventKind.ReferralAnswered,
    };

    /// <summary>One valid command per action, and the note its timeline event must carry (a report's facts have fields of their own).</summary>
    private static (DemandCommand Command, string? Note) Valid(DemandAction action) => action switch
    {
        DemandAction.Report => (Report(), null),
        DemandAction.Dispatch => (new DispatchDemand("st-shaxi", "  改派沙溪镇社工站  "), "改派沙溪镇社工站"),
        DemandAction.Accept => (new AcceptDemand("接单"), "接单"),
        DemandAction.Return => (new ReturnDemand("不属于本站辖区"), "不属于本站辖区"),
        DemandAction.Assign => (new AssignDemand("sw-wang", "改由王社工负责"), "改由王社工负责"),
        DemandAction.Contact => (new RecordContact("已电话联系"), "已电话联系"),
        DemandAction.RecordStep => (new RecordStep(CaseworkStep.Assessment, Form(CaseworkStep.Assessment), "补充评估"), "补充评估"),
        DemandAction.Close => (new CloseDemand("服务完成，结案"), "服务完成，结案"),
        DemandAction.Cancel => (new CancelDemand("重复工单"), "重复工单"),
        DemandAction.Callback => (new RecordCallback(4, "基本满意"), "基本满意"),
        DemandAction.Refer => (new ReferDemand("镇民政办", "  需申请低保，转介民政办  "), "需申请低保，转介民政办"),
        DemandAction.AnswerReferral => (new AnswerReferral("R1", "司法所已受理调解"), "司法所已受理调解"),
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    public static TheoryData<StartState, DemandAction> AllPairs()
    {
        var data = new TheoryData<StartState, DemandAction>();
        foreach (var state in Enum.GetValues<StartState>())
        {
            foreach (var action in Enum.GetValues<DemandAction>())
            {
                data.Add(state, action);
            }
        }
        return data;
    }

    public static TheoryData<StartState, DemandAction> RefusedPairsOnExistingDemands()
    {
        var data = new TheoryData<StartState, DemandAction>();
        foreach (var state in Enum.GetValues<StartState>().Where(s => s != StartState.None))
        {
            foreach (var action in Enum.GetValues<DemandAction>().Where(a => !Table[state].ContainsKey(a)))
            {
                data.Add(state, action);
            }
        }
        return data;
    }

    public static TheoryData<StartState> AllStartStates() => [.. Enum.GetValues<StartState>()];

    [Fact]
    public void Table_covers_every_start_state_and_the_start_states_cover_every_DemandState()
    {
        Assert.Equal(Enum.GetValues<StartState>().Order(), Table.Keys.Order());
        var covered = Enum.GetValues<StartState>().Select(s => Build(s)?.State).OfType<DemandState>().Distinct().Order();
        Assert.Equal(Enum.GetValues<DemandState>().Order(), covered);
    }

    [Theory]
    [MemberData(nameof(AllStartStates))]
    public void Builder_reaches_the_intended_state(StartState start)
    {
        var demand = Build(start);
        Assert.Equal(StateOf[start], demand?.State);
        if (start == StartState.InServiceNoSteps)
        {
            Assert.Empty(demand!.StepsRecorded);
        }
        if (start is StartState.InServiceAllSteps or StartState.InServiceReferred)
        {
            Assert.Equal(Enum.GetValues<CaseworkStep>(), demand!.StepsRecorded);
        }
        Assert.Equal(start == StartState.InServiceReferred ? 1 : 0, demand?.OpenReferrals.Count ?? 0);
        if (start == StartState.Closed)
        {
            Assert.Null(demand!.SatisfactionRating);
        }
        if (start == StartState.ClosedWithCallback)
        {
            Assert.Equal(5, demand!.SatisfactionRating);
        }
    }

    [Theory]
    [MemberData(nameof(AllStartStates))]
    public void AllowedActions_match_the_design_table(StartState start)
    {
        Assert.Equal(Table[start].Keys.Order(), DemandStateMachine.AllowedActions(Build(start)).Order());
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Every_state_and_action_pair_is_allowed_or_refused_as_designed(StartState start, DemandAction action)
    {
        var before = Build(start);
        var beforeSnapshot = Snapshot(before);
        var (command, expectedNote) = Valid(action);
        Assert.Equal(action, command.Action);

        var result = DemandStateMachine.Apply(before, Id, command, Operator, Now);

        if (Table[start].TryGetValue(action, out var expectedState))
        {
            Assert.True(result.Succeeded, $"{start} + {action} should be allowed, was refused: {result.Refusal?.Message}");
            Assert.Null(result.Refusal);
            var after = result.Demand!;
            Assert.Equal(Id, after.Id);
            Assert.Equal(expectedState, after.State);

            var previous = before?.Timeline ?? [];
            Assert.Equal(previous.Count + 1, after.Timeline.Count);
            Assert.Equal(previous, after.Timeline.Take(previous.Count)); // history is never rewritten
            var e = after.Timeline[^1];
            Assert.Equal(previous.Count + 1, e.Sequence);
            Assert.Equal(KindOf[action], e.Kind);
            Assert.Equal(before?.State ?? DemandState.Reported, e.From);
            Assert.Equal(expectedState, e.To);
            Assert.Equal(Operator, e.Actor);
            Assert.Equal(Now, e.At);
            Assert.Equal(expectedNote, e.Note);
            Assert.Equal(previous.Count + 1, after.Version);
        }
        else
        {
            Assert.False(result.Succeeded, $"{start} + {action} should be refused");
            Assert.Null(result.Demand);
            var refusal = result.Refusal!;
            Assert.Equal(start == StartState.None ? RefusalKind.NotFound : RefusalKind.InvalidState, refusal.Kind);
            Assert.False(refusal.Allowed.IsDefault, "Allowed must be filled in on a state refusal");
            Assert.Equal(Table[start].Keys.Order(), refusal.Allowed.Order());
            Assert.Equal(StateOf[start], refusal.CurrentState);
            Assert.Equal(before?.Timeline[^1], refusal.LastEvent);
            Assert.Null(refusal.Field);
        }

        Assert.Equal(beforeSnapshot, Snapshot(before)); // the input is never changed, allowed or not
    }

    /// <summary>Refusal's contract: "For InvalidState it says the state and what is allowed."</summary>
    [Theory]
    [MemberData(nameof(RefusedPairsOnExistingDemands))]
    public void State_refusal_message_names_the_current_state_and_the_allowed_actions(StartState start, DemandAction action)
    {
        var before = Build(start)!;
        var result = DemandStateMachine.Apply(before, Id, Valid(action).Command, Operator, Now);

        Assert.Equal(RefusalKind.InvalidState, result.Refusal!.Kind);
        var message = result.Refusal.Message;
        Assert.True(HasWord(message, before.State.ToString()), $"message does not name state {before.State}: \"{message}\"");
        var allowed = Table[start].Keys.ToList();
        if (allowed.Count == 0)
        {
            Assert.True(HasWord(message, "nothing"), $"message does not say nothing is allowed: \"{message}\"");
        }
        foreach (var a in allowed)
        {
            Assert.True(HasWord(message, a.ToString()), $"message does not name allowed action {a}: \"{message}\"");
        }
    }

    [Fact]
    public void State_refusal_message_ends_with_the_state_who_moved_it_there_and_what_is_allowed()
    {
        var result = DemandStateMachine.Apply(Reported(), Id, Valid(DemandAction.Accept).Command, Operator, Now);

        Assert.Equal(RefusalKind.InvalidState, result.Refusal!.Kind);
        Assert.EndsWith(
            $" The demand is Reported (Reported by {Dispatcher.Name} at {T0:u}). Allowed now: Dispatch, Cancel.",
            result.Refusal.Message);
    }

    /// <summary>The issue's races: the loser is told who won, what they did and when, and where the order went.</summary>
    [Fact]
    public void A_command_that_lost_a_race_names_the_winner()
    {
        var winner = new Actor("u-head-2", "张三", ActorRole.StationHead);
        var dispatched = Reported().Then(new DispatchDemand(HomeStation), T0.AddMinutes(1));
        var accepted = dispatched.Then(new AcceptDemand(), T0.AddMinutes(3), winner);

        var lateAccept = DemandStateMachine.Apply(accepted, Id, new AcceptDemand(), StationHead, Now).Refusal!;
        Assert.Equal(accepted.Timeline[^1], lateAccept.Winner);
        Assert.Contains($"Already accepted by 张三 at {T0.AddMinutes(3):u}.", lateAccept.Message);

        var lateDispatch = DemandStateMachine.Apply(dispatched, Id, new DispatchDemand("st-other"), Operator, Now).Refusal!;
        Assert.Contains($"Already dispatched to {HomeStation} by {Dispatcher.Name} at {T0.AddMinutes(1):u}.", lateDispatch.Message);

        var assigned = accepted.Then(new AssignDemand(FirstWorker), T0.AddMinutes(4), winner);
        var lateReturn = DemandStateMachine.Apply(assigned, Id, new ReturnDemand("人手不足"), StationHead, Now).Refusal!;
        Assert.Contains($"Already assigned to {FirstWorker} by 张三 at {T0.AddMinutes(4):u}.", lateReturn.Message);
    }

    [Fact]
    public void An_SLA_flag_raised_after_the_winning_change_is_the_last_event_but_not_the_winner()
    {
        var accepted = Reported().Then(new DispatchDemand(HomeStation), T0.AddMinutes(1)).Then(new AcceptDemand(), T0.AddMinutes(3), StationHead);
        var flagged = DemandStateMachine.RecordBreaches(accepted, [new SlaBreach(SlaKind.Contact, T0.AddHours(2), Escalation.StationHead)], T0.AddHours(2));

        var refusal = DemandStateMachine.Apply(flagged, Id, new AcceptDemand(), StationHead, Now).Refusal!;

        Assert.Equal(DemandEventKind.SlaBreached, refusal.LastEvent!.Kind);
        Assert.Equal(accepted.Timeline[^1], refusal.Winner);
        Assert.Contains($"Already accepted by {StationHead.Name} at {T0.AddMinutes(3):u}.", refusal.Message);
    }

    [Theory]
    [InlineData(DemandAction.Dispatch)]
    [InlineData(DemandAction.Accept)]
    [InlineData(DemandAction.Cancel)]
    [InlineData(DemandAction.Callback)]
    public void Commands_on_a_missing_demand_are_NotFound_and_say_only_Report_is_possible(DemandAction action)
    {
        var result = DemandStateMachine.Apply(null, Id, Valid(action).Command, Operator, Now);

        Assert.Equal(RefusalKind.NotFound, result.Refusal!.Kind);
        Assert.Equal([DemandAction.Report], result.Refusal.Allowed.AsEnumerable());
        Assert.Null(result.Refusal.CurrentState);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Report
    // ------------------------------------------------------------------------------------------------------------

    [Fact]
    public void Report_creates_the_demand_from_the_command()
    {
        var command = Report(Urgency.Urgent) with { Description = "  需要紧急上门  " };
        var d = ((Demand?)null).Then(command, T0);

        Assert.Equal(Id, d.Id);
        Assert.Equal(DemandState.Reported, d.State);
        Assert.Equal(command.CommunityId, d.CommunityId);
        Assert.Equal(command.HomeStationId, d.HomeStationId);
        Assert.Equal(command.CategoryId, d.CategoryId);
        Assert.Equal(command.ServiceType, d.ServiceType);
        Assert.Equal(Urgency.Urgent, d.Urgency);
        Assert.Equal("需要紧急上门", d.Description);
        Assert.Equal(command.Person, d.Person);
        Assert.Equal(command.Reporter, d.Reporter);
        Assert.Equal(T0, d.ReportedAt);
        Assert.Null(d.StationId);
        Assert.Null(d.WorkerId);
        Assert.Null(d.FirstDispatchedAt);
        Assert.Null(d.DispatchedAt);
        Assert.Empty(d.DispatchedTo);
        Assert.Empty(d.ReturnedBy);
        Assert.True(d.IsOpen);
        Assert.False(d.IsOverdue);
        Assert.Equal(1, d.Version);
        Assert.Equal(Dispatcher, d.Timeline.Single().Actor);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Timestamps and the station history
    // ------------------------------------------------------------------------------------------------------------

    [Fact]
    public void Each_transition_sets_its_timestamp_and_redispatch_moves_only_DispatchedAt()
    {
        var tDispatch1 = T0.AddMinutes(3);
        var tAccept1 = T0.AddMinutes(9);
        var tReturn = T0.AddMinutes(12);
        var tDispatch2 = T0.AddMinutes(20);
        var tAccept2 = T0.AddMinutes(31);
        var tAssign = T0.AddMinutes(40);
        var tContact = T0.AddMinutes(75);
        var tClose = T0.AddHours(30);

        var d = Reported();
        Assert.Equal(T0, d.ReportedAt);

        d = d.Then(new DispatchDemand(HomeStation), tDispatch1);
        Assert.Equal(tDispatch1, d.FirstDispatchedAt);
        Assert.Equal(tDispatch1, d.DispatchedAt);
        Assert.Equal(HomeStation, d.StationId);
        Assert.Equal([HomeStation], d.DispatchedTo);

        d = d.Then(new AcceptDemand(), tAccept1);
        Assert.Equal(tAccept1, d.AcceptedAt);

        d = d.Then(new ReturnDemand("人手不足"), tReturn);
        Assert.Null(d.AcceptedAt);
        Assert.Null(d.StationId);
        Assert.Equal(tDispatch1, d.FirstDispatchedAt);

        d = d.Then(new DispatchDemand("st-shaxi"), tDispatch2);
        Assert.Equal(tDispatch1, d.FirstDispatchedAt);
        Assert.Equal(tDispatch2, d.DispatchedAt);
        Assert.Equal("st-shaxi", d.StationId);
        Assert.Equal([HomeStation, "st-shaxi"], d.DispatchedTo);
        Assert.Equal([HomeStation], d.ReturnedBy);
        Assert.Null(d.AcceptedAt);

        d = d.Then(new AcceptDemand(), tAccept2);
        Assert.Equal(tAccept2, d.AcceptedAt);

        d = d.Then(new AssignDemand("sw-wang"), tAssign);
        Assert.Equal(tAssign, d.AssignedAt);
        Assert.Equal("sw-wang", d.WorkerId);
        Assert.Null(d.FirstContactAt);

        d = d.Then(new RecordContact("上门"), tContact);
        Assert.Equal(tContact, d.FirstContactAt);
        Assert.Null(d.ClosedAt);

        var at = tContact;
        foreach (var step in Enum.GetValues<CaseworkStep>())
        {
            at = at.AddHours(1);
            d = d.Then(Step(step), at);
        }
        Assert.Equal(tContact, d.FirstContactAt);

        d = d.Then(new CloseDemand("结案"), tClose);
        Assert.Equal(tClose, d.ClosedAt);
        Assert.Null(d.CancelledAt);
        Assert.False(d.IsOpen);

        // Nothing earlier was disturbed.
        Assert.Equal(T0, d.ReportedAt);
        Assert.Equal(tDispatch1, d.FirstDispatchedAt);
        Assert.Equal(tDispatch2, d.DispatchedAt);
        Assert.Equal(tAccept2, d.AcceptedAt);
    }

    [Theory]
    [InlineData(StartState.Reported)]
    [InlineData(StartState.Dispatched)]
    [InlineData(StartState.Accepted)]
    [InlineData(StartState.Assigned)]
    [InlineData(StartState.InServiceNoSteps)]
    [InlineData(StartState.InServiceAllSteps)]
    public void Cancel_from_any_open_state_sets_CancelledAt_and_closes_the_demand(StartState start)
    {
        var d = Build(start).Then(new CancelDemand("居民已搬离"), Now);

        Assert.Equal(DemandState.Cancelled, d.State);
        Assert.Equal(Now, d.CancelledAt);
        Assert.Null(d.ClosedAt);
        Assert.False(d.IsOpen);
        Assert.Equal("居民已搬离", d.Timeline[^1].Note);
    }

    [Fact]
    public void Dispatching_twice_to_the_same_station_lists_it_twice()
    {
        var d = Reported()
            .Then(new DispatchDemand(HomeStation), T0.AddMinutes(1))
            .Then(new ReturnDemand("稍后再派"), T0.AddMinutes(2))
            .Then(new DispatchDemand(HomeStation), T0.AddMinutes(3));

        Assert.Equal([HomeStation, HomeStation], d.DispatchedTo);
        Assert.Equal([HomeStation], d.ReturnedBy);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Return
    // ------------------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(StartState.Dispatched)]
    [InlineData(StartState.Accepted)]
    public void Return_goes_back_to_Reported_clears_the_station_and_keeps_the_reason(StartState start)
    {
        var before = Build(start)!;
        var d = before.Then(new ReturnDemand("  该居民属于浏河镇  "), Now);

        Assert.Equal(DemandState.Reported, d.State);
        Assert.Null(d.StationId);
        Assert.Null(d.AcceptedAt);
        Assert.Equal("该居民属于浏河镇", d.LastReturnReason);
        Assert.Equal([HomeStation], d.ReturnedBy);
        Assert.Equal([HomeStation], d.DispatchedTo); // the history of where it went stays
        var e = d.Timeline[^1];
        Assert.Equal(DemandEventKind.Returned, e.Kind);
        Assert.Equal(before.State, e.From);
        Assert.Equal(DemandState.Reported, e.To);
        Assert.Equal(HomeStation, e.StationId);
        Assert.Equal(StationHead, e.Actor);
        Assert.True(d.IsOpen);
        Assert.Equal([DemandAction.Dispatch, DemandAction.Cancel], DemandStateMachine.AllowedActions(d).Order());
    }

    [Fact]
    public void LastReturnReason_is_the_newest_return_and_null_before_any()
    {
        var d = Build(StartState.Dispatched)!;
        Assert.Null(d.LastReturnReason);

        d = d.Then(new ReturnDemand("第一次退回"), T0.AddMinutes(30))
            .Then(new DispatchDemand("st-liuhe"), T0.AddMinutes(40))
            .Then(new AcceptDemand(), T0.AddMinutes(45))
            .Then(new ReturnDemand("第二次退回"), T0.AddMinutes(50));

        Assert.Equal("第二次退回", d.LastReturnReason);
        Assert.Equal([HomeStation, "st-liuhe"], d.ReturnedBy);
        Assert.Equal([HomeStation, "st-liuhe"], d.DispatchedTo);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Assign
    // ------------------------------------------------------------------------------------------------------------

    [Fact]
    public void Reassigning_changes_the_worker_and_records_from_whom_to_whom()
    {
        var before = Build(StartState.Assigned)!;
        Assert.Equal(FirstWorker, before.WorkerId);

        var d = before.Then(new AssignDemand("sw-wang", "李社工请假"), Now);

        Assert.Equal(DemandState.Assigned, d.State);
        Assert.Equal("sw-wang", d.WorkerId);
        var e = d.Timeline[^1];
        Assert.Equal(DemandEventKind.Assigned, e.Kind);
        Assert.Equal(DemandState.Assigned, e.From);
        Assert.Equal("sw-wang", e.WorkerId);
        Assert.Equal(FirstWorker, e.PreviousWorkerId);
        Assert.True(e.IsReassignment);
        Assert.Equal(FirstWorker, d.WorkerBefore(e));
        Assert.Equal(FirstWorker, before.WorkerId);
        // The first assignment took the case from nobody.
        var first = d.Timeline.First(x => x.Kind == DemandEventKind.Assigned);
        Assert.False(first.IsReassignment);
        Assert.Null(d.WorkerBefore(first));
    }

    [Fact]
    public void A_reassignment_stored_without_the_previous_worker_reads_it_from_the_assignment_before()
    {
        var d = Build(StartState.Assigned)!.Then(new AssignDemand("sw-wang", null), Now);
        var stored = d with { Timeline = d.Timeline.SetItem(d.Timeline.Count - 1, d.Timeline[^1] with { PreviousWorkerId = null }) };

        Assert.Equal(FirstWorker, stored.WorkerBefore(stored.Timeline[^1]));
    }

    // ------------------------------------------------------------------------------------------------------------
    // Casework steps
    // ------------------------------------------------------------------------------------------------------------

    [Fact]
    public void Steps_run_in_order_and_each_is_one_event()
    {
        var d = Build(StartState.InServiceNoSteps)!;
        var at = Now;
        foreach (var step in Enum.GetValues<CaseworkStep>())
        {
            Assert.Contains(step, DemandStateMachine.AllowedSteps(d));
            at = at.AddHours(1);
            var version = d.Version;
            d = d.Then(Step(step), at);
            var e = d.Timeline[^1];
            Assert.Equal(DemandEventKind.StepRecorded, e.Kind);
            Assert.Equal(step, e.Step);
            Assert.Equal(DemandState.InService, e.From);
            Assert.Equal(DemandState.InService, e.To);
            Assert.Equal(FirstWorker, e.WorkerId);
            Assert.Equal(version + 1, d.Version);
        }
        Assert.Equal(Enum.GetValues<CaseworkStep>(), d.StepsRecorded);
        Assert.True(DemandStateMachine.AllStepsRecorded(d));
    }

    [Fact]
    public void AllowedSteps_are_the_reached_steps_plus_the_next_one()
    {
        var d = Build(StartState.InServiceNoSteps)!;
        Assert.Equal([CaseworkStep.Assessment], DemandStateMachine.AllowedSteps(d).AsEnumerable());

        d = d.Then(Step(CaseworkStep.Assessment), Now);
        Assert.Equal([CaseworkStep.Assessment, CaseworkStep.Grading], DemandStateMachine.AllowedSteps(d).AsEnumerable());

        d = d.Then(Step(CaseworkStep.Grading), Now.AddMinutes(1));
        Assert.Equal([CaseworkStep.Assessment, CaseworkStep.Grading, CaseworkStep.Plan], DemandStateMachine.AllowedSteps(d).AsEnumerable());

        Assert.Empty(DemandStateMachine.AllowedSteps(Build(StartState.Assigned)!));
        Assert.Empty(DemandStateMachine.AllowedSteps(Build(StartState.Closed)!));
    }

    [Fact]
    public void Plan_before_Grading_is_refused_and_lists_the_allowed_steps()
    {
        var before = Build(StartState.InServiceNoSteps)!.Then(Step(CaseworkStep.Assessment), Now);
        var snapshot = Snapshot(before);

        var result = DemandStateMachine.Apply(before, Id, Step(CaseworkStep.Plan), Worker, Now.AddHours(1));

        Assert.False(result.Succeeded);
        var refusal = result.Refusal!;
        Assert.Equal(RefusalKind.InvalidState, refusal.Kind);
        Assert.Equal("step", refusal.Field);
        Assert.Equal(DemandState.InService, refusal.CurrentState);
        Assert.Equal([DemandAction.RecordStep, DemandAction.Cancel, DemandAction.Refer], refusal.Allowed.Order());
        Assert.Contains("Plan", refusal.Message);
        Assert.Contains("the case has reached Assessment", refusal.Message);
        Assert.Contains("Assessment, Grading", refusal.Message);
        Assert.Equal(snapshot, Snapshot(before));
    }

    [Theory]
    [InlineData(CaseworkStep.Grading)]
    [InlineData(CaseworkStep.Plan)]
    [InlineData(CaseworkStep.Execution)]
    [InlineData(CaseworkStep.FollowUp)]
    public void No_step_but_Assessment_can_come_first(CaseworkStep step)
    {
        var result = DemandStateMachine.Apply(Build(StartState.InServiceNoSteps), Id, Step(step), Worker, Now);

        Assert.Equal(RefusalKind.InvalidState, result.Refusal!.Kind);
        Assert.Equal("step", result.Refusal.Field);
        Assert.Contains("allowed steps: Assessment.", result.Refusal.Message);
    }

    [Fact]
    public void Step_refusal_with_nothing_recorded_says_no_step_is_recorded_yet()
    {
        var result = DemandStateMachine.Apply(Build(StartState.InServiceNoSteps), Id, Step(CaseworkStep.Grading), Worker, Now);

        Assert.Equal(RefusalKind.InvalidState, result.Refusal!.Kind);
        Assert.Equal("step", result.Refusal.Field);
        Assert.Equal(
            "Step Grading cannot be recorded yet: no step is recorded yet; allowed steps: Assessment.",
            result.Refusal.Message);
    }

    [Fact]
    public void Step_refusal_names_the_highest_step_reached_not_the_last_one_recorded()
    {
        var before = Build(StartState.InServiceNoSteps)!
            .Then(Step(CaseworkStep.Assessment), Now)
            .Then(Step(CaseworkStep.Grading), Now.AddHours(1))
            .Then(Step(CaseworkStep.Assessment), Now.AddHours(2)); // going back: the last step is Assessment again

        var result = DemandStateMachine.Apply(before, Id, Step(CaseworkStep.Execution), Worker, Now.AddHours(3));

        Assert.Equal(RefusalKind.InvalidState, result.Refusal!.Kind);
        Assert.Equal("step", result.Refusal.Field);
        Assert.Equal(
            "Step Execution cannot be recorded yet: the case has reached Grading; allowed steps: Assessment, Grading, Plan.",
            result.Refusal.Message);
        Assert.DoesNotContain("no step is recorded yet", result.Refusal.Message);
    }

    [Theory]
    [InlineData(CaseworkStep.Assessment, CaseworkStep.Grading)]
    [InlineData(CaseworkStep.Plan, CaseworkStep.Grading)]
    [InlineData(CaseworkStep.Execution, CaseworkStep.FollowUp)]
    [InlineData(CaseworkStep.Grading, CaseworkStep.Plan)]
    [InlineData(CaseworkStep.FollowUp, CaseworkStep.Execution)]
    public void A_form_of_another_step_is_invalid_on_form(CaseworkStep step, CaseworkStep formOf)
    {
        // Every step up to Execution is recorded, so the step itself is allowed: the form is the only problem. Only the
        // grading and follow-up forms carry a risk level, so this is also what keeps other steps from setting one.
        var before = Build(StartState.InServiceNoSteps)!
            .Then(Step(CaseworkStep.Assessment), Now)
            .Then(Step(CaseworkStep.Grading, RiskLevel.Medium), Now.AddHours(1))
            .Then(Step(CaseworkStep.Plan), Now.AddHours(2))
            .Then(Step(CaseworkStep.Execution), Now.AddHours(3));
        Assert.Contains(step, DemandStateMachine.AllowedSteps(before));
        var snapshot = Snapshot(before);

        var result = DemandStateMachine.Apply(before, Id, new RecordStep(step, Form(formOf, RiskLevel.High), "记录"), Worker, Now.AddHours(4));

        Assert.False(result.Succeeded);
        Assert.Null(result.Demand);
        Assert.Equal(RefusalKind.Invalid, result.Refusal!.Kind);
        Assert.Equal("form", result.Refusal.Field);
        Assert.Equal($"form is a {formOf} form, but the step is {step}.", result.Refusal.Message);
        Assert.Equal(snapshot, Snapshot(before));
        Assert.Equal(RiskLevel.Medium, before.RiskLevel);

        // The same step with its own form is fine.
        Assert.True(DemandStateMachine.Apply(before, Id, Step(step, RiskLevel.High), Worker, Now.AddHours(4)).Succeeded);
    }

    [Theory]
    [InlineData(StartState.InServiceNoSteps, CaseworkStep.Plan)]      // the step would be refused as out of order
    [InlineData(StartState.InServiceNoSteps, CaseworkStep.Execution)]
    [InlineData(StartState.Assigned, CaseworkStep.Assessment)]         // RecordStep would be refused in this state
    [InlineData(StartState.Closed, CaseworkStep.Plan)]
    public void A_mismatched_form_is_reported_before_the_state_check(StartState start, CaseworkStep step)
    {
        var result = DemandStateMachine.Apply(Build(start), Id, new RecordStep(step, Form(CaseworkStep.Grading, RiskLevel.High)), Worker, Now);

        Assert.Equal(RefusalKind.Invalid, result.Refusal!.Kind);
        Assert.Equal("form", result.Refusal.Field);

        // With the step's own form the same command is refused by the state check instead.
        var withOwnForm = DemandStateMachine.Apply(Build(start), Id, Step(step), Worker, Now);
        Assert.Equal(RefusalKind.InvalidState, withOwnForm.Refusal!.Kind);
    }

    [Fact]
    public void FollowUp_may_revise_the_risk_level_and_stores_it_on_the_demand_and_the_event()
    {
        var d = Build(StartState.InServiceNoSteps)!
            .Then(Step(CaseworkStep.Assessment), Now)
            .Then(Step(CaseworkStep.Grading, RiskLevel.High), Now.AddHours(1))
            .Then(Step(CaseworkStep.Plan), Now.AddHours(2))
            .Then(Step(CaseworkStep.Execution), Now.AddHours(3));
        Assert.Equal(RiskLevel.High, d.RiskLevel);

        d = d.Then(Step(CaseworkStep.FollowUp, RiskLevel.Low), Now.AddHours(4));

        Assert.Equal(RiskLevel.Low, d.RiskLevel);
        Assert.Equal(RiskLevel.Low, d.ToSummary().RiskLevel);
        var e = d.Timeline[^1];
        Assert.Equal(CaseworkStep.FollowUp, e.Step);
        Assert.Equal(RiskLevel.Low, e.RiskLevel);
    }

    [Fact]
    public void FollowUp_without_a_risk_level_keeps_the_graded_one()
    {
        var d = Build(StartState.InServiceNoSteps)!
            .Then(Step(CaseworkStep.Assessment), Now)
            .Then(Step(CaseworkStep.Grading, RiskLevel.High), Now.AddHours(1))
            .Then(Step(CaseworkStep.Plan), Now.AddHours(2))
            .Then(Step(CaseworkStep.Execution), Now.AddHours(3))
            .Then(Step(CaseworkStep.FollowUp), Now.AddHours(4));

        Assert.Equal(RiskLevel.High, d.RiskLevel);
        Assert.Null(d.Timeline[^1].RiskLevel);
        Assert.True(DemandStateMachine.AllStepsRecorded(d));
    }

    [Fact]
    public void A_step_already_reached_may_be_recorded_again()
    {
        var d = Build(StartState.InServiceNoSteps)!
            .Then(Step(CaseworkStep.Assessment), Now)
            .Then(Step(CaseworkStep.Grading), Now.AddHours(1))
            .Then(Step(CaseworkStep.Plan), Now.AddHours(2))
            .Then(new RecordStep(CaseworkStep.Assessment, Form(CaseworkStep.Assessment), "再次评估"), Now.AddHours(3));

        Assert.Equal(
            [CaseworkStep.Assessment, CaseworkStep.Grading, CaseworkStep.Plan, CaseworkStep.Assessment],
            d.StepsRecorded);
        Assert.Equal("再次评估", d.Timeline[^1].Note);
        // Going back does not lose the progress: Execution is still next.
        Assert.Contains(CaseworkStep.Execution, DemandStateMachine.AllowedSteps(d));
        d = d.Then(Step(CaseworkStep.Execution), Now.AddHours(4));
        Assert.Equal(CaseworkStep.Execution, d.StepsRecorded[^1]);
    }

    [Fact]
    public void Grading_without_a_defined_risk_level_is_invalid_on_form_riskLevel()
    {
        var before = Build(StartState.InServiceNoSteps)!.Then(Step(CaseworkStep.Assessment), Now);

        var result = DemandStateMachine.Apply(
            before, Id, new RecordStep(CaseworkStep.Grading, new GradingForm((RiskLevel)(-1), "评定")), Worker, Now.AddHours(1));

        Assert.Equal(RefusalKind.Invalid, result.Refusal!.Kind);
        Assert.Equal("form.riskLevel", result.Refusal.Field);
        Assert.Null(before.RiskLevel);

        // Grading still requires it, even though FollowUp may now carry one.
        Assert.True(DemandStateMachine.Apply(
            before, Id, new RecordStep(CaseworkStep.Grading, new GradingForm(RiskLevel.Low, "评定")), Worker, Now.AddHours(1)).Succeeded);
    }

    [Fact]
    public void Grading_stores_the_risk_level_on_the_demand_and_the_event_and_regrading_replaces_it()
    {
        var d = Build(StartState.InServiceNoSteps)!
            .Then(Step(CaseworkStep.Assessment), Now)
            .Then(Step(CaseworkStep.Grading, RiskLevel.High), Now.AddHours(1));

        Assert.Equal(RiskLevel.High, d.RiskLevel);
        Assert.Equal(RiskLevel.High, d.Timeline[^1].RiskLevel);
        Assert.Equal(CaseworkStep.Grading, d.Timeline[^1].Step);

        d = d.Then(Step(CaseworkStep.Plan), Now.AddHours(2));
        Assert.Equal(RiskLevel.High, d.RiskLevel); // a step without a level keeps it
        Assert.Null(d.Timeline[^1].RiskLevel);

        d = d.Then(Step(CaseworkStep.Grading, RiskLevel.Low), Now.AddHours(3));
        Assert.Equal(RiskLevel.Low, d.RiskLevel);
        Assert.Equal(RiskLevel.Low, d.ToSummary().RiskLevel);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Close and callback
    // ------------------------------------------------------------------------------------------------------------

    [Fact]
    public void Close_with_steps_missing_is_refused_and_lists_the_missing_steps()
    {
        var before = Build(StartState.InServiceNoSteps)!
            .Then(Step(CaseworkStep.Assessment), Now)
            .Then(Step(CaseworkStep.Grading), Now.AddHours(1))
            .Then(Step(CaseworkStep.Plan), Now.AddHours(2));

        var result = DemandStateMachine.Apply(before, Id, new CloseDemand("结案"), Worker, Now.AddHours(3));

        Assert.Equal(RefusalKind.InvalidState, result.Refusal!.Kind);
        Assert.Equal(DemandState.InService, result.Refusal.CurrentState);
        Assert.Equal([DemandAction.RecordStep, DemandAction.Cancel, DemandAction.Refer], result.Refusal.Allowed.Order());
        Assert.Contains("Execution", result.Refusal.Message);
        Assert.Contains("FollowUp", result.Refusal.Message);
        Assert.DoesNotContain("Assessment", result.Refusal.Message);
        Assert.DoesNotContain("Grading", result.Refusal.Message);
    }

    [Fact]
    public void Close_with_no_steps_lists_all_five_as_missing()
    {
        var result = DemandStateMachine.Apply(Build(StartState.InServiceNoSteps), Id, new CloseDemand("结案"), Worker, Now);

        Assert.Equal(RefusalKind.InvalidState, result.Refusal!.Kind);
        foreach (var step in Enum.GetValues<CaseworkStep>())
        {
            Assert.Contains(step.ToString(), result.Refusal.Message);
        }
    }

    [Fact]
    public void Close_after_all_five_steps_closes_with_the_summary()
    {
        var d = Build(StartState.InServiceAllSteps).Then(new CloseDemand("已链接助餐服务"), Now);

        Assert.Equal(DemandState.Closed, d.State);
        Assert.Equal(Now, d.ClosedAt);
        Assert.Equal("已链接助餐服务", d.Timeline[^1].Note);
        Assert.False(d.IsOpen);
        Assert.Equal([DemandAction.Callback], DemandStateMachine.AllowedActions(d).AsEnumerable());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public void Callback_stores_the_rating_and_stays_Closed(int rating)
    {
        var d = Build(StartState.Closed).Then(new RecordCallback(rating, null), Now);

        Assert.Equal(DemandState.Closed, d.State);
        Assert.Equal(rating, d.SatisfactionRating);
        var e = d.Timeline[^1];
        Assert.Equal(DemandEventKind.CallbackRecorded, e.Kind);
        Assert.Equal(rating, e.Rating);
        Assert.Null(e.Note);
        Assert.Empty(DemandStateMachine.AllowedActions(d));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void Callback_rating_outside_1_to_5_is_invalid(int rating)
    {
        var result = DemandStateMachine.Apply(Build(StartState.Closed), Id, new RecordCallback(rating, "回访"), Dispatcher, Now);

        Assert.Equal(RefusalKind.Invalid, result.Refusal!.Kind);
        Assert.Equal("rating", result.Refusal.Field);
    }

    [Fact]
    public void A_second_callback_is_refused_and_the_first_rating_stays()
    {
        var before = Build(StartState.ClosedWithCallback)!;

        var result = DemandStateMachine.Apply(before, Id, new RecordCallback(1, "改评"), Dispatcher, Now);

        Assert.Equal(RefusalKind.InvalidState, result.Refusal!.Kind);
        Assert.Empty(result.Refusal.Allowed);
        Assert.Equal(5, before.SatisfactionRating);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Version, sequence numbers, immutability
    // ------------------------------------------------------------------------------------------------------------

    [Fact]
    public void Version_grows_by_one_per_event_and_sequences_run_from_1_to_n()
    {
        var d = Build(StartState.ClosedWithCallback)!;

        // report, dispatch, accept, assign, contact, 5 steps, close, callback
        Assert.Equal(12, d.Version);
        Assert.Equal(Enumerable.Range(1, 12), d.Timeline.Select(e => e.Sequence));
        Assert.Equal(
            [
                DemandEventKind.Reported, DemandEventKind.Dispatched, DemandEventKind.Accepted, DemandEventKind.Assigned,
                DemandEventKind.Contacted, DemandEventKind.StepRecorded, DemandEventKind.StepRecorded,
                DemandEventKind.StepRecorded, DemandEventKind.StepRecorded, DemandEventKind.StepRecorded,
                DemandEventKind.Closed, DemandEventKind.CallbackRecorded,
            ],
            d.Timeline.Select(e => e.Kind));
        // Times never go backwards along the built timeline, and each event's From is the previous event's To.
        for (var i = 1; i < d.Timeline.Count; i++)
        {
            Assert.True(d.Timeline[i].At >= d.Timeline[i - 1].At);
            Assert.Equal(d.Timeline[i - 1].To, d.Timeline[i].From);
        }
        Assert.Equal(d.Version, d.ToSummary().Version);
    }

    [Fact]
    public void A_refused_command_leaves_the_input_untouched_and_the_version_unchanged()
    {
        var before = Build(StartState.Dispatched)!;
        var snapshot = Snapshot(before);

        var wrongState = DemandStateMachine.Apply(before, Id, new CloseDemand("结案"), Worker, Now);
        var invalid = DemandStateMachine.Apply(before, Id, new ReturnDemand(" "), StationHead, Now);

        Assert.False(wrongState.Succeeded);
        Assert.False(invalid.Succeeded);
        Assert.Equal(snapshot, Snapshot(before));
        Assert.Equal(2, before.Version);
    }

    [Fact]
    public void An_accepted_command_returns_a_new_demand_and_leaves_the_input_untouched()
    {
        var before = Build(StartState.Accepted)!;
        var snapshot = Snapshot(before);

        var after = before.Then(new AssignDemand("sw-wang"), Now);

        Assert.NotSame(before, after);
        Assert.Equal(snapshot, Snapshot(before));
        Assert.Equal(DemandState.Accepted, before.State);
        Assert.Null(before.WorkerId);
        Assert.Equal(3, before.Timeline.Count);
        Assert.Equal(DemandState.Assigned, after.State);
        Assert.Equal(4, after.Timeline.Count);
    }

    private static bool HasWord(string text, string word) =>
        Regex.IsMatch(text, $@"\b{Regex.Escape(word)}\b");
}
