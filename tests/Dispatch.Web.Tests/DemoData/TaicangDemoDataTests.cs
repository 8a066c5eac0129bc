using System.Text.Json;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Sla;
using Dispatch.Web.DemoData;

namespace Dispatch.Web.Tests.DemoData;

public class TaicangDemoDataTests
{
    private static readonly ReferenceData Data = TaicangDemoData.Create();

    private static readonly string[] ExpectedStationIds =
        ["chengxiang", "shaxi", "liuhe", "fuqiao", "huangjing", "shuangfeng", "loudong", "ludu"];

    [Fact]
    public void Has_the_eight_Taicang_stations()
    {
        Assert.Equal(ExpectedStationIds, Data.Stations.Select(s => s.Id));
        Assert.Equal(8, Data.Stations.Select(s => s.Name).Distinct().Count());
        Assert.Contains(Data.Stations, s => s.Name == "城厢镇社工站");
        Assert.Contains(Data.Stations, s => s.Name == "陆渡街道社工站");
        Assert.All(Data.Stations, s =>
        {
            Assert.Equal("Asia/Shanghai", s.TimeZone);
            Assert.Matches(@"^0512-\d{8}$", s.Phone);
            Assert.Matches(@"^[\u4e00-\u9fff]{2,3}$", s.HeadName);
            Assert.EndsWith("社工站", s.Name);
            Assert.Matches("^[a-z]+$", s.Id);
        });
    }

    [Fact]
    public void Has_157_communities_with_unique_ids_and_names_at_existing_stations()
    {
        Assert.Equal(157, Data.Communities.Count);
        Assert.Equal(157, Data.Communities.Select(c => c.Id).Distinct().Count());
        Assert.Equal(157, Data.Communities.Select(c => c.Name).Distinct().Count());
        var stationIds = Data.Stations.Select(s => s.Id).ToHashSet();
        Assert.All(Data.Communities, c =>
        {
            Assert.Contains(c.StationId, stationIds);
            Assert.Matches(@"^[a-z]+-[cv]\d{2}$", c.Id);
            Assert.StartsWith(c.StationId + "-", c.Id);
            Assert.EndsWith(c.Kind == CommunityKind.Community ? "社区" : "村", c.Name);
            Assert.Equal(c.Kind == CommunityKind.Community ? 'c' : 'v', c.Id[c.StationId.Length + 1]);
        });
        Assert.All(Data.Stations, s => Assert.InRange(Data.Communities.Count(c => c.StationId == s.Id), 15, 25));
    }

    [Fact]
    public void Chengxiang_has_16_communities_and_6_villages()
    {
        var own = Data.Communities.Where(c => c.StationId == "chengxiang").ToList();
        Assert.Equal(16, own.Count(c => c.Kind == CommunityKind.Community));
        Assert.Equal(6, own.Count(c => c.Kind == CommunityKind.Village));
    }

    [Fact]
    public void Has_80_workers_each_covering_two_or_three_communities_of_their_own_station()
    {
        Assert.Equal(80, Data.Workers.Count);
        Assert.Equal(Enumerable.Range(1, 80).Select(i => $"w{i:000}"), Data.Workers.Select(w => w.Id));
        Assert.Equal(80, Data.Workers.Select(w => w.Name).Distinct().Count());
        Assert.Equal(80, Data.Workers.Select(w => w.Phone).Distinct().Count());
        Assert.All(Data.Workers, w =>
        {
            Assert.True(w.IsActive);
            Assert.NotNull(Data.FindStation(w.StationId));
            Assert.InRange(w.CommunityIds.Count, 2, 3);
            Assert.Equal(w.CommunityIds.Count, w.CommunityIds.Distinct().Count());
            Assert.All(w.CommunityIds, id => Assert.Equal(w.StationId, Data.FindCommunity(id)?.StationId));
            Assert.Matches(@"^1\d{10}$", w.Phone);
            Assert.Matches(@"^[\u4e00-\u9fff]{2,3}$", w.Name);
        });
        Assert.All(Data.Stations, s => Assert.Contains(Data.Workers, w => w.StationId == s.Id));
        // Some workers carry three communities, not everyone sits at the minimum.
        Assert.Contains(Data.Workers, w => w.CommunityIds.Count == 3);
    }

    [Fact]
    public void Every_community_is_covered_and_every_worker_is_within_the_norm()
    {
        var report = Coverage.Analyse(Data);
        Assert.Empty(report.WorkersOutsideNorm);
        Assert.Empty(report.UncoveredCommunityIds);
    }

    [Fact]
    public void Has_a_realistic_certification_mix()
    {
        var counts = Data.Workers.GroupBy(w => w.Certification).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(Enum.GetValues<Certification>(), c => Assert.True(counts.GetValueOrDefault(c) > 0, $"no {c} workers"));
        Assert.True(counts[Certification.Assistant] > counts[Certification.Intermediate]);
        Assert.True(counts[Certification.Intermediate] > counts[Certification.Senior]);
        Assert.True(counts[Certification.None] > counts[Certification.Senior]);
    }

    [Fact]
    public void Has_16_categories_12_regular_and_4_temporary()
    {
        Assert.Equal(16, Data.Categories.Count);
        Assert.Equal(12, Data.Categories.Count(c => !c.IsTemporary));
        Assert.Equal(4, Data.Categories.Count(c => c.IsTemporary));
        Assert.Equal(16, Data.Categories.Select(c => c.Id).Distinct().Count());
        Assert.Equal(16, Data.Categories.Select(c => c.NameZh).Distinct().Count());
        Assert.All(Data.Categories, c =>
        {
            Assert.Matches("^[a-z]+(-[a-z]+)*$", c.Id);
            Assert.False(string.IsNullOrWhiteSpace(c.NameZh));
            Assert.False(string.IsNullOrWhiteSpace(c.NameEn));
        });
    }

    [Fact]
    public void Uses_the_default_sla()
    {
        Assert.Equal(SlaTargets.Default, Data.Sla);
    }

    [Fact]
    public void Create_is_deterministic()
    {
        Assert.Equal(JsonSerializer.Serialize(TaicangDemoData.Create()), JsonSerializer.Serialize(TaicangDemoData.Create()));
    }

    [Fact]
    public void People_have_short_chinese_names_digit_phones_and_addresses()
    {
        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var person = DemoText.NextPerson(random);
            Assert.Matches(@"^[\u4e00-\u9fff]{2,3}$", person.Name);
            Assert.True(person.Name.Length <= DemandStateMachine.MaxNameLength);
            if (person.Phone is not null)
            {
                Assert.Matches(@"^1\d{10}$", person.Phone);
            }
            Assert.False(string.IsNullOrWhiteSpace(person.Address));
            Assert.True(person.Address!.Length <= DemandStateMachine.MaxAddressLength);
        }
    }

    [Theory]
    [MemberData(nameof(Channels))]
    public void Reporters_fit_their_channel(ReportChannel channel)
    {
        var random = new Random(11);
        for (var i = 0; i < 200; i++)
        {
            var reporter = DemoText.NextReporter(random, channel);
            Assert.Equal(channel, reporter.Channel);
            Assert.InRange(reporter.Name.Length, 2, DemandStateMachine.MaxNameLength);
            Assert.NotNull(reporter.Phone);
            Assert.Matches(@"^\d+$", reporter.Phone);
            Assert.True(reporter.Phone!.Length <= DemandStateMachine.MaxPhoneLength);
            switch (channel)
            {
                case ReportChannel.Hotline12345:
                    Assert.Equal("12345热线", reporter.Name);
                    break;
                case ReportChannel.DepartmentReferral:
                    Assert.Matches(@"^[\u4e00-\u9fff]+$", reporter.Name);
                    Assert.Matches(@"(局|所|会|院|委员会)$", reporter.Name);
                    break;
                default:
                    Assert.Matches(@"^[\u4e00-\u9fff]{2,3}$", reporter.Name);
                    break;
            }
        }
    }

    public static TheoryData<ReportChannel> Channels() => new(Enum.GetValues<ReportChannel>());

    [Fact]
    public void Descriptions_fit_every_category_and_service_type_and_stay_short()
    {
        var random = new Random(13);
        var categoryIds = Data.Categories.Select(c => c.Id).Append("unknown-category");
        foreach (var categoryId in categoryIds)
        {
            foreach (var serviceType in Enum.GetValues<ServiceType>())
            {
                var seen = new HashSet<string>();
                for (var i = 0; i < 50; i++)
                {
                    var text = DemoText.NextDescription(random, categoryId, serviceType);
                    Assert.InRange(text.Length, 10, DemoText.MaxDescriptionLength - 1);
                    Assert.DoesNotContain("{", text);
                    Assert.DoesNotContain("}", text);
                    Assert.EndsWith("。", text);
                    seen.Add(text);
                }
                Assert.True(seen.Count >= 5, $"{categoryId}/{serviceType}: only {seen.Count} distinct descriptions");
            }
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_sequence()
    {
        Assert.Equal(Sample(42), Sample(42));
        Assert.NotEqual(Sample(42), Sample(43));
    }

    private static List<string> Sample(int seed)
    {
        var random = new Random(seed);
        var result = new List<string>();
        foreach (var channel in Enum.GetValues<ReportChannel>())
        {
            var person = DemoText.NextPerson(random);
            var reporter = DemoText.NextReporter(random, channel);
            result.Add($"{person.Name}|{person.Phone}|{person.Address}|{reporter.Name}|{reporter.Phone}");
            foreach (var serviceType in Enum.GetValues<ServiceType>())
            {
                result.Add(DemoText.NextDescription(random, "elderly-alone", serviceType));
            }
        }
        return result;
    }
}
