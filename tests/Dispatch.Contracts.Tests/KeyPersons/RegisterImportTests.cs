using System.Collections.Immutable;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Contracts.Sla;

namespace Dispatch.Contracts.Tests.KeyPersons;

public sealed class RegisterImportTests
{
    private const string Station = "st-cx";

    private static readonly ReferenceData City = new(
        Communities:
        [
            new("c-xinhua", "新华社区", Station, CommunityKind.Community),
            new("c-dongmen", "东门村", Station, CommunityKind.Village),
            new("c-shaxi", "沙溪社区", "st-sx", CommunityKind.Community),
        ],
        Stations:
        [
            new(Station, "城厢镇社工站", "陈站长", "0512-1", "Asia/Shanghai"),
            new("st-sx", "沙溪镇社工站", "周站长", "0512-2", "Asia/Shanghai"),
        ],
        Workers: [],
        Categories:
        [
            new("dibao", "低保对象", "Minimum living allowance", false),
            new("alone", "独居老人", "Elderly living alone", false),
            new("released", "刑满释放人员", "Recently released", true),
        ],
        Sla: SlaTargets.Default);

    private static readonly string[] ChineseHeader = ["姓名", "身份证号", "电话", "社区", "类别", "开始日期", "结束日期", "风险等级", "备注"];

    /// <summary>Well-formed numbers with a correct check character, born 1950 + n.</summary>
    private static string IdNumber(int n)
    {
        var first17 = $"320585{1950 + n}0101{n % 1000:000}";
        return first17 + IdNumbers.CheckCharacter(first17);
    }

    private static readonly string WangId = IdNumber(1);
    private static readonly string LiId = IdNumber(2);

    /// <summary>The header on line 1, then each row on the next line.</summary>
    private static List<SheetRow> File(string[] header, params string[][] rows) =>
        [new SheetRow(1, header), .. rows.Select((cells, i) => new SheetRow(i + 2, cells))];

    private static RegisterImportReport Check(List<SheetRow> rows, params KeyPerson[] existing) =>
        RegisterImport.Check(rows, Station, existing, City);

    private static (int, string)[] Places(RegisterImportReport report) => [.. report.Problems.Select(p => (p.Line, p.Column))];

    private static KeyPerson Registered(KeyPersonDetails details) =>
        KeyPersonRules.Save(null, details, City, Actor.System, DateTimeOffset.UnixEpoch).Person!;

    [Fact]
    public void A_clean_file_with_Chinese_headers_names_communities_and_categories_as_people_write_them()
    {
        var report = Check(File(ChineseHeader,
            ["王秀英", WangId, "13912345678", "新华社区", "低保对象、独居老人", "2026-01-05", "", "高", "腿脚不便"],
            ["李建国", LiId, "", "c-dongmen", "刑满释放人员", "2026/3/1", "2027年3月1日", "", ""]));

        Assert.True(report.IsClean, string.Join("; ", report.Problems));
        Assert.Equal(2, report.Rows);
        var wang = report.People[0];
        Assert.Equal(("王秀英", WangId, "13912345678", "c-xinhua", RiskLevel.High, "腿脚不便"),
            (wang.Details.Name, wang.Details.IdNumber, wang.Details.Phone, wang.Details.CommunityId, wang.Details.RiskLevel, wang.Details.Notes));
        Assert.Equal([new("alone", new(2026, 1, 5)), new("dibao", new(2026, 1, 5))], wang.Details.Categories);
        Assert.Equal([2], wang.Lines);
        Assert.Equal(RegisterChange.New, wang.Change);
        Assert.Equal([new CategoryMembership("released", new(2026, 3, 1), new(2027, 3, 1))], report.People[1].Details.Categories);
        Assert.Null(report.People[1].Details.Phone);
    }

    [Fact]
    public void English_headers_in_any_order_ids_and_English_names_and_any_separator_read_the_same()
    {
        var report = Check(File(["Categories", "id number", "Name", "Community", "Since", "Risk", "Station notes"],
            ["dibao；Elderly living alone", WangId.ToLowerInvariant(), " 王秀英 ", "c-xinhua", "20260105", "medium", "ignored"]));

        Assert.True(report.IsClean, string.Join("; ", report.Problems));
        var wang = Assert.Single(report.People).Details;
        Assert.Equal(WangId, wang.IdNumber);
        Assert.Equal("王秀英", wang.Name);
        Assert.Equal(RiskLevel.Medium, wang.RiskLevel);
        Assert.Equal(["alone", "dibao"], wang.Categories.Select(c => c.CategoryId));
    }

    [Fact]
    public void Every_bad_line_is_reported_with_its_line_column_and_reason_and_good_lines_still_listed()
    {
        var wrongCheck = WangId[..17] + (WangId[17] == '1' ? '2' : '1');
        var report = Check(File(ChineseHeader,
            ["王秀英", wrongCheck, "", "新华社区", "低保对象", "2026-01-05", "", "", ""],
            ["李建国", LiId, "", "老城社区", "低保对象", "2026-01-05", "", "", ""],
            ["张三", IdNumber(3), "", "沙溪社区", "低保对象", "2026-01-05", "", "", ""],
            ["李四", IdNumber(4), "", "新华社区", "低保对象、五保户", "2026-01-05", "", "", ""],
            ["王五", IdNumber(5), "", "新华社区", "刑满释放人员", "2026-01-05", "", "", ""],
            ["赵六", IdNumber(6), "", "新华社区", "刑满释放人员", "2026-01-05", "2025-12-31", "", ""],
            ["孙七", IdNumber(7), "", "新华社区", "独居老人", "2026-01-05", "", "", ""]));

        Assert.Equal([(2, "身份证号"), (3, "社区"), (4, "社区"), (5, "类别"), (6, "结束日期"), (7, "结束日期")], Places(report));
        Assert.Contains("check character", report.Problems[0].Reason);
        Assert.Equal("unknown community '老城社区'.", report.Problems[1].Reason);
        Assert.Equal("'沙溪社区' is a community of 沙溪镇社工站, not of this station.", report.Problems[2].Reason);
        Assert.Equal("unknown category '五保户'.", report.Problems[3].Reason);
        Assert.Contains("temporary category: it needs an end date", report.Problems[4].Reason);
        Assert.Contains("ends (2025-12-31) before it starts (2026-01-05)", report.Problems[5].Reason);
        Assert.False(report.IsClean);
        Assert.Equal([8], Assert.Single(report.People).Lines);
    }

    [Fact]
    public void Every_problem_of_one_line_is_reported_not_only_the_first()
    {
        var report = Check(File(ChineseHeader, ["", "12345", "电话坏了", "", "", "明天", "", "很高", new string('注', 501)]));

        // In the file's column order, so they read across the line as the user sees it.
        Assert.Equal([(2, "姓名"), (2, "身份证号"), (2, "电话"), (2, "社区"), (2, "类别"), (2, "开始日期"), (2, "风险等级"), (2, "备注")], Places(report));
        Assert.Contains(report.Problems, p => p.Reason == "'明天' is not a date: write it as yyyy-MM-dd.");
    }

    [Fact]
    public void An_id_number_Excel_turned_into_a_number_is_told_apart_from_a_typo()
    {
        var report = Check(File(ChineseHeader, ["王秀英", "3.20585195101E+17", "", "新华社区", "低保对象", "2026-01-05", "", "", ""]));

        var problem = Assert.Single(report.Problems);
        Assert.Equal((2, "身份证号"), (problem.Line, problem.Column));
        Assert.StartsWith("the ID number was saved as a number", problem.Reason);
    }

    [Fact]
    public void A_missing_required_column_is_one_clear_problem_naming_it_on_the_header_line()
    {
        var report = Check(
        [
            new SheetRow(1, []),
            new SheetRow(2, ["姓名", "电话", "社区", "类别", "开始日期"]),
            new SheetRow(3, ["王秀英", "", "新华社区", "低保对象", "2026-01-05"]),
        ]);

        var problem = Assert.Single(report.Problems);
        Assert.Equal((2, "身份证号/ID number"), (problem.Line, problem.Column));
        Assert.StartsWith("the header row has no 身份证号/ID number column", problem.Reason);
        Assert.Empty(report.People);
        Assert.Equal(1, report.Rows);
    }

    [Fact]
    public void A_column_given_twice_is_a_header_problem()
    {
        var report = Check(File([.. ChineseHeader, "Name"], ["王秀英", WangId, "", "新华社区", "低保对象", "2026-01-05", "", "", "", "王"]));

        var problem = Assert.Single(report.Problems);
        Assert.Equal((1, "Name"), (problem.Line, problem.Column));
        Assert.Contains("columns 1 and 10", problem.Reason);
    }

    [Fact]
    public void An_empty_file_says_it_needs_a_header()
    {
        var report = Check([new SheetRow(1, ["", " "])]);

        Assert.Equal(1, Assert.Single(report.Problems).Line);
        Assert.Empty(report.People);
    }

    [Fact]
    public void Lines_with_the_same_id_number_merge_into_one_person_later_values_winning_and_categories_adding_up()
    {
        var report = Check(File(ChineseHeader,
            ["王秀英", WangId, "13900000000", "新华社区", "低保对象", "2026-01-05", "", "低", "旧备注"],
            ["李建国", LiId, "", "东门村", "独居老人", "2026-01-05", "", "", ""],
            ["王秀英", WangId.ToLowerInvariant() + " ", "", "东门村", "独居老人、低保对象", "2026-02-01", "", "高", ""]));

        Assert.True(report.IsClean, string.Join("; ", report.Problems));
        Assert.Equal(2, report.People.Count);
        var wang = report.People[0];
        Assert.Equal([2, 4], wang.Lines);
        Assert.True(wang.IsMerged);
        Assert.Equal("13900000000", wang.Details.Phone);
        Assert.Equal("c-dongmen", wang.Details.CommunityId);
        Assert.Equal(RiskLevel.High, wang.Details.RiskLevel);
        Assert.Equal("旧备注", wang.Details.Notes);
        Assert.Equal([new("alone", new(2026, 2, 1)), new("dibao", new(2026, 2, 1))], wang.Details.Categories);
        Assert.False(report.People[1].IsMerged);
    }

    [Fact]
    public void A_registered_id_number_updates_that_person_keeping_their_other_categories()
    {
        var wang = Registered(new("王秀英", WangId, "13900000000", "c-xinhua", [new("dibao", new(2025, 1, 1))], null, "已建档"));

        var report = Check(File(ChineseHeader, ["王秀英", WangId, "", "新华社区", "独居老人", "2026-01-05", "", "中", ""]), wang);

        var person = Assert.Single(report.People);
        Assert.Equal(RegisterChange.Updated, person.Change);
        Assert.Equal([new("alone", new(2026, 1, 5)), new("dibao", new(2025, 1, 1))], person.Details.Categories);
        Assert.Equal(("13900000000", RiskLevel.Medium, "已建档"), (person.Details.Phone, person.Details.RiskLevel, person.Details.Notes));
    }

    [Fact]
    public void A_line_that_says_what_is_registered_changes_nothing()
    {
        var wang = Registered(new("王秀英", WangId, null, "c-xinhua", [new("dibao", new(2025, 1, 1))], null, null));

        var report = Check(File(ChineseHeader, ["王秀英", WangId, "", "新华社区", "低保对象", "2025-01-01", "", "", ""]), wang);

        Assert.Equal(RegisterChange.Unchanged, Assert.Single(report.People).Change);
    }

    [Fact]
    public void Lines_that_are_fine_alone_but_too_much_together_are_reported_on_the_last_of_them()
    {
        var many = Enumerable.Range(1, KeyPersonRules.MaxCategoriesPerPerson)
            .Select(i => new PersonCategory($"cat{i}", $"类别{i}", $"Category {i}", false)).ToList();
        var city = City with { Categories = City.Categories.AddRange(many) };
        var rows = File(ChineseHeader,
            ["王秀英", WangId, "", "新华社区", string.Join("、", many.Select(c => c.Id)), "2026-01-05", "", "", ""],
            ["王秀英", WangId, "", "新华社区", "低保对象", "2026-01-05", "", "", ""]);

        var report = RegisterImport.Check(rows, Station, [], city);

        Assert.Equal([(3, "类别")], Places(report));
        Assert.Empty(report.People);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_exported_register_imports_again_as_a_no_op(bool inChinese)
    {
        ImmutableList<KeyPerson> register =
        [
            Registered(new("王秀英", WangId, "13912345678", "c-xinhua",
                [new("dibao", new(2025, 1, 1)), new("alone", new(2025, 1, 1)), new("released", new(2026, 3, 1), new(2027, 2, 28))],
                RiskLevel.High, "备注, 含逗号\n和换行")),
            Registered(new("李建国", LiId, null, "c-dongmen", [new("alone", new(2024, 6, 1))], null, null)),
        ];

        var header = RegisterExport.Header(inChinese);
        var rows = RegisterExport.Rows(register, Station, City, inChinese);
        var file = File([.. header], [.. rows.Select(r => r.Select(Text).ToArray())]);
        var report = Check(file, [.. register]);

        Assert.Equal(3, rows.Count);
        Assert.True(report.IsClean, string.Join("; ", report.Problems));
        Assert.All(report.People, p => Assert.Equal(RegisterChange.Unchanged, p.Change));
        // A person whose categories began on different days takes a row per start day; the import merges them back.
        Assert.Equal([3, 4], report.People.Single(p => p.Details.IdNumber == WangId).Lines);
        Assert.Equal(inChinese ? "独居老人、低保对象" : "Elderly living alone、Minimum living allowance", rows[1][4]);
    }

    [Fact]
    public void Export_writes_an_id_where_a_name_would_find_something_else()
    {
        var city = City with
        {
            Communities = City.Communities.Add(new("c-xinhua2", "新华社区", Station, CommunityKind.Community)),
            Categories = City.Categories.Add(new("dibao2", "低保对象", "Other allowance", false)),
        };
        var person = KeyPersonRules.Save(null, new("王秀英", WangId, null, "c-xinhua", [new("dibao", new(2025, 1, 1))], null, null),
            city, Actor.System, DateTimeOffset.UnixEpoch).Person!;

        var row = Assert.Single(RegisterExport.Rows([person], Station, city, inChinese: true));

        Assert.Equal(("c-xinhua", "dibao"), (row[3], row[4]));
    }

    /// <summary>How a cell reads back from a CSV file: dates in the register's format, nothing as empty.</summary>
    private static string Text(object? cell) => cell switch
    {
        DateOnly date => date.ToString(RegisterColumns.DateFormat),
        null => "",
        _ => cell.ToString()!,
    };
}
