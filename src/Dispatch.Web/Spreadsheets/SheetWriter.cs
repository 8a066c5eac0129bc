using System.Globalization;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Dispatch.Web.Spreadsheets;

/// <summary>Writes <see cref="SheetTable"/>s as an Excel workbook (.xlsx) or one of them as CSV.</summary>
public static class SheetWriter
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvContentType = "text/csv; charset=utf-8";

    /// <summary>Style indexes of <see cref="Styles"/>: plain, the bold header, and dates shown as yyyy-MM-dd.</summary>
    private const uint HeaderStyle = 1;
    private const uint DateStyle = 2;

    /// <summary>Wide enough for a long note's start; the cell still holds all of it.</summary>
    private const double MaxColumnWidth = 60;

    /// <summary>Characters that make a spreadsheet read a CSV cell as a formula (CSV injection); a quote in front keeps it text.</summary>
    internal static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>One worksheet per table, header row bold and frozen, in the order given.</summary>
    public static void WriteXlsx(IReadOnlyList<SheetTable> tables, Stream output)
    {
        using var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
        var sheets = workbook.Workbook.AppendChild(new Sheets());
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < tables.Count; i++)
        {
            var table = tables[i];
            var part = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData(Row(1, table.Header.Cast<object?>().ToList(), HeaderStyle));
            for (var r = 0; r < table.Rows.Count; r++)
            {
                data.Append(Row((uint)r + 2, table.Rows[r], style: null));
            }
            part.Worksheet = new Worksheet(FrozenHeader(isFirst: i == 0), Widths(table), data);
            sheets.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = (uint)i + 1, Name = SheetName(table.Name, i, names) });
        }
    }

    /// <summary>
    /// UTF-8 with a byte-order mark (without one Excel reads Chinese as the machine's code page), RFC 4180 quoting and
    /// CRLF line ends; a text cell that a spreadsheet would run as a formula gets a leading quote.
    /// </summary>
    public static void WriteCsv(SheetTable table, Stream output)
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        writer.Write(CsvLine(table.Header.Cast<object?>()));
        foreach (var row in table.Rows)
        {
            writer.Write(CsvLine(row));
        }
    }

    private static string CsvLine(IEnumerable<object?> cells) => string.Join(',', cells.Select(CsvField)) + "\r\n";

    private static string CsvField(object? cell)
    {
        var text = cell switch
        {
            null => "",
            string s when s.Length > 0 && FormulaStarts.Contains(s[0]) => "'" + s,
            string s => s,
            DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
            _ => cell.ToString() ?? "",
        };
        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 || text != text.Trim()
            ? "\"" + text.Replace("\"", "\"\"") + "\""
            : text;
    }

    private static Row Row(uint index, IReadOnlyList<object?> cells, uint? style)
    {
        var row = new Row { RowIndex = index };
        for (var c = 0; c < cells.Count; c++)
        {
            if (Cell(cells[c]) is { } cell)
            {
                cell.CellReference = ColumnName(c) + index;
                if (style is { } s)
                {
                    cell.StyleIndex = s;
                }
                row.Append(cell);
            }
        }
        return row;
    }

    private static Cell? Cell(object? value) => value switch
    {
        null => null,
        // Inline strings need no shared-string table, and a string cell is never a formula, so nothing needs escaping.
        string text => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(XmlSafe(text)) { Space = SpaceProcessingModeValues.Preserve }) },
        // Excel has no NaN or infinity: the workbook would not open at all.
        double or float when !double.IsFinite(Convert.ToDouble(value, CultureInfo.InvariantCulture)) =>
            throw new ArgumentException($"A sheet cell cannot hold {value}; leave an unknown figure empty (null).", nameof(value)),
        DateOnly date => new Cell { CellValue = new CellValue(SheetDates.ToSerial(date).ToString(CultureInfo.InvariantCulture)), StyleIndex = DateStyle },
        int or long or float or double or decimal => new Cell { DataType = CellValues.Number, CellValue = new CellValue(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture)) },
        _ => throw new ArgumentException($"A sheet cell is a string, number, DateOnly or null, not {value.GetType().Name}.", nameof(value)),
    };

    /// <summary>XML cannot carry most control characters at all: they would make the whole download fail.</summary>
    private static string XmlSafe(string text)
    {
        if (text.All(XmlConvert.IsXmlChar))
        {
            return text;
        }
        var safe = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                safe.Append(text, i++, 2);
            }
            else
            {
                safe.Append(XmlConvert.IsXmlChar(text[i]) ? text[i] : '\uFFFD');
            }
        }
        return safe.ToString();
    }

    private static SheetViews FrozenHeader(bool isFirst) => new(new SheetView(
        new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
        new Selection { Pane = PaneValues.BottomLeft })
    {
        TabSelected = isFirst,
        WorkbookViewId = 0,
    });

    /// <summary>Each column as wide as its longest text, counting a Chinese character as two.</summary>
    private static Columns Widths(SheetTable table)
    {
        var columns = new Columns();
        for (var c = 0; c < table.Header.Count; c++)
        {
            var widest = table.Rows.Select(r => c < r.Count ? r[c] : null).Prepend(table.Header[c])
                .Max(cell => cell switch
                {
                    null => 0,
                    DateOnly => 10,
                    _ => Convert.ToString(cell, CultureInfo.InvariantCulture)!.Sum(ch => ch > 0x2E80 ? 2 : 1),
                });
            var width = Math.Clamp(widest + 2, 8, MaxColumnWidth);
            columns.Append(new Column { Min = (uint)c + 1, Max = (uint)c + 1, Width = width, CustomWidth = true });
        }
        return columns;
    }

    private static Stylesheet Styles() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = SheetDates.IsoDateFormatId, FormatCode = "yyyy-mm-dd" }) { Count = 1 },
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        // Excel requires the first two fills to be these, whatever the cells use.
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, ApplyFont = true },
            new CellFormat { NumberFormatId = SheetDates.IsoDateFormatId, ApplyNumberFormat = true }) { Count = 3 });

    /// <summary>Excel's rules for sheet names: at most 31 characters, none of []:*?/\, unique ignoring case.</summary>
    private static string SheetName(string wanted, int index, HashSet<string> taken)
    {
        var name = new string([.. wanted.Where(ch => ch is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\'))]).Trim('\'', ' ');
        name = name.Length == 0 ? $"Sheet{index + 1}" : name[..Math.Min(name.Length, 31)];
        var unique = name;
        for (var n = 2; !taken.Add(unique); n++)
        {
            var suffix = $" ({n})";
            unique = name[..Math.Min(name.Length, 31 - suffix.Length)] + suffix;
        }
        return unique;
    }

    private static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + (n - 1) % 26) + name;
        }
        return name;
    }
}
