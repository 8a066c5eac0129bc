using System.Text.Json;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Sla;

namespace Dispatch.Grains.Tests;

/// <summary>A small hand-made city: two stations, five communities, four workers, two categories, default SLA.</summary>
public static class TestCity
{
    public const string ChengxiangStation = "st-chengxiang";
    public const string ShaxiStation = "st-shaxi";

    public const string Xinhua = "c-xinhua";       // 城厢镇
    public const string Yingbin = "c-yingbin";     // 城厢镇
    public const string Dongmen = "c-dongmen";     // 城厢镇
    public const string Shaxi = "c-shaxi";         // 沙溪镇
    public const string Zhiqiao = "c-zhiqiao";     // 沙溪镇

    public const string WorkerZhang = "w-zhang";   // 城厢镇
    public const string WorkerLi = "w-li";         // 城厢镇
    public const string WorkerWang = "w-wang";     // 沙溪镇
    public const string WorkerZhao = "w-zhao";     // 沙溪镇

    public const string Dibao = "cat-dibao";
    public const string LivingAlone = "cat-living-alone";

    public static ReferenceData Data { get; } = new(
        Communities:
        [
            new(Xinhua, "新华社区", ChengxiangStation, CommunityKind.Community),
            new(Yingbin, "迎宾社区", ChengxiangStation, CommunityKind.Community),
            new(Dongmen, "东门村", ChengxiangStation, CommunityKind.Village),
            new(Shaxi, "沙溪社区", ShaxiStation, CommunityKind.Community),
            new(Zhiqiao, "直塘村", ShaxiStation, CommunityKind.Village),
        ],
        Stations:
        [
            new(ChengxiangStation, "城厢镇社工站", "陈站长", "0512-53500001", "Asia/Shanghai"),
            new(ShaxiStation, "沙溪镇社工站", "周站长", "0512-53500002", "Asia/Shanghai"),
        ],
        Workers:
        [
            new(WorkerZhang, "张社工", ChengxiangStation, Certification.Intermediate, [Xinhua, Yingbin], "13800000001"),
            new(WorkerLi, "李社工", ChengxiangStation, Certification.Assistant, [Yingbin, Dongmen], "13800000002"),
            new(WorkerWang, "王社工", ShaxiStation, Certification.Senior, [Shaxi, Zhiqiao], "13800000003"),
            new(WorkerZhao, "赵社工", ShaxiStation, Certification.None, [Shaxi, Zhiqiao], "13800000004"),
        ],
        Categories:
        [
            new(Dibao, "低保对象", "Minimum living allowance", false),
            new(LivingAlone, "独居老人", "Elderly living alone", false),
        ],
        Sla: SlaTargets.Default);

    public static readonly DispatchUser Dispatcher = new("u-dispatcher", "吴调度", ActorRole.Dispatcher);
    public static readonly DispatchUser ChengxiangHead = new("u-head-cx", "陈站长", ActorRole.StationHead, StationId: ChengxiangStation);
    public static readonly DispatchUser ShaxiHead = new("u-head-sx", "周站长", ActorRole.StationHead, StationId: ShaxiStation);
    public static readonly DispatchUser Zhang = new("u-" + WorkerZhang, "张社工", ActorRole.SocialWorker, WorkerId: WorkerZhang);
    public static readonly DispatchUser Wang = new("u-" + WorkerWang, "王社工", ActorRole.SocialWorker, WorkerId: WorkerWang);
    public static readonly DispatchUser Zhao = new("u-" + WorkerZhao, "赵社工", ActorRole.SocialWorker, WorkerId: WorkerZhao);

    public static string NewDemandId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>A summary as an index shard holds it, for tests that write to the index directly.</summary>
    public static DemandSummary Summary(string id, int version, DemandState state, string? stationId, string? workerId) => new(
        id, state, Xinhua, LivingAlone, ServiceType.ElderlyAndChildCare, Urgency.Normal, ChengxiangStation, stationId, workerId,
        ReportedAt: ClusterFixture.Start, FirstDispatchedAt: null, DispatchedAt: null, AcceptedAt: null, FirstContactAt: null,
        ClosedAt: null, CancelledAt: null, IsOverdue: false, DispatchedTo: stationId is null ? [] : [stationId], ReturnedBy: [],
        SatisfactionRating: null, RiskLevel: null, PersonName: "钱阿婆", DescriptionPreview: $"v{version}", Version: version);

    public static ReportDemand Report(string communityId, Urgency urgency = Urgency.Normal)
    {
        var community = Data.FindCommunity(communityId) ?? throw new ArgumentException($"unknown community {communityId}");
        return new ReportDemand(
            communityId,
            community.StationId,
            LivingAlone,
            ServiceType.ElderlyAndChildCare,
            urgency,
            "独居老人近日未出门，网格员敲门无人应答，需上门查看。",
            new Person("钱阿婆", "13900000000", $"{community.Name} 3 号楼 201"),
            new Reporter("孙网格", ReportChannel.GridWorker, "13700000000"));
    }

    /// <summary>A valid step with its form, dated from <paramref name="now"/> in China-local days; grading sets <paramref name="risk"/>.</summary>
    public static RecordStep Step(CaseworkStep step, DateTimeOffset now, string? note = null, RiskLevel risk = RiskLevel.Medium)
    {
        var today = FollowUpPolicy.ChinaDate(now);
        CaseworkForm form = step switch
        {
            CaseworkStep.Assessment => new AssessmentForm([new AssessedNeed(ServiceType.ElderlyAndChildCare, "独居，行动不便，需要助餐")]),
            CaseworkStep.Grading => new GradingForm(risk, "独居高龄，需定期探访"),
            CaseworkStep.Plan => new PlanForm(["每周两次助餐到户"], [new PlanAction("申请临时救助", today.AddDays(14), "镇慈善基金")]),
            CaseworkStep.Execution => new ExecutionForm([new ServiceDelivered(ServiceType.ElderlyAndChildCare, 2, today, "上门助餐两次")]),
            // Seven days suits every risk level.
            _ => new FollowUpForm("状况稳定", today.AddDays(7)),
        };
        return new RecordStep(step, form, note);
    }
}

/// <summary>Assertions and waits shared by the grain tests.</summary>
public static class DemandAssert
{
    /// <summary>Runs a command that must succeed and returns the demand after it.</summary>
    public static async Task<Demand> Ok(this Task<DemandResult> execution)
    {
        var result = await execution;
        Assert.True(result.Succeeded, $"refused: {result.Refusal?.Kind} {result.Refusal?.Message}");
        Assert.Null(result.Refusal);
        return Assert.IsType<Demand>(result.Demand);
    }

    /// <summary>Runs a command that must be refused and returns the refusal.</summary>
    public static async Task<Refusal> Refused(this Task<DemandResult> execution)
    {
        var result = await execution;
        Assert.False(result.Succeeded, "the command was expected to be refused");
        Assert.Null(result.Demand);
        return Assert.IsType<Refusal>(result.Refusal);
    }

    /// <summary>
    /// Deep equality of two copies of a demand. Record equality compares the immutable lists by reference, which two
    /// deserialized copies never share (nor the lists inside casework forms), so the copies are compared as JSON.
    /// </summary>
    public static void Same(Demand expected, Demand? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(Json(expected), Json(actual));
    }

    /// <summary>Deep equality of two summaries (see <see cref="Same"/>).</summary>
    public static void Same(DemandSummary expected, DemandSummary? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(Json(expected), Json(actual));
    }

    /// <summary>A deep, value-based picture (lists, and the lists inside casework forms, by content).</summary>
    public static string Json<T>(T value) => JsonSerializer.Serialize(value);

    /// <summary>Polls <paramref name="read"/> (real time, small sleeps) until <paramref name="done"/> holds or the timeout passes.</summary>
    public static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}; last value: {value}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }
}
