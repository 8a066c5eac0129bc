using System.Collections.Immutable;
using Dispatch.Contracts;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.KeyPersons;

namespace Dispatch.Web.DemoData;

/// <summary>A demo key person and the visits already made to them, by the worker covering their community.</summary>
public sealed record DemoKeyPerson(KeyPersonDetails Details, ImmutableList<RecordVisit> Visits, string? WorkerId);

/// <summary>
/// Key persons for the demo city: a few per community in the 16 categories, with well-formed Taicang id numbers
/// (region 320585) and the visits a station would have made by <c>today</c>: most of last month's (as far back as a
/// visit may still be recorded) and a share of this month's that grows with the day of the month.
/// </summary>
public static class KeyPersonDemoData
{
    private const string TaicangRegion = "320585";

    private static readonly string[] Observations =
    [
        "老人精神状态良好，家中整洁，药品充足。",
        "居住环境一般，已提醒注意用电安全。",
        "子女每周探望一次，生活基本能自理。",
        "近期血压偏高，已提醒按时服药并联系家庭医生。",
        "孩子学习情况稳定，监护人表示暂无困难。",
        "家中取暖设备老化，已登记需求。",
    ];

    private static readonly (string Description, ServiceType Type, Urgency Urgency)[] Needs =
    [
        ("老人行动不便，希望申请助餐服务。", ServiceType.ElderlyAndChildCare, Urgency.Normal),
        ("家中收入骤减，需申请临时救助。", ServiceType.SocialAssistance, Urgency.Urgent),
        ("孩子放学后无人看护，需链接四点半课堂资源。", ServiceType.ResourceLinking, Urgency.Routine),
    ];

    public static IReadOnlyList<DemoKeyPerson> Create(ReferenceData city, int perCommunity, DateOnly today, int seed)
    {
        var random = new Random(seed);
        var regular = city.Categories.Where(c => !c.IsTemporary).ToList();
        var temporary = city.Categories.Where(c => c.IsTemporary).ToList();
        var month = ChinaCalendar.FirstOfMonth(today);
        var people = new List<DemoKeyPerson>();
        var idNumbers = new HashSet<string>();
        foreach (var community in city.Communities)
        {
            var workerId = VisitPlan.CoveringWorker(city, community.Id);
            for (var i = 0; i < perCommunity; i++)
            {
                string idNumber;
                do
                {
                    idNumber = NextIdNumber(random);
                }
                while (!idNumbers.Add(idNumber));
                var categories = new List<CategoryMembership>
                {
                    new(regular[random.Next(regular.Count)].Id, month.AddMonths(-random.Next(2, 40))),
                };
                if (temporary.Count > 0 && random.Next(100) < 12)
                {
                    // A current hardship: started in the last months, ends within half a year.
                    categories.Add(new(temporary[random.Next(temporary.Count)].Id, month.AddMonths(-random.Next(0, 4)),
                        ChinaCalendar.LastOfMonth(month.AddMonths(random.Next(0, 6)))));
                }
                var risk = random.Next(100) switch { < 10 => RiskLevel.High, < 45 => RiskLevel.Medium, _ => (RiskLevel?)RiskLevel.Low };
                var person = DemoText.NextPerson(random);
                var details = new KeyPersonDetails(person.Name, idNumber, person.Phone, community.Id,
                    [.. categories.DistinctBy(c => c.CategoryId)], risk, null);
                people.Add(new DemoKeyPerson(details, workerId is null ? [] : Visits(random, today), workerId));
            }
        }
        return people;
    }

    /// <summary>A well-formed id number: region, a birth date between 1930 and 2015, a sequence and the check character.</summary>
    public static string NextIdNumber(Random random)
    {
        var born = new DateOnly(1930, 1, 1).AddDays(random.Next(0, 365 * 85));
        var first17 = $"{TaicangRegion}{born:yyyyMMdd}{random.Next(0, 1000):000}";
        return first17 + IdNumbers.CheckCharacter(first17);
    }

    private static ImmutableList<RecordVisit> Visits(Random random, DateOnly today)
    {
        var visits = ImmutableList.CreateBuilder<RecordVisit>();
        var earliest = today.AddDays(-KeyPersonRules.MaxVisitAgeDays);
        var lastMonthEnd = ChinaCalendar.FirstOfMonth(today).AddDays(-1);
        if (lastMonthEnd >= earliest && random.Next(100) < 90)
        {
            visits.Add(Visit(random, RandomDay(random, earliest, lastMonthEnd), withNeed: false));
        }
        var monthProgress = (double)today.Day / DateTime.DaysInMonth(today.Year, today.Month);
        if (random.NextDouble() < monthProgress * 0.9)
        {
            visits.Add(Visit(random, RandomDay(random, ChinaCalendar.FirstOfMonth(today), today), withNeed: random.Next(100) < 3));
        }
        return visits.ToImmutable();
    }

    public static RecordVisit Visit(Random random, DateOnly on, bool withNeed)
    {
        var found = random.Next(100) < 92;
        var needs = withNeed ? [Needs[random.Next(Needs.Length)]] : Array.Empty<(string, ServiceType, Urgency)>();
        return new RecordVisit(on, found, found ? Observations[random.Next(Observations.Length)] : "上门未见到本人，已留联系卡并告知邻居。",
            [.. needs.Select(n => new NeedFound(n.Item1, n.Item2, n.Item3))]);
    }

    private static DateOnly RandomDay(Random random, DateOnly first, DateOnly last) =>
        first.AddDays(random.Next(0, last.DayNumber - first.DayNumber + 1));
}
