using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;

namespace Dispatch.Contracts.Tests.Access;

/// <summary>
/// Every user × every action × own or other station and assignment, against a table written out by hand: the API and
/// every screen ask <see cref="AccessPolicy"/>, so this table is who may do what.
/// </summary>
public sealed class AccessPolicyTests
{
    public enum Who
    {
        System, Dispatcher, Leader, Admin,
        /// <summary>Head of the station holding the demand.</summary>
        Head,
        /// <summary>Head of another station.</summary>
        OtherHead,
        /// <summary>A station head account bound to no station.</summary>
        UnboundHead,
        /// <summary>The worker the demand is assigned to.</summary>
        Worker,
        /// <summary>A worker of the same station it is not assigned to.</summary>
        OtherWorker,
        UnboundWorker,
    }

    private const string Station = "chengxiang";

    private static readonly Who[] CityRoles = [Who.System, Who.Dispatcher, Who.Leader, Who.Admin];

    private static readonly Dictionary<DemandAction, Who[]> MayAct = new()
    {
        [DemandAction.Report] = [Who.System, Who.Dispatcher, Who.Worker, Who.OtherWorker, Who.UnboundWorker],
        [DemandAction.Dispatch] = [Who.System, Who.Dispatcher],
        [DemandAction.Cancel] = [Who.System, Who.Dispatcher],
        [DemandAction.Callback] = [Who.System, Who.Dispatcher],
        [DemandAction.Accept] = [Who.System, Who.Head],
        [DemandAction.Return] = [Who.System, Who.Head],
        [DemandAction.Assign] = [Who.System, Who.Head],
        [DemandAction.Contact] = [Who.System, Who.Worker],
        [DemandAction.RecordStep] = [Who.System, Who.Worker],
        [DemandAction.Close] = [Who.System, Who.Worker],
        [DemandAction.Refer] = [Who.System, Who.Worker],
        // The department's answer often comes back through the guidance center.
        [DemandAction.AnswerReferral] = [Who.System, Who.Dispatcher, Who.Worker],
    };

    public static TheoryData<Who, DemandAction> EveryUserAndAction()
    {
        var data = new TheoryData<Who, DemandAction>();
        foreach (var who in Enum.GetValues<Who>())
        {
            foreach (var action in Enum.GetValues<DemandAction>())
            {
                data.Add(who, action);
            }
        }
        return data;
    }

    [Fact]
    public void The_table_names_every_action()
    {
        Assert.Equal(Enum.GetValues<DemandAction>().Order(), MayAct.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(EveryUserAndAction))]
    public void Each_user_may_take_exactly_the_actions_of_their_role_on_their_own_demands(Who who, DemandAction action)
    {
        var expected = MayAct[action].Contains(who);
        Assert.Equal(expected, AccessPolicy.CanAct(User(who), action, Demand()));
    }

    [Theory]
    [MemberData(nameof(EveryUserAndAction))]
    public void On_a_demand_nobody_can_see_yet_only_role_wide_actions_are_possible(Who who, DemandAction action)
    {
        // An unknown id (or a new report): no station holds it and no worker has it, so only rights that come with the
        // role alone remain; the station's and the worker's actions are left to the system.
        var heldByStationOrWorker = action is DemandAction.Accept or DemandAction.Return or DemandAction.Assign
            or DemandAction.Contact or DemandAction.RecordStep or DemandAction.Refer or DemandAction.Close;
        // Answering a referral is the assigned worker's through the case, the dispatcher's through the role.
        var heldByWorker = action == DemandAction.AnswerReferral && who == Who.Worker;
        var expected = MayAct[action].Contains(who) && (!heldByStationOrWorker || who == Who.System) && !heldByWorker;
        Assert.Equal(expected, AccessPolicy.CanAct(User(who), action, null));
    }

    [Theory]
    [InlineData(Who.System, true)]
    [InlineData(Who.Dispatcher, true)]
    [InlineData(Who.Leader, true)]
    [InlineData(Who.Admin, true)]
    [InlineData(Who.Head, true)]
    [InlineData(Who.OtherHead, false)]
    [InlineData(Who.UnboundHead, false)]
    [InlineData(Who.Worker, true)]
    [InlineData(Who.OtherWorker, false)]
    [InlineData(Who.UnboundWorker, false)]
    public void Only_city_roles_the_holding_station_and_the_assigned_worker_see_a_demand(Who who, bool sees)
    {
        Assert.Equal(sees, AccessPolicy.CanView(User(who), Demand()));
        Assert.Equal(CityRoles.Contains(who), AccessPolicy.CanView(User(who), null));
    }

    [Fact]
    public void A_demand_not_held_by_any_station_is_seen_by_no_station_head_not_even_one_bound_to_none()
    {
        var reported = Demand(stationId: null, workerId: null);
        Assert.All([Who.Head, Who.OtherHead, Who.UnboundHead, Who.Worker, Who.UnboundWorker],
            who => Assert.False(AccessPolicy.CanView(User(who), reported), who.ToString()));
        Assert.All(CityRoles, who => Assert.True(AccessPolicy.CanView(User(who), reported), who.ToString()));
    }

    [Fact]
    public void Access_follows_the_demand_when_it_moves()
    {
        // Returned by the station: its head loses it. Re-assigned: the first worker loses it, the second gains it.
        Assert.False(AccessPolicy.CanAct(User(Who.Head), DemandAction.Assign, Demand(stationId: null, workerId: null)));
        var reassigned = Demand(workerId: "w002");
        Assert.False(AccessPolicy.CanAct(User(Who.Worker), DemandAction.Contact, reassigned));
        Assert.True(AccessPolicy.CanAct(User(Who.OtherWorker), DemandAction.Contact, reassigned));
        var atShaxi = Demand(stationId: "shaxi", workerId: null);
        Assert.True(AccessPolicy.CanAct(User(Who.OtherHead), DemandAction.Accept, atShaxi));
        Assert.False(AccessPolicy.CanAct(User(Who.Head), DemandAction.Accept, atShaxi));
    }

    [Theory]
    [InlineData(Who.System, true)]
    [InlineData(Who.Dispatcher, true)]
    [InlineData(Who.Leader, false)]
    [InlineData(Who.Admin, false)]
    [InlineData(Who.Head, true)]
    [InlineData(Who.OtherHead, false)]
    [InlineData(Who.UnboundHead, false)]
    [InlineData(Who.Worker, false)]
    [InlineData(Who.OtherWorker, false)]
    [InlineData(Who.UnboundWorker, false)]
    public void Recommendations_are_for_those_who_dispatch_or_assign_the_demand(Who who, bool sees)
    {
        Assert.Equal(sees, AccessPolicy.CanSeeRecommendations(User(who), Demand()));
    }

    [Theory]
    [InlineData(Who.System, true, true, true, false)]
    [InlineData(Who.Dispatcher, true, true, true, false)]
    [InlineData(Who.Leader, true, true, true, false)]
    [InlineData(Who.Admin, true, true, true, true)]
    [InlineData(Who.Head, false, true, false, false)]
    [InlineData(Who.OtherHead, false, false, true, false)]
    [InlineData(Who.UnboundHead, false, false, false, false)]
    [InlineData(Who.Worker, false, false, false, false)]
    [InlineData(Who.OtherWorker, false, false, false, false)]
    [InlineData(Who.UnboundWorker, false, false, false, false)]
    public void The_city_its_stations_and_administration(Who who, bool city, bool ownStation, bool otherStation, bool administer)
    {
        var user = User(who);
        Assert.Equal(city, AccessPolicy.CanSeeCity(user));
        Assert.Equal(ownStation, AccessPolicy.CanSeeStation(user, Station));
        Assert.Equal(otherStation, AccessPolicy.CanSeeStation(user, "shaxi"));
        Assert.Equal(administer, AccessPolicy.CanAdminister(user));
    }

    private static DispatchUser User(Who who) => who switch
    {
        Who.System => DispatchUser.System,
        Who.Dispatcher => new("dispatcher", "周敏", ActorRole.Dispatcher),
        Who.Leader => new("leader", "刘建国", ActorRole.Leader),
        Who.Admin => new("admin", "系统管理员", ActorRole.Admin),
        Who.Head => new("head-chengxiang", "顾建华", ActorRole.StationHead, StationId: Station),
        Who.OtherHead => new("head-shaxi", "陆振东", ActorRole.StationHead, StationId: "shaxi"),
        Who.UnboundHead => new("head-none", "无站长", ActorRole.StationHead),
        Who.Worker => new("worker-w001", "陆佳怡", ActorRole.SocialWorker, Station, "w001"),
        Who.OtherWorker => new("worker-w002", "顾晓雯", ActorRole.SocialWorker, Station, "w002"),
        _ => new("worker-none", "无档案", ActorRole.SocialWorker),
    };

    /// <summary>An open demand of <see cref="Station"/>'s, assigned to w001 unless told otherwise.</summary>
    private static DemandSummary Demand(string? stationId = Station, string? workerId = "w001")
    {
        var at = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.FromHours(8));
        var state = stationId is null ? DemandState.Reported : workerId is null ? DemandState.Dispatched : DemandState.Assigned;
        return new DemandSummary(
            "20261102-ABC123", state, "chengxiang-c01", "elderly-alone", ServiceType.ElderlyAndChildCare, Urgency.Normal, Station,
            stationId, workerId, at, at, at, null, null, null, null, false, [], [], null, null, "王秀英", "独居老人需上门探访。", 1);
    }
}
