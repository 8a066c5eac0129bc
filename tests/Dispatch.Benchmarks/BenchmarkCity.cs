using System.Collections.Immutable;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Web.Testing;

namespace Dispatch.Benchmarks;

/// <summary>
/// A city the size of Taicang (8 stations, 20 communities and 10 workers each, each worker covering 2 communities),
/// so concurrent lifecycles spread over stations and workers as real orders do, instead of queueing on one station grain.
/// </summary>
public static class BenchmarkCity
{
    public const int Stations = 8;
    public const int WorkersPerStation = 10;
    public const int CommunitiesPerWorker = ScaledCity.CommunitiesPerWorker;
    public const string Category = ScaledCity.Category;

    public static ReferenceData Data { get; } = ScaledCity.Build(Stations, Stations * WorkersPerStation, Stations * WorkersPerStation * CommunitiesPerWorker);

    public static readonly DispatchUser Dispatcher = new("bench-dispatcher", "调度员", ActorRole.Dispatcher);

    /// <summary>The n-th order's parties: its community, the station covering it, the station head and the worker.</summary>
    public static OrderParties PartiesOf(long order)
    {
        var worker = Data.Workers[(int)(order % Data.Workers.Count)];
        var head = new DispatchUser($"bench-head-{worker.StationId}", "站长", ActorRole.StationHead, StationId: worker.StationId);
        var workerUser = new DispatchUser($"bench-user-{worker.Id}", worker.Name, ActorRole.SocialWorker, WorkerId: worker.Id);
        return new(worker.CommunityIds[0], worker.StationId, worker.Id, head, workerUser);
    }

    /// <summary>
    /// The whole order flow of one demand as the screens drive it: report, dispatch, accept, assign, first contact,
    /// the five casework steps with their forms, close, callback. Every command is one call into the demand grain.
    /// </summary>
    public static IReadOnlyList<(DemandCommand Command, DispatchUser By)> Lifecycle(OrderParties parties, DateTimeOffset now)
    {
        var today = FollowUpPolicy.ChinaDate(now);
        var byWorker = parties.WorkerUser;
        return
        [
            (new ReportDemand(parties.CommunityId, parties.StationId, Category, ServiceType.ElderlyAndChildCare, Urgency.Normal,
                "独居老人近日未出门，网格员敲门无人应答，需上门查看。",
                new Person("钱阿婆", "13900000000", "3 号楼 201"), new Reporter("孙网格", ReportChannel.GridWorker, "13700000000")), Dispatcher),
            (new DispatchDemand(parties.StationId, "按辖区派单"), Dispatcher),
            (new AcceptDemand("已接单"), parties.Head),
            (new AssignDemand(parties.WorkerId, "按社区分工"), parties.Head),
            (new RecordContact("电话联系后上门，老人身体不适"), byWorker),
            (new RecordStep(CaseworkStep.Assessment, new AssessmentForm([new AssessedNeed(ServiceType.ElderlyAndChildCare, "独居，行动不便，需要助餐")]), "初步评估"), byWorker),
            (new RecordStep(CaseworkStep.Grading, new GradingForm(RiskLevel.High, "独居高龄，需每周探访"), "评定等级"), byWorker),
            (new RecordStep(CaseworkStep.Plan, new PlanForm(["每周两次助餐到户", "每周探访一次"], [new PlanAction("申请临时救助", today.AddDays(14), "镇慈善基金")]), "制订方案"), byWorker),
            (new RecordStep(CaseworkStep.Execution, new ExecutionForm([new ServiceDelivered(ServiceType.ElderlyAndChildCare, 2, today, "上门助餐两次")]), "执行方案"), byWorker),
            (new RecordStep(CaseworkStep.FollowUp, new FollowUpForm("状况稳定", today.AddDays(7)), "追踪辅导"), byWorker),
            (new CloseDemand("服务完成，结案"), byWorker),
            (new RecordCallback(5, "老人很满意"), Dispatcher),
        ];
    }

    /// <summary>How many calls one lifecycle makes into its demand grain (declared last: it needs the fields above).</summary>
    public static int CallsPerLifecycle { get; } = Lifecycle(PartiesOf(0), DateTimeOffset.UnixEpoch).Count;

}

public sealed record OrderParties(string CommunityId, string StationId, string WorkerId, DispatchUser Head, DispatchUser WorkerUser);
