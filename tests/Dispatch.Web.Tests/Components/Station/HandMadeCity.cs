using System.Collections.Immutable;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Sla;

// Not "...Components.Station": a namespace named Station would hide the Station record from every sibling test namespace.
namespace Dispatch.Web.Tests.Components;

/// <summary>
/// A small city for the station and worker page tests: two stations (甲 and 乙), their communities, workers and two
/// categories, and demands built along the real flow so summaries, timelines and versions agree.
/// </summary>
public static class HandMadeCity
{
    public const string StationA = "jia";
    public const string StationB = "yi";

    public static readonly DispatchUser HeadOfA = new("head-jia", "顾建华", ActorRole.StationHead, StationId: StationA);

    public static readonly DispatchUser WorkerLi = new("li-ming", "李明", ActorRole.SocialWorker, WorkerId: "w-li");

    public static ReferenceData Reference { get; } = new(
        Communities:
        [
            new Community("jia-c1", "东风社区", StationA, CommunityKind.Community),
            new Community("jia-c2", "西湖社区", StationA, CommunityKind.Community),
            new Community("jia-v1", "南塘村", StationA, CommunityKind.Village),
            new Community("yi-c1", "北岸社区", StationB, CommunityKind.Community),
        ],
        Stations:
        [
            new Station(StationA, "甲镇社工站", "顾建华", "0512-1000001", "Asia/Shanghai"),
            new Station(StationB, "乙镇社工站", "钱卫东", "0512-1000002", "Asia/Shanghai"),
        ],
        Workers:
        [
            new SocialWorker("w-li", "李明", StationA, Certification.Intermediate, ["jia-c1", "jia-c2"], "13900000001"),
            new SocialWorker("w-zhao", "赵芳", StationA, Certification.Assistant, ["jia-v1"], "13900000002"),
            new SocialWorker("w-old", "周退休", StationA, Certification.None, ["jia-c1", "jia-c2"], "13900000003", IsActive: false),
            new SocialWorker("w-sun", "孙强", StationB, Certification.None, ["yi-c1"], "13900000004"),
        ],
        Categories:
        [
            new PersonCategory("elderly-alone", "独居老人", "Elderly living alone", IsTemporary: false),
            new PersonCategory("child-difficulty", "困境儿童", "Children in difficulty", IsTemporary: false),
        ],
        Sla: SlaTargets.Default);

    /// <summary>
    /// A demand walked along the flow up to <paramref name="state"/>: reported 40 minutes before the tests' "now",
    /// dispatched to the station covering its community, then accepted, assigned, contacted and stepped as needed.
    /// </summary>
    public static Demand Order(
        string id, DemandState state, string communityId = "jia-c1", string? workerId = null,
        Urgency urgency = Urgency.Normal, CaseworkStep[]? steps = null, RiskLevel? risk = null, string person = "王秀英")
    {
        var station = Reference.FindCommunity(communityId)!.StationId;
        var at = ComponentTest.Now.AddMinutes(-40);
        var demand = new Demand
        {
            Id = id,
            State = DemandState.Reported,
            CommunityId = communityId,
            CategoryId = "elderly-alone",
            ServiceType = ServiceType.ElderlyAndChildCare,
            Urgency = urgency,
            Description = $"{person}行动不便，需上门探访。",
            Person = new Person(person, "13912345678", null),
            Reporter = new Reporter("李网格", ReportChannel.GridWorker, null),
            HomeStationId = station,
            ReportedAt = at,
        };
        var dispatcher = new Actor("center", "调度员小王", ActorRole.Dispatcher);
        var head = new Actor("head", "站长", ActorRole.StationHead);
        var worker = new Actor(workerId ?? "worker", "社工", ActorRole.SocialWorker);
        demand = Step(demand, DemandEventKind.Reported, DemandState.Reported, dispatcher, at);
        if (state == DemandState.Reported)
        {
            return demand;
        }
        at = at.AddMinutes(5);
        demand = Step(demand with { StationId = station, FirstDispatchedAt = at, DispatchedAt = at, DispatchedTo = [station] },
            DemandEventKind.Dispatched, DemandState.Dispatched, dispatcher, at, stationId: station);
        if (state == DemandState.Dispatched)
        {
            return demand;
        }
        at = at.AddMinutes(5);
        demand = Step(demand with { AcceptedAt = at }, DemandEventKind.Accepted, DemandState.Accepted, head, at);
        if (state == DemandState.Accepted)
        {
            return demand;
        }
        at = at.AddMinutes(5);
        demand = Step(demand with { WorkerId = workerId, AssignedAt = at }, DemandEventKind.Assigned, DemandState.Assigned, head, at,
            workerId: workerId);
        if (state == DemandState.Assigned)
        {
            return demand;
        }
        if (state == DemandState.Cancelled)
        {
            return Step(demand with { CancelledAt = at }, DemandEventKind.Cancelled, DemandState.Cancelled, dispatcher, at, "重复上报");
        }
        at = at.AddMinutes(5);
        demand = Step(demand with { FirstContactAt = at }, DemandEventKind.Contacted, DemandState.InService, worker, at, "已电话联系");
        foreach (var step in steps ?? [])
        {
            at = at.AddMinutes(1);
            var level = step == CaseworkStep.Grading ? risk : null;
            demand = Step(demand with { StepsRecorded = demand.StepsRecorded.Add(step), RiskLevel = level ?? demand.RiskLevel },
                DemandEventKind.StepRecorded, DemandState.InService, worker, at, $"{step} 记录", step: step, riskLevel: level);
        }
        if (state == DemandState.Closed)
        {
            return Step(demand with { ClosedAt = at }, DemandEventKind.Closed, DemandState.Closed, worker, at, "已办结");
        }
        return demand;
    }

    /// <summary>Gives the fake service the demands, as the grains would hold them.</summary>
    public static void Seed(this FakeDemandService service, params Demand[] demands)
    {
        foreach (var demand in demands)
        {
            service.Demands[demand.Id] = demand;
            service.Summaries.RemoveAll(s => s.Id == demand.Id);
            service.Summaries.Add(demand.ToSummary());
        }
    }

    /// <summary>The live change a grain would publish after writing <paramref name="demand"/>.</summary>
    public static DemandChange ChangeOf(Demand demand) => new(demand.ToSummary(), demand.Timeline[^1]);

    private static Demand Step(
        Demand demand, DemandEventKind kind, DemandState to, Actor actor, DateTimeOffset at, string? note = null,
        string? stationId = null, string? workerId = null, CaseworkStep? step = null, RiskLevel? riskLevel = null) =>
        demand with
        {
            State = to,
            Timeline = demand.Timeline.Add(new DemandEvent(
                demand.Timeline.Count + 1, kind, at, actor, demand.State, to, note, stationId, workerId, step, riskLevel)),
        };
}
