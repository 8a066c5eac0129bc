namespace Dispatch.Web.Spreadsheets;

/// <summary>
/// One sheet of a download or an upload: a name, a header row and data rows. Cells are strings, numbers
/// (int/long/double/decimal), dates (<see cref="DateOnly"/>) or null, so the same table can be written as .xlsx or .csv.
/// </summary>
public sealed record SheetTable(string Name, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<object?>> Rows);
