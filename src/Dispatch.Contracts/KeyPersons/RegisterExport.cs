using System.Collections.Immutable;
using Dispatch.Contracts.Directory;

namespace Dispatch.Contracts.KeyPersons;

/// <summary>
/// A station's register as the rows of a file with exactly the import's columns, so the file can be edited and
/// imported again (unchanged, it imports as a no-op). Cells are strings and <see cref="DateOnly"/> dates.
/// </summary>
public static class RegisterExport
{
    public static ImmutableArray<string> Header(bool inChinese) => [.. RegisterColumns.All.Select(c => c.Header(inChinese))];

    /// <summary>
    /// One row per person and pair of dates: a row has one start and one end date for all its categories, so a person
    /// whose categories began on different days takes several rows, which the import merges back into them.
    /// </summary>
    public static ImmutableList<ImmutableArray<object?>> Rows(
        IEnumerable<KeyPerson> people, string stationId, ReferenceData reference, bool inChinese) =>
    [
        .. people
            .OrderBy(p => p.Details.Name, StringComparer.Ordinal).ThenBy(p => p.Details.IdNumber, StringComparer.Ordinal)
            .SelectMany(person => person.Details.Categories
                .GroupBy(m => (m.Since, m.Until))
                .OrderBy(dates => dates.Key.Since)
                .Select(dates => Row(person.Details, dates.Key.Since, dates.Key.Until,
                    string.Join(RegisterColumns.CategorySeparator, dates.Select(m => CategoryLabel(m.CategoryId, reference, inChinese))),
                    CommunityLabel(person.Details.CommunityId, stationId, reference), inChinese))),
    ];

    private static ImmutableArray<object?> Row(
        KeyPersonDetails details, DateOnly since, DateOnly? until, string categories, string community, bool inChinese) =>
    [
        .. RegisterColumns.All.Select(column => column.Field switch
        {
            RegisterField.Name => details.Name,
            RegisterField.IdNumber => details.IdNumber,
            RegisterField.Phone => details.Phone,
            RegisterField.Community => community,
            RegisterField.Categories => categories,
            RegisterField.Since => since,
            RegisterField.Until => until,
            RegisterField.Risk => details.RiskLevel is { } risk ? RegisterColumns.RiskText(risk, inChinese) : null,
            RegisterField.Notes => (object?)details.Notes,
            _ => throw new ArgumentOutOfRangeException(nameof(column), column.Field, "a register column without a cell"),
        }),
    ];

    /// <summary>The community's name where the import finds the same community by it, else its id.</summary>
    private static string CommunityLabel(string communityId, string stationId, ReferenceData reference) =>
        reference.FindCommunity(communityId) is { } community
        && RegisterImport.FindCommunity(reference, stationId, community.Name).Community?.Id == communityId
            ? community.Name
            : communityId;

    /// <summary>The category's name in the file's language where the import finds the same category by it, else its id.</summary>
    private static string CategoryLabel(string categoryId, ReferenceData reference, bool inChinese) =>
        reference.FindCategory(categoryId) is { } category
        && (inChinese ? category.NameZh : category.NameEn) is var name
        && name.IndexOfAny(RegisterColumns.CategorySeparators) < 0
        && RegisterImport.FindCategory(reference, name).Category?.Id == categoryId
            ? name
            : categoryId;
}
