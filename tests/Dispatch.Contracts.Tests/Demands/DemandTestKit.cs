using System.Text.Json;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;

namespace Dispatch.Contracts.Tests.Demands;

/// <summary>The states a test can start from: every <see cref="DemandState"/>, split where the allowed actions differ.</summary>
public enum StartState
{
    /// <summary>No demand yet (null).</summary>
    None,
    Reported,
    Dispatched,
    Accepted,
    Assigned,
    InServiceNoSteps,
    InServiceAllSteps,
    /// <summary>Every step recorded and referral R1 waiting for the department's answer.</summary>
    InServiceReferred,
    Closed,
    ClosedWithCallback,
    Cancelled,
}

/// <summary>Fixed times, actors and valid commands, and a driver that walks a demand into any state.</summary>
internal static class DemandKit
{
    public const string Id = "dm-20261102-0001";

    /// <summary>Monday 2 November 2026, 09:00 in Taicang. Never the clock.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.FromHours(8));

    public static readonly Actor Dispatcher = new("u-disp-01", "周调度", ActorRole.Dispatcher);
    public static readonly Actor StationHead = new("u-head-cx", "陈站长", ActorRole.StationHead);
    public static readonly Actor Worker = new("u-sw-07", "李社工", ActorRole.SocialWorker);

    public const string HomeStation = "st-chengxiang";
    public const string FirstWorker = "sw-li";

    public static ReportDemand Report(Urgency urgency = Urgency.Normal) => new(
        CommunityId: "cm-cx-xinhua",
        HomeStationId: HomeStation,
        CategoryId: "cat-elderly-alone",
        ServiceType: ServiceType.ElderlyAndChildCare,
        Urgency: urgency,
        Description: "独居老人王阿婆腿脚不便，近一周未出门，需要上门评估。",
        Person: new Person("王阿婆", "13800000000", "城厢镇新华社区 3 幢 201 室"),
        Reporter: new Reporter("张网格", ReportChannel.GridWorker, "13900000000"));

    /// <summary>The day the plan's action is due: after every recording time the tests use.</summary>
    public static readonly DateOnly PlanDue = new(2026, 11, 30);

    /// <summary>The day services are delivered: the day the demand is reported.</summary>
    public static readonly DateOnly ServedOn = new(2026, 11, 2);

    /// <summary>The next follow-up: within seven days (a High risk's interval) of every recording time the tests use.</summary>
    public static readonly DateOnly NextFollowUp = new(2026, 11, 8);

    /// <summary>
    /// A valid form for the step. Grading carries <paramref name="risk"/> (Medium if none); a follow-up revises to it if
    /// given; other steps have no risk level to carry.
    /// </summary>
    public static CaseworkForm Form(CaseworkStep step, RiskLevel? risk = null) => step switch
    {
        CaseworkStep.Assessment => new AssessmentForm([new AssessedNeed(ServiceType.ElderlyAndChildCare, "独居，行动不便，需要助餐与定期探访")]),
        CaseworkStep.Grading => new GradingForm(risk ?? RiskLevel.Medium, "独居高龄，近一个月跌倒一次"),
        CaseworkStep.Plan => new PlanForm(
            ["每周两次助餐到户"],
            [new PlanAction("申请临时救助", PlanDue, "镇慈善基金"), new PlanAction("联系家属每周探望", PlanDue)]),
        CaseworkStep.Execution => new ExecutionForm([new ServiceDelivered(ServiceType.ElderlyAndChildCare, 2, ServedOn, "上门助餐两次")]),
        CaseworkStep.FollowUp => new FollowUpForm("助餐已落实，情绪稳定", NextFollowUp, risk),
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    /// <summary>A valid step command with its form and a note.</summary>
    public static RecordStep Step(CaseworkStep step, RiskLevel? risk = null) => new(step, Form(step, risk), $"{step}：已上门记录");

    public static readonly ReferDemand ReferToJustice = new("镇司法所", "涉及赡养纠纷，需司法调解");

    /// <summary>Applies a command that must succeed and returns the new demand.</summary>
    public static Demand Then(this Demand? demand, DemandCommand command, DateTimeOffset at, Actor? actor = null)
    {
        var result = DemandStateMachine.Apply(demand, Id, command, actor ?? ActorFor(command), at);
        Assert.True(
            result.Succeeded,
            $"{command.Action} was refused: {result.Refusal?.Kind} field={result.Refusal?.Field} {result.Refusal?.Message}");
        Assert.NotNull(result.Demand);
        return result.Demand!;
    }

    public static Demand Reported(Urgency urgency = Urgency.Normal, DateTimeOffset? at = null) =>
        ((Demand?)null).Then(Report(urgency), at ?? T0);

    /// <summary>Walks a demand into <paramref name="state"/>; every event lies between T0 and T0 + 8 h.</summary>
    public static Demand? Build(StartState state)
    {
        if (state == StartState.None)
        {
            return null;
        }
        var d = Reported();
        if (state == StartState.Reported)
        {
            return d;
        }
        d = d.Then(new DispatchDemand(HomeStation, "派往城厢镇社工站"), T0.AddMinutes(5));
        if (state == StartState.Dispatched)
        {
            return d;
        }
        if (state == StartState.Cancelled)
        {
            return d.Then(new CancelDemand("居民来电：已由家属接走"), T0.AddMinutes(30));
        }
        d = d.Then(new AcceptDemand("站长已接单"), T0.AddMinutes(10));
        if (state == StartState.Accepted)
        {
            return d;
        }
        d = d.Then(new AssignDemand(FirstWorker, "李社工负责新华社区"), T0.AddMinutes(20));
        if (state == StartState.Assigned)
        {
            return d;
        }
        d = d.Then(new RecordContact("电话联系王阿婆，约定下午上门"), T0.AddHours(1));
        if (state == StartState.InServiceNoSteps)
        {
            return d;
        }
        var at = T0.AddHours(1);
        foreach (var step in Enum.GetValues<CaseworkStep>())
        {
            at = at.AddHours(1);
            d = d.Then(Step(step), at);
        }
        if (state == StartState.InServiceAllSteps)
        {
            return d;
        }
        if (state == StartState.InServiceReferred)
        {
            return d.Then(ReferToJustice, T0.AddHours(7));
        }
        d = d.Then(new CloseDemand("已链接居家养老服务，每周两次上门"), T0.AddHours(7));
        if (state == StartState.Closed)
        {
            return d;
        }
        d = d.Then(new RecordCallback(5, "王阿婆很满意"), T0.AddHours(8));
        Assert.Equal(StartState.ClosedWithCallback, state);
        return d;
    }

    /// <summary>A deep, value-based picture of a demand (records compare immutable lists by reference, not by content).</summary>
    public static string Snapshot(Demand? demand) => JsonSerializer.Serialize(demand);

    private static Actor ActorFor(DemandCommand command) => command.Action switch
    {
        DemandAction.Report or DemandAction.Dispatch or DemandAction.Cancel or DemandAction.Callback => Dispatcher,
        DemandAction.Accept or DemandAction.Return or DemandAction.Assign => StationHead,
        _ => Worker,
    };
}
