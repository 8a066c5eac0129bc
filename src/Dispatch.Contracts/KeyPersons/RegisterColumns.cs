using System.Collections.Immutable;
using Dispatch.Contracts.Directory;

namespace Dispatch.Contracts.KeyPersons;

/// <summary>What a column of a register file holds.</summary>
public enum RegisterField { Name, IdNumber, Phone, Community, Categories, Since, Until, Risk, Notes }

/// <summary>
/// A column of a register file (重点人群名册): its header in Chinese and English (a file may use either, in any order),
/// whether a file must have it, and the field of <see cref="KeyPersonRules.Check(KeyPersonDetails, ReferenceData)"/>
/// whose problems it shows.
/// </summary>
public sealed record RegisterColumn(RegisterField Field, string Chinese, string English, bool Required, string? CheckField)
{
    /// <summary>How a problem names the column when the file has no header for it.</summary>
    public string BothNames => $"{Chinese}/{English}";

    public string Header(bool inChinese) => inChinese ? Chinese : English;

    /// <summary>Headers match ignoring case, spaces and a required-field star (姓名*), which templates often carry.</summary>
    public bool Matches(string header)
    {
        var key = Key(header);
        return key.Length > 0 && (key == Key(Chinese) || key == Key(English));
    }

    private static string Key(string header) =>
        new([.. header.Where(ch => !char.IsWhiteSpace(ch) && ch is not ('*' or '＊')).Select(char.ToLowerInvariant)]);
}

/// <summary>The register file's columns, shared by import and export so an exported file re-imports as it is.</summary>
public static class RegisterColumns
{
    public static ImmutableArray<RegisterColumn> All { get; } =
    [
        new(RegisterField.Name, "姓名", "Name", Required: true, "name"),
        new(RegisterField.IdNumber, "身份证号", "ID number", Required: true, "idNumber"),
        new(RegisterField.Phone, "电话", "Phone", Required: false, "phone"),
        new(RegisterField.Community, "社区", "Community", Required: true, "communityId"),
        new(RegisterField.Categories, "类别", "Categories", Required: true, "categories"),
        new(RegisterField.Since, "开始日期", "Since", Required: true, null),
        new(RegisterField.Until, "结束日期", "Until", Required: false, null),
        new(RegisterField.Risk, "风险等级", "Risk", Required: false, "riskLevel"),
        new(RegisterField.Notes, "备注", "Notes", Required: false, "notes"),
    ];

    public static RegisterColumn Of(RegisterField field) => All.First(c => c.Field == field);

    /// <summary>Several categories share a cell, separated by any of these (Chinese and Western punctuation alike).</summary>
    public static readonly char[] CategorySeparators = ['、', ';', '；', ',', '，'];

    /// <summary>How an export separates categories: the one Chinese readers expect.</summary>
    public const string CategorySeparator = "、";

    /// <summary>The exact text a date is written as, and the first format it is read in.</summary>
    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>Risk levels as a file writes them: 高/中/低 or High/Medium/Low.</summary>
    public static string RiskText(Demands.RiskLevel risk, bool inChinese) => inChinese
        ? risk switch { Demands.RiskLevel.High => "高", Demands.RiskLevel.Medium => "中", _ => "低" }
        : risk.ToString();

    /// <summary>
    /// The items <paramref name="text"/> names: the one with that id, else those with that name (case ignored). A file
    /// writes whichever people know; export writes a name only where it finds the same item again.
    /// </summary>
    public static IReadOnlyList<T> Named<T>(IEnumerable<T> items, string text, Func<T, string> id, params Func<T, string>[] names)
    {
        var byId = items.Where(item => id(item) == text).ToList();
        return byId.Count > 0
            ? byId
            : [.. items.Where(item => names.Any(name => string.Equals(name(item), text, StringComparison.OrdinalIgnoreCase)))];
    }
}
