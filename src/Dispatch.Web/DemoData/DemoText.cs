using System.Text;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;

namespace Dispatch.Web.DemoData;

/// <summary>
/// Realistic Chinese demo text for the live simulator: residents, reporters and need descriptions.
/// Everything is drawn from the <see cref="Random"/> passed in, so the same seed gives the same sequence.
/// Names are 2–3 CJK characters; phones are digits only; descriptions stay well under 200 characters.
/// </summary>
public static class DemoText
{
    /// <summary>Longest description any template can produce is far below this; tests hold it.</summary>
    public const int MaxDescriptionLength = 200;

    // Surnames common around Taicang; repeats weight the draw.
    private static readonly string[] Surnames =
    [
        "陆", "陆", "顾", "顾", "王", "王", "张", "张", "朱", "朱", "周", "徐", "沈", "沈", "钱", "吴",
        "陈", "金", "杨", "黄", "施", "蒋", "龚", "浦", "邵", "唐", "缪", "冯", "季", "汤", "邹", "严",
        "孙", "李", "刘", "胡", "许", "何", "曹", "潘", "姚", "盛", "范", "陶", "戴", "卞", "毛", "瞿",
        "郁", "殷", "俞", "须", "薛", "倪",
    ];

    private static readonly string[] GivenNamesTwo =
    [
        "建国", "桂英", "秀英", "玉珍", "金宝", "根宝", "福林", "凤英", "美华", "国强", "志红", "雪芳",
        "丽娟", "海峰", "小妹", "子涵", "梓轩", "欣怡", "浩宇", "一诺", "思彤", "雨萱", "宇轩", "佳豪",
        "建军", "卫东", "红梅", "永兴", "杏娣", "林娣", "彩英", "宝根", "惠芳", "伟明", "雪琴", "士林",
        "阿大", "菊芬", "荣生", "兰英", "德明", "晓东", "春华", "文娟", "俊杰", "梦瑶", "家乐", "明轩",
    ];

    private static readonly string[] GivenNamesOne =
    [
        "勇", "芳", "静", "敏", "军", "华", "英", "萍", "强", "磊", "洁", "燕", "杰", "琴", "刚", "兰",
    ];

    private static readonly string[] MobilePrefixes =
    [
        "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155",
        "156", "157", "158", "159", "177", "180", "181", "182", "186", "187", "188", "189", "199",
    ];

    private static readonly string[] Estates =
    [
        "南园新村", "梅园新村", "东仓花园", "弇山新村", "桃园新村", "县府新村", "朝阳新村", "太平新村",
        "娄江新村", "金仓湖花园", "海运堤小区", "白云新村", "印溪花苑", "郑和新村", "滨河家园", "安居新村",
        "幸福家园", "长春新村", "惠阳新村", "香花桥新村", "天妃花苑", "时思新村", "新湖家园", "鹿河新村",
    ];

    private static readonly string[] Departments =
    [
        "太仓市教育局", "太仓市公安局", "城厢派出所", "沙溪派出所", "浏河派出所", "娄东派出所",
        "太仓市司法局", "城厢司法所", "太仓市人力资源和社会保障局", "太仓市卫生健康委员会",
        "太仓市残疾人联合会", "太仓市妇女联合会", "太仓市医疗保障局", "太仓市第一人民医院",
        "太仓市应急管理局", "共青团太仓市委员会", "太仓市住房和城乡建设局",
    ];

    /// <summary>A resident: a 2–3 character Chinese name, usually a mobile phone, and a flat address.</summary>
    public static Person NextPerson(Random random)
    {
        var name = NextName(random);
        var phone = random.Next(100) < 80 ? NextMobile(random) : null;
        return new Person(name, phone, NextAddress(random));
    }

    /// <summary>Who reported a need through <paramref name="channel"/>: a person for people, "12345热线" for the hotline, a department for referrals.</summary>
    public static Reporter NextReporter(Random random, ReportChannel channel) => channel switch
    {
        ReportChannel.Hotline12345 => new Reporter("12345热线", channel, "12345"),
        ReportChannel.DepartmentReferral => new Reporter(Pick(random, Departments), channel, NextFixedLine(random)),
        _ => new Reporter(NextName(random), channel, NextMobile(random)),
    };

    /// <summary>A one- or two-sentence need description that fits the key-person category and the service type.</summary>
    public static string NextDescription(Random random, string categoryId, ServiceType serviceType)
    {
        var profile = Profiles.GetValueOrDefault(categoryId) ?? GenericProfile;
        var templates = serviceType == ServiceType.LivelihoodDevelopment && profile.Livelihood is not null
            ? profile.Livelihood
            : Templates.GetValueOrDefault(serviceType) ?? Templates[ServiceType.NeedsAssessment];
        var template = Pick(random, templates);
        var subject = Pick(random, profile.Subjects);
        var situation = Pick(random, profile.Situations);
        var text = new StringBuilder(template)
            .Replace("{s}", subject)
            .Replace("{x}", situation)
            .Replace("{r}", Pick(random, profile.Resources))
            .Replace("{aid}", Pick(random, profile.Aids))
            .Replace("{care}", Pick(random, profile.Care))
            .Replace("{job}", Pick(random, profile.Jobs ?? Jobs))
            .Replace("{dept}", Pick(random, Departments))
            .ToString();
        return text.Length <= MaxDescriptionLength ? text : text[..MaxDescriptionLength];
    }

    /// <summary>A 2–3 character Chinese full name.</summary>
    public static string NextName(Random random) =>
        Pick(random, Surnames) + (random.Next(100) < 75 ? Pick(random, GivenNamesTwo) : Pick(random, GivenNamesOne));

    /// <summary>An 11-digit mainland mobile number, digits only.</summary>
    public static string NextMobile(Random random) =>
        Pick(random, MobilePrefixes) + random.Next(0, 100_000_000).ToString("00000000");

    /// <summary>A Taicang fixed line, digits only: 0512 + 8 digits starting 53.</summary>
    private static string NextFixedLine(Random random) => "051253" + random.Next(0, 1_000_000).ToString("000000");

    private static string NextAddress(Random random)
    {
        var estate = Pick(random, Estates);
        var building = random.Next(1, 33);
        var unit = random.Next(1, 5);
        var floor = random.Next(1, 7);
        var room = random.Next(1, 3);
        return $"{estate}{building}栋{unit}单元{floor}0{room}";
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    // ---------- descriptions ----------

    /// <summary>What a category says about the person; <c>Jobs</c> and <c>Livelihood</c> override the defaults where they would not fit.</summary>
    private sealed record Profile(
        string[] Subjects,
        string[] Situations,
        string[] Resources,
        string[] Aids,
        string[] Care,
        string[]? Jobs = null,
        string[]? Livelihood = null);

    private static readonly string[] Jobs =
    [
        "家政服务技能培训", "社区公益性岗位", "电商直播技能培训", "合作社务工岗位", "来料加工项目",
        "本地企业专场招聘会", "面点烹饪技能培训", "保安保洁类岗位",
    ];

    private static readonly Dictionary<ServiceType, string[]> Templates = new()
    {
        [ServiceType.NeedsAssessment] =
        [
            "{s}{x}，网格员反映其需求尚不明确，需驻站社工上门开展初步评估。",
            "{s}{x}，社区社工室希望驻站社工上门了解情况，评估其生活、心理及照护需求。",
            "{s}{x}，需入户开展需求评估，评定风险等级后制订服务方案。",
            "近期走访发现{s}{x}，需进一步评估家庭状况和社会支持网络。",
            "{s}{x}，本人表达求助意愿，需社工尽快联系并完成需求评估。",
            "{s}{x}。情况较复杂，需社工与社区社工室共同入户评估。",
        ],
        [ServiceType.ResourceLinking] =
        [
            "{s}{x}，需链接{r}。",
            "{s}{x}，希望社工协助对接{r}。",
            "{s}{x}，现有支持不足，需整合{r}等资源。",
            "{s}{x}，需社工协调{dept}，链接{r}。",
            "{s}{x}，申请链接{r}，请社工跟进落实。",
        ],
        [ServiceType.SocialAssistance] =
        [
            "{s}{x}，生活陷入困难，需协助申请{aid}。",
            "{s}{x}，需社工核实情况并协助办理{aid}。",
            "{s}{x}，家庭开支压力大，急需{aid}，请社工尽快介入。",
            "{s}{x}，对{aid}政策不了解，需社工上门讲解并协助申请。",
            "{s}{x}，需评估是否符合{aid}条件并协助递交材料。",
        ],
        [ServiceType.ElderlyAndChildCare] =
        [
            "{s}{x}，家中无人照料，需上门探访并{care}。",
            "{s}{x}，需驻站社工定期上门，{care}。",
            "{s}{x}，情绪低落，需社工开展陪伴和心理疏导，并{care}。",
            "{s}{x}，日常照护力量不足，需{care}，并安排志愿者结对。",
            "{s}{x}，需纳入重点关爱名单，每周电话问候并{care}。",
        ],
        [ServiceType.CommunityGovernance] =
        [
            "{s}{x}，需社工联合网格员、楼栋长建立日常关注机制。",
            "{s}{x}，社区拟组建邻里互助小组，需社工牵头开展结对帮扶。",
            "{s}{x}，居民议事会提出关注，需社工参与协商制订帮扶方案。",
            "{s}{x}，需动员社区志愿者开展定期上门服务。",
            "{s}{x}，与邻里之间出现误解，需社工联合网格员开展沟通调解。",
            "{s}{x}，需社工协调物业和村（居）委会共同落实帮扶措施。",
        ],
        [ServiceType.LivelihoodDevelopment] =
        [
            "{s}{x}，家庭增收渠道有限，需链接{job}。",
            "{s}{x}，家属希望对接{job}，增加家庭收入。",
            "{s}{x}，需社工协助家庭成员对接{job}，提升自我发展能力。",
            "{s}{x}，家中有劳动力但缺乏技能，需推荐{job}。",
            "{s}{x}，本人或家属可参与{job}，需社工协调落实并跟踪就业情况。",
        ],
    };

    /// <summary>Livelihood for older people with no working family: small-scale, village-based 产业发展.</summary>
    private static readonly string[] ElderlyLivelihood =
    [
        "{s}{x}，仍有一定劳动能力，希望参与庭院经济或手工编织项目，需社工链接。",
        "{s}{x}，家中自种蔬果吃不完，需结合合作社助农项目链接代销渠道。",
        "{s}{x}，需评估其参与社区互助岗位的可能，增加收入并扩大社会交往。",
        "{s}{x}，承包地无力耕种，需社工协调土地流转或合作社代种。",
        "{s}{x}，愿意参加老年手工坊，需社工链接来料加工和义卖渠道。",
    ];

    private static readonly Profile GenericProfile = new(
        ["困难群众", "一户困难家庭"],
        ["近期生活出现困难", "家庭情况发生变化", "多次向社区反映困难"],
        ["慈善超市物资", "志愿者结对帮扶", "社区公益项目资源"],
        ["临时救助", "低保"],
        ["开展关爱探访", "建立定期联系"]);

    private static readonly Dictionary<string, Profile> Profiles = new()
    {
        ["dibao"] = new(
            ["低保户", "一户低保家庭", "低保对象"],
            ["主要劳动力长期患病", "子女就学开支较大", "房屋漏雨急需修缮", "家中老人住院治疗"],
            ["慈善超市物资", "公益助学金", "房屋修缮公益项目"],
            ["低保复核", "医疗救助", "教育救助"],
            ["关注家庭生活状况", "协助整理就医资料"]),
        ["tekun"] = new(
            ["特困供养人员", "一名分散供养特困人员"],
            ["年老体弱、无法定赡养人", "近期身体状况下降", "居住环境较差", "不愿入住敬老院"],
            ["居家养老上门服务", "助餐服务", "家庭医生签约服务"],
            ["特困供养照料护理补贴", "医疗救助"],
            ["链接助餐服务", "协助安装紧急呼叫设备", "联系家庭医生上门"],
            Livelihood: ElderlyLivelihood),
        ["dibao-edge"] = new(
            ["低保边缘家庭", "一户低保边缘户"],
            ["家庭成员突发疾病", "收入略高于低保标准但开支大", "子女上学负担较重", "房租上涨后入不敷出"],
            ["慈善帮扶资金", "公益助学金", "爱心企业捐赠"],
            ["临时救助", "低保申请", "医疗救助"],
            ["关注家庭生活状况", "建立联系台账"]),
        ["elderly-childless"] = new(
            ["孤寡老人", "一位孤寡老人", "辖区孤寡老人"],
            ["年过八旬，近日腿脚不便", "独自生活，常年无人走动", "近期记忆力明显下降", "冬季取暖条件较差"],
            ["助餐服务", "居家养老上门服务", "助浴服务"],
            ["特困供养", "临时救助"],
            ["链接助餐服务", "协助安装紧急呼叫设备", "开展居家安全检查"],
            Livelihood: ElderlyLivelihood),
        ["elderly-alone"] = new(
            ["独居老人", "一位独居老人", "辖区独居老人"],
            ["近日行动不便", "子女在外地工作，很少回家", "近期跌倒过一次", "多日未见出门，邻居担心"],
            ["助餐服务", "居家养老上门服务", "智慧养老呼叫服务"],
            ["居家养老服务补贴", "临时救助"],
            ["链接助餐服务", "协助安装紧急呼叫设备", "开展居家安全检查"]),
        ["elderly-disabled"] = new(
            ["失能老人", "一位半失能老人", "失能半失能老人"],
            ["长期卧床", "中风后生活无法自理", "老伴年迈照护吃力", "出院后需康复护理"],
            ["长期护理保险服务", "康复辅具租赁", "居家护理上门服务"],
            ["长期护理保险待遇", "居家养老服务补贴"],
            ["链接助浴服务", "联系家庭医生上门", "协助申请长护险评估"]),
        ["children-in-difficulty"] = new(
            ["困境儿童", "一名困境儿童", "辖区困境儿童"],
            ["父母一方服刑", "父亲重病、母亲离家", "由祖辈抚养，学习跟不上", "近期在校情绪异常"],
            ["公益助学金", "学业辅导志愿者", "儿童心理咨询服务"],
            ["困境儿童基本生活费", "教育救助"],
            ["安排课后学业辅导", "联系儿童主任共同跟进", "开展亲子关系辅导"]),
        ["left-behind-children"] = new(
            ["留守儿童", "一名留守儿童", "辖区留守儿童"],
            ["父母均在外地打工", "由年迈祖父母照看", "放学后常独自在家", "近期沉迷手机游戏"],
            ["四点半课堂", "学业辅导志愿者", "暑期托管服务"],
            ["教育救助", "临时救助"],
            ["安排课后托管和学业辅导", "联系儿童主任定期家访", "组织亲情视频通话"]),
        ["severe-disability"] = new(
            ["重度残疾人", "一名重度残疾人", "一户重度残疾人家庭"],
            ["肢体残疾、出行困难", "精神残疾，家属照护压力大", "轮椅损坏无法使用", "家中无障碍设施不足"],
            ["康复辅具适配服务", "残疾人托养服务", "无障碍改造项目"],
            ["残疾人两项补贴", "重度残疾人护理补贴"],
            ["联系残联康复专员上门", "链接居家托养服务", "开展居家安全检查"],
            ["残疾人辅助性就业项目", "居家来料加工项目", "盲人按摩技能培训"]),
        ["bereaved-parents"] = new(
            ["失独家庭", "一户失独家庭", "失独老人"],
            ["夫妻年老多病", "近期情绪持续低落", "逢年过节孤独感强", "住院无人陪护"],
            ["心理咨询服务", "住院陪护志愿服务", "居家养老上门服务"],
            ["计划生育特别扶助金", "医疗救助"],
            ["开展心理慰藉探访", "协助联系住院陪护", "结对志愿者定期陪伴"],
            Livelihood: ElderlyLivelihood),
        ["community-correction"] = new(
            ["社区矫正对象", "一名社区矫正对象"],
            ["刚纳入社区矫正，缺乏生活来源", "与家人关系紧张", "就业屡屡受挫", "情绪不稳定，有抵触心理"],
            ["司法社工心理辅导", "就业推荐服务", "法律援助"],
            ["临时救助", "低保申请"],
            ["开展定期谈心", "协助修复家庭关系"]),
        ["migrant-hardship"] = new(
            ["流动人口困难户", "一户外来务工困难家庭"],
            ["务工受伤后暂时失去收入", "子女入学手续未办妥", "租住房屋条件简陋", "家中老人来太仓就医"],
            ["法律援助", "慈善超市物资", "子女入学咨询服务"],
            ["临时救助", "医疗救助"],
            ["关注家庭生活状况", "安排子女课后托管"]),
        ["disaster-affected"] = new(
            ["受灾困难群众", "一户受灾家庭"],
            ["台风过后房屋受损", "暴雨导致家中进水", "火灾后暂无住处", "农作物受灾减收"],
            ["应急救灾物资", "房屋修缮公益项目", "临时安置场所"],
            ["受灾人员救助", "临时救助"],
            ["开展灾后心理疏导", "协助清点受损物品"]),
        ["temporary-assistance"] = new(
            ["临时救助对象", "一户急难家庭"],
            ["遭遇突发变故，生活陷入困境", "家庭成员意外受伤", "因急病支出骤增", "外出务工期间钱物被骗"],
            ["慈善帮扶资金", "慈善超市物资", "爱心企业捐赠"],
            ["临时救助", "急难型救助"],
            ["跟进家庭生活状况", "协助联系亲属"]),
        ["sudden-illness"] = new(
            ["突发重病家庭", "一户因病致困家庭"],
            ["家庭主要劳动力确诊重病", "孩子突发白血病住院", "医疗费用远超家庭承受能力", "术后需长期康复"],
            ["大病救助公益项目", "慈善帮扶资金", "医疗康复资源"],
            ["医疗救助", "临时救助"],
            ["协助整理报销材料", "联系家庭医生随访", "开展家属心理支持"]),
        ["unemployed-hardship"] = new(
            ["失业困难人员", "一名失业人员"],
            ["所在企业停产后失业", "年过四十再就业困难", "失业后家庭收入锐减", "长期失业，情绪消沉"],
            ["就业推荐服务", "职业技能培训", "创业担保贷款咨询"],
            ["失业保险金", "临时救助"],
            ["开展就业心理辅导", "建立定期联系"]),
    };
}
