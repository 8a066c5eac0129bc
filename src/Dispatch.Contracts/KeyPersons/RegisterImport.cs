using System.Collections.Immutable;
using System.Globalization;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;

namespace Dispatch.Contracts.KeyPersons;

/// <summary>One row of an uploaded register file as text, with the 1-based line (spreadsheet row) it starts on.</summary>
public sealed record SheetRow(int Line, IReadOnlyList<string> Cells);

/// <summary>Something wrong in a file: the line, the column (as the file names it) and why, in English.</summary>
public sealed record ImportProblem(int Line, string Column, string Reason);

/// <summary>What importing a person would do to the register.</summary>
public enum RegisterChange { New, Updated, Unchanged }

/// <summary>A person the file registers or updates: every line merged into them, and what saving them would change.</summary>
public sealed record ImportedPerson(KeyPersonDetails Details, ImmutableList<int> Lines, RegisterChange Change)
{
    /// <summary>More than one line of the file gave the same id number, so they became this one person.</summary>
    public bool IsMerged => Lines.Count > 1;
}

/// <summary>
/// The dry run of a register file: every problem of every line, and the people the good lines make. A file is imported
/// only when it is <see cref="IsClean"/>, so an import never leaves half a file behind because of a typo.
/// </summary>
public sealed record RegisterImportReport(int Rows, ImmutableList<ImportProblem> Problems, ImmutableList<ImportedPerson> People)
{
    public bool IsClean => Problems.IsEmpty;

    public int Count(RegisterChange change) => People.Count(p => p.Change == change);
}

/// <summary>
/// Reads a station's register file (rows of text from .xlsx or .csv) into the people it registers, with the register's
/// own field rules (<see cref="KeyPersonRules.Check(KeyPersonDetails, ReferenceData)"/>) reported against the file's
/// lines and columns. Pure: the caller saves the people of a clean report.
/// </summary>
public static class RegisterImport
{
    private static readonly string[] DateFormats =
        [RegisterColumns.DateFormat, "yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyyMMdd", "yyyy年M月d日"];

    /// <param name="rows">The file's rows; the first non-blank one is the header.</param>
    /// <param name="stationId">The importing station: every community must be one of its own.</param>
    /// <param name="existing">The station's register: a line with a registered id number updates that person.</param>
    public static RegisterImportReport Check(
        IReadOnlyList<SheetRow> rows, string stationId, IEnumerable<KeyPerson> existing, ReferenceData reference)
    {
        var nonBlank = rows.Where(r => r.Cells.Any(c => !string.IsNullOrWhiteSpace(c))).ToList();
        if (nonBlank is [])
        {
            return new(0, [new ImportProblem(1, "", "The file is empty: it needs a header row naming the columns, then one row per person.")], []);
        }
        var columns = FileColumns.Read(nonBlank[0]);
        var data = nonBlank.Skip(1).ToList();
        if (!columns.Problems.IsEmpty)
        {
            // Without the columns no line can be read; one problem per missing column says what to fix.
            return new(data.Count, columns.Problems, []);
        }
        var problems = new List<ImportProblem>();
        var good = new List<(int Line, KeyPersonDetails Details)>();
        foreach (var row in data)
        {
            var (details, rowProblems) = ReadRow(row, columns, stationId, reference);
            problems.AddRange(rowProblems);
            if (rowProblems.Count == 0)
            {
                good.Add((row.Line, details));
            }
        }
        var people = Merge(good, existing, columns, reference, problems);
        // Line by line, and across a line in the file's column order, as the user reads the file.
        return new(data.Count, [.. problems.OrderBy(p => p.Line).ThenBy(p => columns.Position(p.Column))], people);
    }

    /// <summary>The station's community <paramref name="text"/> names (by id or name), or why there is none.</summary>
    public static (Community? Community, string? Problem) FindCommunity(ReferenceData reference, string stationId, string text)
    {
        var named = RegisterColumns.Named(reference.Communities, text, c => c.Id, c => c.Name);
        return named.Where(c => c.StationId == stationId).ToList() switch
        {
            [var only] => (only, null),
            [_, _, ..] => (null, $"several of the station's communities are called '{text}': write the community's id."),
            _ when named is [var other, ..] =>
                (null, $"'{text}' is a community of {reference.FindStation(other.StationId)?.Name ?? other.StationId}, not of this station."),
            _ => (null, $"unknown community '{text}'."),
        };
    }

    /// <summary>The category <paramref name="text"/> names (by id, Chinese or English name), or why there is none.</summary>
    public static (PersonCategory? Category, string? Problem) FindCategory(ReferenceData reference, string text) =>
        RegisterColumns.Named(reference.Categories, text, c => c.Id, c => c.NameZh, c => c.NameEn) switch
        {
            [var only] => (only, null),
            [] => (null, $"unknown category '{text}'."),
            _ => (null, $"several categories are called '{text}': write the category's id."),
        };

    public static bool TryParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static RiskLevel? ParseRisk(string text) =>
        Enum.GetValues<RiskLevel>().Cast<RiskLevel?>().FirstOrDefault(level =>
            string.Equals(text, RegisterColumns.RiskText(level!.Value, inChinese: true), StringComparison.Ordinal)
            || string.Equals(text, RegisterColumns.RiskText(level.Value, inChinese: false), StringComparison.OrdinalIgnoreCase));

    private static (KeyPersonDetails Details, List<ImportProblem> Problems) ReadRow(
        SheetRow row, FileColumns columns, string stationId, ReferenceData reference)
    {
        var problems = new List<ImportProblem>();
        void Add(RegisterField field, string reason) => problems.Add(new(row.Line, columns.Label(field), reason));
        string Cell(RegisterField field) => columns.Cell(row, field);

        var communityText = Cell(RegisterField.Community);
        var (community, communityProblem) = communityText.Length == 0 ? (null, null) : FindCommunity(reference, stationId, communityText);
        if (communityProblem is not null)
        {
            Add(RegisterField.Community, communityProblem);
        }
        var since = ReadDate(RegisterField.Since, "a start date is required: the day the person entered the categories.");
        var until = ReadDate(RegisterField.Until, requiredReason: null);
        var memberships = new List<CategoryMembership>();
        foreach (var text in Cell(RegisterField.Categories).Split(RegisterColumns.CategorySeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (category, problem) = FindCategory(reference, text);
            if (category is null)
            {
                Add(RegisterField.Categories, problem!);
            }
            else
            {
                // A missing start date is already reported; MinValue stands in so the categories' other rules still run.
                memberships.Add(new CategoryMembership(category.Id, since ?? DateOnly.MinValue, until));
            }
        }
        RiskLevel? risk = null;
        if (Cell(RegisterField.Risk) is { Length: > 0 } riskText && (risk = ParseRisk(riskText)) is null)
        {
            Add(RegisterField.Risk, $"'{riskText}' is not a risk level: write 高, 中 or 低 (High, Medium, Low), or leave it empty.");
        }
        if (LooksLikeANumber(Cell(RegisterField.IdNumber)))
        {
            Add(RegisterField.IdNumber, "the ID number was saved as a number, which keeps only 15 digits: format the column as Text and type the numbers again.");
        }
        var details = KeyPersonRules.Normalize(new KeyPersonDetails(
            Cell(RegisterField.Name), Cell(RegisterField.IdNumber), Cell(RegisterField.Phone), community?.Id ?? "",
            [.. memberships], risk, Cell(RegisterField.Notes)));

        // A column that could not be read already has its problem; the rules would only say it again less precisely.
        var unread = problems.Select(p => p.Column).ToHashSet();
        problems.AddRange(RuleProblems(details, reference, row.Line, columns).Where(p => !unread.Contains(p.Column)));
        return (details, problems);

        DateOnly? ReadDate(RegisterField field, string? requiredReason)
        {
            var text = Cell(field);
            if (text.Length == 0)
            {
                if (requiredReason is not null)
                {
                    Add(field, requiredReason);
                }
                return null;
            }
            if (TryParseDate(text, out var date))
            {
                return date;
            }
            Add(field, $"'{text}' is not a date: write it as {RegisterColumns.DateFormat}.");
            return null;
        }
    }

    /// <summary>
    /// Excel turns an 18-digit number typed into a General cell into 3.20585195001E+17, losing the last digits for
    /// good; the check character would only say the number is mistyped, which sends the user looking for a typo.
    /// </summary>
    private static bool LooksLikeANumber(string idNumber) =>
        idNumber.Contains("E+", StringComparison.OrdinalIgnoreCase)
        && double.TryParse(idNumber, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>
    /// <see cref="KeyPersonRules.Check(KeyPersonDetails, ReferenceData)"/>'s problems, each on the file's column for its
    /// field. The rules name a membership's dates 'categories' too, but the file has its own column for the end date:
    /// a problem that goes away once every membership ends validly (on its start day) is about the end date.
    /// </summary>
    private static IEnumerable<ImportProblem> RuleProblems(KeyPersonDetails details, ReferenceData reference, int line, FileColumns columns)
    {
        var problems = KeyPersonRules.Check(details, reference);
        var withValidEnds = KeyPersonRules.Check(
            details with { Categories = [.. details.Categories.Select(m => m with { Until = m.Since })] }, reference);
        return problems.Select(p => new ImportProblem(line,
            p.Field == RegisterColumns.Of(RegisterField.Categories).CheckField && !withValidEnds.Contains(p)
                ? columns.Label(RegisterField.Until)
                : RegisterColumns.All.FirstOrDefault(c => c.CheckField == p.Field) is { } column ? columns.Label(column.Field) : p.Field,
            p.Message));
    }

    /// <summary>
    /// Lines with the same id number become one person, merged in file order onto the registered person if there is
    /// one: a later non-empty value wins, and categories add up (a later line's dates win for a category given again).
    /// An import never removes a category or clears a value, so importing a file twice, or an exported file, changes nothing.
    /// </summary>
    private static ImmutableList<ImportedPerson> Merge(
        List<(int Line, KeyPersonDetails Details)> good, IEnumerable<KeyPerson> existing, FileColumns columns,
        ReferenceData reference, List<ImportProblem> problems)
    {
        var registered = existing.ToDictionary(p => p.Details.IdNumber);
        var people = ImmutableList.CreateBuilder<ImportedPerson>();
        foreach (var lines in good.GroupBy(g => g.Details.IdNumber))
        {
            var person = registered.GetValueOrDefault(lines.Key);
            var merged = KeyPersonRules.Normalize(lines.Select(l => l.Details).Aggregate(person?.Details, MergeLater)!);
            var last = lines.Last().Line;
            // Each line was fine alone; together (or with the register) they may not be, e.g. too many categories.
            if (RuleProblems(merged, reference, last, columns).ToList() is { Count: > 0 } together)
            {
                problems.AddRange(together);
                continue;
            }
            // Save's own verdict: it hands back the very same person when saving would change nothing.
            var change = person is null ? RegisterChange.New
                : ReferenceEquals(KeyPersonRules.Save(person, merged, reference, Actor.System, DateTimeOffset.UnixEpoch).Person, person)
                    ? RegisterChange.Unchanged
                    : RegisterChange.Updated;
            people.Add(new ImportedPerson(merged, [.. lines.Select(l => l.Line)], change));
        }
        return people.ToImmutable();
    }

    private static KeyPersonDetails MergeLater(KeyPersonDetails? earlier, KeyPersonDetails later) => earlier is null ? later : later with
    {
        Phone = later.Phone ?? earlier.Phone,
        RiskLevel = later.RiskLevel ?? earlier.RiskLevel,
        Notes = later.Notes ?? earlier.Notes,
        Categories = [.. earlier.Categories.Where(e => later.Categories.All(l => l.CategoryId != e.CategoryId)).Concat(later.Categories)],
    };

    /// <summary>Where each column stands in this file and what the file calls it.</summary>
    private sealed class FileColumns(Dictionary<RegisterField, (int Index, string Header)> found, ImmutableList<ImportProblem> problems)
    {
        public ImmutableList<ImportProblem> Problems => problems;

        public static FileColumns Read(SheetRow header)
        {
            var found = new Dictionary<RegisterField, (int Index, string Header)>();
            var problems = ImmutableList.CreateBuilder<ImportProblem>();
            for (var i = 0; i < header.Cells.Count; i++)
            {
                var text = header.Cells[i].Trim();
                // Columns the register does not know are left alone: a file may carry the station's own notes.
                if (RegisterColumns.All.FirstOrDefault(c => c.Matches(text)) is not { } column)
                {
                    continue;
                }
                if (!found.TryAdd(column.Field, (i, text)))
                {
                    problems.Add(new(header.Line, text, $"the column is given twice (columns {found[column.Field].Index + 1} and {i + 1}): keep one."));
                }
            }
            var required = RegisterColumns.All.Where(c => c.Required).ToList();
            foreach (var missing in required.Where(c => !found.ContainsKey(c.Field)))
            {
                problems.Add(new(header.Line, missing.BothNames,
                    $"the header row has no {missing.BothNames} column; the required columns are {string.Join(", ", required.Select(c => c.BothNames))}."));
            }
            return new FileColumns(found, problems.ToImmutable());
        }

        public string Label(RegisterField field) =>
            found.TryGetValue(field, out var column) ? column.Header : RegisterColumns.Of(field).BothNames;

        /// <summary>Where the column a problem names stands; columns the file lacks come after the others.</summary>
        public int Position(string label) =>
            found.Values.Where(c => c.Header == label).Select(c => c.Index).DefaultIfEmpty(int.MaxValue).First();

        public string Cell(SheetRow row, RegisterField field) =>
            found.TryGetValue(field, out var column) && column.Index < row.Cells.Count ? row.Cells[column.Index].Trim() : "";
    }
}
