using System.Collections.Immutable;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Sla;

namespace Dispatch.Web.DemoData;

/// <summary>
/// The deterministic demo city, shaped like Taicang (DESIGN.md, seeds): 8 stations (6 towns, 2 streets),
/// 157 communities and villages, 80 stationed social workers each covering 2–3 communities of their own
/// station, and the 16 key-person categories (12 regular + 4 temporary). Same content on every call:
/// no clock, and the only randomness is a <see cref="Random"/> with a fixed seed.
/// </summary>
/// <remarks>
/// Community names follow Taicang's real divisions where they are known (城厢镇's 16 社区 + 6 村, several of
/// 沙溪镇, 浮桥镇, 双凤镇, 娄东街道 and 陆渡街道); the rest are plausible local names. This is demo data,
/// not an authoritative list of Taicang's divisions.
/// </remarks>
public static class TaicangDemoData
{
    public const int StationCount = 8;
    public const int CommunityCount = 157;
    public const int WorkerCount = 80;
    public const string TimeZone = "Asia/Shanghai";

    /// <summary>The fixed seed behind worker certifications and phone numbers.</summary>
    private const int Seed = 20201020;

    private sealed record StationSeed(
        string Id,
        string Name,
        string HeadName,
        string Phone,
        string[] Communities,
        string[] Villages);

    private static readonly StationSeed[] Stations =
    [
        new("chengxiang", "城厢镇社工站", "顾建华", "0512-53521168",
            ["中区社区", "东区社区", "府东社区", "县府社区", "南园社区", "桃园社区", "弇山社区", "梅园社区",
             "南区社区", "康乐社区", "西区社区", "德兴社区", "西郊社区", "伟阳社区", "太丰社区", "新毛社区"],
            ["新农村", "胜泾村", "永丰村", "电站村", "万丰村", "东林村"]),
        new("shaxi", "沙溪镇社工站", "陆振东", "0512-53221035",
            ["东市社区", "新北社区", "印溪社区", "归庄社区", "岳王社区", "直塘社区", "涂松社区", "中荷社区"],
            ["塘桥村", "岳镇村", "项桥村", "香塘村", "渠泾村", "太星村", "岳星村", "新建村",
             "庄西村", "虹桥村", "泰西村", "泥桥村", "松南村", "半泾村"]),
        new("liuhe", "浏河镇社工站", "朱卫红", "0512-53611220",
            ["紫薇社区", "闸北社区", "新闸社区", "浏南社区", "何桥社区", "郑和社区", "天妃社区", "滨江社区", "浏新社区"],
            ["新塘村", "东海村", "万安村", "孟河村", "闸南村", "浏东村", "张桥村", "江南村",
             "新港村", "南石村", "长江村", "戚浦村"]),
        new("fuqiao", "浮桥镇社工站", "沈国平", "0512-53711306",
            ["时思社区", "九曲社区", "牌楼社区", "老闸社区", "浮南社区", "港城社区", "金浪社区", "浏家港社区"],
            ["新邵村", "马北村", "浪港村", "七丫村", "方桥村", "时思村", "丁泾村", "三市村",
             "茜泾村", "绿化村", "浮桥村", "陆公村", "协新村", "建设村"]),
        new("huangjing", "璜泾镇社工站", "钱雪芳", "0512-53811052",
            ["园林社区", "王秀社区", "鹿河社区", "新明社区", "荣文社区"],
            ["杨漕村", "雅鹿村", "永乐村", "新泾村", "长洲村", "华源村", "鹿杨村", "六里村",
             "孝友村", "施家村", "聚宝村", "西泾村", "北荡村"]),
        new("shuangfeng", "双凤镇社工站", "周志刚", "0512-53411218",
            ["凤中社区", "凤北社区", "新湖社区", "勤力社区"],
            ["黄桥村", "庆丰村", "新杨村", "南转村", "新闯村", "新卫村", "维新村", "共和村",
             "凤南村", "泥泾村", "尚桥村", "花园村"]),
        new("loudong", "娄东街道社工站", "王丽萍", "0512-53371526",
            ["惠阳社区", "东郊社区", "太平社区", "洋沙社区", "朝阳社区", "香花桥社区", "太东社区", "太胜社区",
             "滨河社区", "娄江社区", "长春社区", "北门社区", "致和社区", "海运堤社区"],
            ["花北村", "小桥村", "岳南村", "金阳村"]),
        new("ludu", "陆渡街道社工站", "吴海峰", "0512-53681139",
            ["陆渡社区", "新渡社区", "东港社区", "景湖社区", "玉兰社区", "永泰社区", "同心社区", "和平社区"],
            ["洙泾村", "红庙村", "横沥村", "郁桥村", "三港村", "陆南村", "光明村", "新华村", "薛家村", "长桥村"]),
    ];

    /// <summary>w001…w080, in station order (the first workers are 城厢镇's).</summary>
    private static readonly string[] WorkerNames =
    [
        "陆佳怡", "顾晓雯", "朱思远", "沈梦洁", "钱文博", "周雨婷", "徐海燕", "王志强", "张静怡", "吴俊杰",
        "陈晓燕", "金怡宁", "杨凯文", "黄丽华", "施晓峰", "蒋欣悦", "龚玉芬", "浦嘉伟", "邵敏", "唐雪梅",
        "缪振宇", "冯婉清", "季春燕", "汤宇航", "邹雯雯", "严晓东", "孙倩", "李佳琪", "刘志明", "胡晓琳",
        "许文静", "何俊", "曹颖", "潘建新", "姚丽娟", "盛天宇", "范晓庆", "陶欣怡", "王晓露", "陆一鸣",
        "顾丽萍", "朱婷婷", "沈浩然", "钱玲", "周晨阳", "徐倩雯", "张伟东", "吴佳慧", "陈思琪", "金晓红",
        "杨帆", "黄诗雨", "施丽", "蒋振华", "龚晓梅", "浦雪芬", "邵佳豪", "唐晓静", "缪丽娜", "冯俊辉",
        "季芳", "汤佳敏", "邹建平", "严洁", "孙晓伟", "李春梅", "刘雅雯", "胡志勇", "许琳", "何晓蕾",
        "曹振东", "潘晓敏", "姚杰", "盛婷", "范文杰", "陶雨晨", "戴晓丽", "卞国强", "毛佳丽", "瞿晓菲",
    ];

    /// <summary>The certification mix of the 80 workers, shuffled with the fixed seed.</summary>
    private static readonly (Certification Certification, int Count)[] CertificationMix =
    [
        (Certification.None, 14),
        (Certification.Assistant, 40),
        (Certification.Intermediate, 22),
        (Certification.Senior, 4),
    ];

    private static readonly PersonCategory[] Categories =
    [
        new("dibao", "低保对象", "Minimum-subsistence (dibao) recipients", false),
        new("tekun", "特困供养人员", "Persons in extreme poverty under state support", false),
        new("dibao-edge", "低保边缘家庭", "Families on the edge of dibao", false),
        new("elderly-childless", "孤寡老人", "Elderly without spouse or children", false),
        new("elderly-alone", "独居老人", "Elderly living alone", false),
        new("elderly-disabled", "失能半失能老人", "Elderly unable or partly unable to care for themselves", false),
        new("children-in-difficulty", "困境儿童", "Children in difficult circumstances", false),
        new("left-behind-children", "留守儿童", "Left-behind children", false),
        new("severe-disability", "重度残疾人", "Persons with severe disabilities", false),
        new("bereaved-parents", "失独家庭", "Families who lost their only child", false),
        new("community-correction", "社区矫正对象", "Persons under community correction", false),
        new("migrant-hardship", "流动人口困难户", "Migrant households in hardship", false),
        new("disaster-affected", "受灾困难群众", "Disaster-affected residents in hardship", true),
        new("temporary-assistance", "临时救助对象", "Recipients of temporary assistance", true),
        new("sudden-illness", "突发重病家庭", "Families hit by sudden serious illness", true),
        new("unemployed-hardship", "失业困难人员", "Unemployed persons in hardship", true),
    ];

    /// <summary>The demo city. Deterministic: every call returns equal content.</summary>
    public static ReferenceData Create()
    {
        var random = new Random(Seed);

        var stations = Stations
            .Select(s => new Station(s.Id, s.Name, s.HeadName, s.Phone, TimeZone))
            .ToImmutableList();

        var communitiesByStation = Stations.Select(s => s.Communities
                .Select((name, i) => new Community($"{s.Id}-c{i + 1:00}", name, s.Id, CommunityKind.Community))
                .Concat(s.Villages.Select((name, i) => new Community($"{s.Id}-v{i + 1:00}", name, s.Id, CommunityKind.Village)))
                .ToList())
            .ToList();
        var communities = communitiesByStation.SelectMany(c => c).ToImmutableList();

        var certifications = CertificationMix.SelectMany(m => Enumerable.Repeat(m.Certification, m.Count)).ToArray();
        random.Shuffle(certifications);

        var workersPerStation = Apportion(communitiesByStation.Select(c => c.Count).ToArray(), WorkerNames.Length);
        var phones = new HashSet<string>();
        var workers = ImmutableList.CreateBuilder<SocialWorker>();
        for (var s = 0; s < Stations.Length; s++)
        {
            var own = communitiesByStation[s];
            var covered = Allocate(own.Count, workersPerStation[s]);
            foreach (var indices in covered)
            {
                var number = workers.Count;
                string phone;
                do
                {
                    phone = DemoText.NextMobile(random);
                }
                while (!phones.Add(phone));
                workers.Add(new SocialWorker(
                    Id: $"w{number + 1:000}",
                    Name: WorkerNames[number],
                    StationId: Stations[s].Id,
                    Certification: certifications[number],
                    CommunityIds: indices.Select(i => own[i].Id).ToImmutableList(),
                    Phone: phone));
            }
        }

        return new ReferenceData(communities, stations, workers.ToImmutable(), [.. Categories], SlaTargets.Default);
    }

    /// <summary>Largest-remainder apportionment of <paramref name="seats"/> by <paramref name="weights"/>; ties go to the earlier entry.</summary>
    private static int[] Apportion(int[] weights, int seats)
    {
        var total = weights.Sum();
        var result = weights.Select(w => w * seats / total).ToArray();
        var byRemainder = weights
            .Select((w, i) => (Index: i, Remainder: w * seats % total))
            .OrderByDescending(x => x.Remainder)
            .ThenBy(x => x.Index)
            .ToList();
        var missing = seats - result.Sum();
        for (var k = 0; k < missing; k++)
        {
            result[byRemainder[k].Index]++;
        }
        return result;
    }

    /// <summary>
    /// Which of a station's <paramref name="communityCount"/> communities each of its <paramref name="workerCount"/> workers covers.
    /// The communities are split into contiguous blocks (so every one is covered), each worker is topped up
    /// with the neighbouring communities to reach 2, and every third worker takes a third neighbour.
    /// </summary>
    private static List<List<int>> Allocate(int communityCount, int workerCount)
    {
        if (workerCount == 0 || communityCount > workerCount * Coverage.MaxCommunitiesPerWorker || communityCount < Coverage.MaxCommunitiesPerWorker)
        {
            throw new InvalidOperationException($"Cannot cover {communityCount} communities with {workerCount} workers at 2–3 each.");
        }
        var result = new List<List<int>>(workerCount);
        var start = 0;
        for (var i = 0; i < workerCount; i++)
        {
            var size = communityCount / workerCount + (i < communityCount % workerCount ? 1 : 0);
            var indices = Enumerable.Range(start, size).ToList();
            start += size;
            var next = start;
            while (indices.Count < Coverage.MinCommunitiesPerWorker)
            {
                indices.Add(next++ % communityCount);
            }
            if (i % 3 == 2 && indices.Count < Coverage.MaxCommunitiesPerWorker)
            {
                indices.Add(next % communityCount);
            }
            result.Add(indices);
        }
        return result;
    }
}
