using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;

namespace Dispatch.Web.Simulation;

/// <summary>
/// The forms a simulated worker fills in, in the words a township worker would use: needs under their service types,
/// a graded risk with its reason, a plan linking local resources, services delivered with person-times, and a follow-up
/// within the days the risk allows. Also the departments cases are referred to and what they answer, why stations
/// return orders, what residents say at callbacks, and who does each of these.
/// </summary>
public static class SimulatedCasework
{
    public static DispatchUser Dispatcher { get; } = new("sim-dispatcher", "调度员 周敏", ActorRole.Dispatcher);

    private static readonly string[] ReturnReasons =
    [
        "该户不在本站服务范围，请核实所属社区后重新派单。",
        "本站社工已满负荷，建议派往邻近社工站。",
        "需求涉及司法调解，建议转介司法所。",
        "地址信息不全，无法联系求助人。",
    ];

    private static readonly string[] ContactNotes =
    [
        "已电话联系求助人，约定明日上午入户。",
        "已上门走访，了解基本情况。",
        "已联系网格员陪同入户，求助人情绪稳定。",
    ];

    /// <summary>What residents say at the callback, by rating: mostly content, now and then not.</summary>
    private static readonly Dictionary<int, string> CallbackNotes = new()
    {
        [5] = "回访：求助人对服务表示认可。",
        [4] = "回访：问题基本解决，求助人表示满意。",
        [3] = "回访：求助人认为上门不够及时，基本认可。",
        [2] = "回访：求助人反映等待时间过长，已向站长反馈。",
        [1] = "回访：求助人对处理结果不满意，已转调度中心复核。",
    };
    private static readonly Dictionary<ServiceType, string[]> Needs = new()
    {
        [ServiceType.NeedsAssessment] = ["家庭照护能力不足，需全面评估照护与经济状况。", "多重困难叠加，需入户评估优先需求。"],
        [ServiceType.ResourceLinking] = ["慢病用药负担重，需链接医疗与康复资源。", "房屋漏雨无力修缮，需链接修缮资源。"],
        [ServiceType.SocialAssistance] = ["家庭收入低于低保线，需申请临时救助。", "因病致贫，需协助申请医疗救助。"],
        [ServiceType.ElderlyAndChildCare] = ["独居高龄，需助餐与定期探访。", "留守儿童放学后无人看护，需课业辅导与陪伴。"],
        [ServiceType.CommunityGovernance] = ["邻里噪音纠纷影响居住安宁，需社区协调。", "楼道堆物存在消防隐患，需居民议事解决。"],
        [ServiceType.LivelihoodDevelopment] = ["有劳动能力但缺乏技能，需就业培训与岗位推荐。", "想发展庭院种植，需技术指导与销售渠道。"],
    };

    private static readonly Dictionary<RiskLevel, string> GradingReasons = new()
    {
        [RiskLevel.High] = "独居且近期跌倒，存在安全隐患，需每周跟进。",
        [RiskLevel.Medium] = "生活基本自理，经济压力较大，需两周跟进一次。",
        [RiskLevel.Low] = "需求单一，家庭支持良好，按月回访即可。",
    };

    private static readonly string[] Goals =
    [
        "保障基本生活，每月收入不低于低保标准。",
        "建立稳定的邻里与志愿者支持网络。",
        "按时复诊服药，健康状况保持稳定。",
        "家庭矛盾缓和，沟通方式得到改善。",
    ];

    private static readonly (string Action, string? Resource)[] Actions =
    [
        ("协助申请临时救助金", "镇慈善基金"),
        ("预约家庭医生上门随访", "社区卫生服务中心"),
        ("协助办理低保申请", "民政救助"),
        ("安排志愿者每周两次助餐", "社区志愿者服务队"),
        ("推荐参加技能培训", "镇人社所就业服务站"),
        ("申请适老化改造", "残联辅具中心"),
        ("联系家属每周探望一次", null),
        ("组织邻里协商会", null),
    ];

    private static readonly Dictionary<ServiceType, string> Services = new()
    {
        [ServiceType.NeedsAssessment] = "入户开展需求评估访谈",
        [ServiceType.ResourceLinking] = "陪同前往卫生服务中心办理签约",
        [ServiceType.SocialAssistance] = "代办救助申请材料并送交镇民政办",
        [ServiceType.ElderlyAndChildCare] = "上门助餐并陪伴聊天",
        [ServiceType.CommunityGovernance] = "组织楼道议事会",
        [ServiceType.LivelihoodDevelopment] = "开展就业技能小组培训",
    };

    private static readonly string[] Results =
    [
        "服务已落实，求助人情绪稳定，生活有改善。",
        "救助金已到账，家庭基本生活得到保障。",
        "按时复诊服药，身体状况平稳。",
        "邻里关系缓和，未再发生冲突。",
    ];

    private static readonly (string Department, string Reason)[] Referrals =
    [
        ("镇司法所", "涉及赡养纠纷，需司法调解。"),
        ("镇民政办", "符合低保条件，转介办理低保审批。"),
        ("派出所", "疑似遭受家庭暴力，需公安介入。"),
        ("镇卫生院", "有精神障碍表现，需专业诊治评估。"),
        ("教育局关爱办", "儿童辍学在家，需教育部门协助复学。"),
    ];

    private static readonly string[] Answers =
    [
        "已受理，安排专人对接，一周内反馈处理结果。",
        "已办结，相关待遇已落实。",
        "已上门核实情况，纳入部门重点关注名单。",
    ];

    public static CaseworkForm Form(CaseworkStep step, ServiceType serviceType, RiskLevel risk, DateOnly today, Random random) => step switch
    {
        CaseworkStep.Assessment => new AssessmentForm(
        [
            new AssessedNeed(serviceType, Pick(random, Needs[serviceType])),
            .. random.NextDouble() < 0.4 ? [AnotherNeed(serviceType, random)] : Array.Empty<AssessedNeed>(),
        ]),
        CaseworkStep.Grading => new GradingForm(risk, GradingReasons[risk]),
        CaseworkStep.Plan => new PlanForm(
            [.. Goals.OrderBy(_ => random.Next()).Take(random.Next(1, 3))],
            [.. Actions.OrderBy(_ => random.Next()).Take(random.Next(1, 4))
                .Select(a => new PlanAction(a.Action, today.AddDays(random.Next(3, 22)), a.Resource))]),
        CaseworkStep.Execution => new ExecutionForm(
        [
            // Mostly one or two people served at home; now and then a group activity counts many.
            new ServiceDelivered(serviceType, random.NextDouble() < 0.15 ? random.Next(8, 31) : random.Next(1, 4), today, Services[serviceType]),
            .. random.NextDouble() < 0.3
                ? [new ServiceDelivered(ServiceType.ResourceLinking, 1, today, Services[ServiceType.ResourceLinking])]
                : Array.Empty<ServiceDelivered>(),
        ]),
        _ => FollowUp(risk, today, random),
    };

    /// <summary>A follow-up setting the next one a little before the latest day the risk allows; sometimes the risk is lowered.</summary>
    private static FollowUpForm FollowUp(RiskLevel risk, DateOnly today, Random random)
    {
        RiskLevel? revised = risk != RiskLevel.Low && random.NextDouble() < 0.2 ? risk + 1 : null;
        var days = FollowUpPolicy.MaxDays(revised ?? risk) - random.Next(0, 3);
        return new FollowUpForm(Pick(random, Results), today.AddDays(days), revised);
    }

    private static AssessedNeed AnotherNeed(ServiceType serviceType, Random random)
    {
        var other = Pick(random, Needs.Keys.Where(t => t != serviceType).ToList());
        return new AssessedNeed(other, Pick(random, Needs[other]));
    }

    public static ReferDemand Referral(Random random)
    {
        var (department, reason) = Pick(random, Referrals);
        return new ReferDemand(department, reason);
    }

    public static AnswerReferral Answer(string referralId, Random random) => new(referralId, Pick(random, Answers));

    public static DispatchUser HeadOf(ReferenceData reference, string stationId) =>
        new($"sim-head-{stationId}", reference.FindStation(stationId)?.HeadName ?? stationId, ActorRole.StationHead, StationId: stationId);

    public static DispatchUser WorkerUser(SocialWorker worker) =>
        new($"sim-{worker.Id}", worker.Name, ActorRole.SocialWorker, worker.StationId, worker.Id);

    public static ReturnDemand Return(Random random) => new(Pick(random, ReturnReasons));

    public static RecordContact Contact(Random random) => new(Pick(random, ContactNotes));

    /// <summary>A callback: mostly 4 or 5 stars, about one in seven 3 or lower.</summary>
    public static RecordCallback Callback(Random random)
    {
        var rating = random.NextDouble() switch { < 0.55 => 5, < 0.85 => 4, < 0.95 => 3, < 0.985 => 2, _ => 1 };
        return new RecordCallback(rating, CallbackNotes[rating]);
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
