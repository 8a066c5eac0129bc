using System.Globalization;
using System.Text;
using Dispatch.Contracts.KeyPersons;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Dispatch.Web.Spreadsheets;

/// <summary>An upload that cannot be read as a spreadsheet; the message says why in words the uploader can act on.</summary>
public sealed class SheetFileException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads an uploaded .xlsx (its first worksheet) or .csv into rows of text with their line numbers, within limits
/// that keep one upload from taking the server's memory.
/// </summary>
public static class SheetReader
{
    public const long MaxBytes = 5 * 1024 * 1024;
    public const int MaxRows = 20_000;
    public const int MaxColumns = 256;

    /// <summary>
    /// How much XML one part of a workbook may unpack to: a 5 MB .xlsx can hold a zip bomb of gigabytes; a full
    /// register of <see cref="MaxRows"/> rows is well under this.
    /// </summary>
    private const long MaxCharactersInPart = 100_000_000;

    private static readonly byte[] ZipSignature = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] OldExcelSignature = [0xD0, 0xCF, 0x11, 0xE0];

    static SheetReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>
    /// The rows of <paramref name="content"/>, read as .xlsx or .csv by what the bytes are (a renamed file still reads)
    /// and the file name's extension; throws <see cref="SheetFileException"/> for anything else.
    /// </summary>
    public static async Task<IReadOnlyList<SheetRow>> Read(string fileName, Stream content, CancellationToken cancellation = default)
    {
        var bytes = await ReadLimited(content, cancellation);
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (bytes.AsSpan().StartsWith(ZipSignature))
        {
            return ReadXlsx(new MemoryStream(bytes, writable: false));
        }
        if (bytes.AsSpan().StartsWith(OldExcelSignature) || extension == ".xls")
        {
            throw new SheetFileException("This is an old Excel 97–2003 (.xls) file: save it as .xlsx (Excel Workbook) or .csv and upload that.");
        }
        return extension switch
        {
            ".xlsx" => throw new SheetFileException("The file is named .xlsx but is not an Excel workbook: it may be damaged or another kind of file."),
            ".csv" or ".txt" => ReadCsv(bytes),
            _ => throw new SheetFileException($"Only .xlsx and .csv files can be read, not '{extension}'."),
        };
    }

    /// <summary>The first worksheet's rows, with Excel's row numbers as lines.</summary>
    public static IReadOnlyList<SheetRow> ReadXlsx(Stream content)
    {
        try
        {
            using var document = SpreadsheetDocument.Open(content, isEditable: false, new OpenSettings { MaxCharactersInPart = MaxCharactersInPart });
            var workbook = document.WorkbookPart
                           ?? throw new SheetFileException("The file cannot be read as an Excel workbook: it is a zip archive without a workbook inside.");
            var first = workbook.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault()
                        ?? throw new SheetFileException("The workbook has no worksheets.");
            if (first.Id?.Value is not { } partId || workbook.GetPartById(partId) is not WorksheetPart worksheet)
            {
                throw new SheetFileException($"The first sheet ('{first.Name}') is not a worksheet (a chart sheet?): put the register on the first sheet.");
            }
            var cells = new CellText(
                SharedStrings(workbook.SharedStringTablePart),
                SheetDates.DateStyles(workbook.WorkbookStylesPart?.Stylesheet),
                workbook.Workbook?.WorkbookProperties?.Date1904?.Value == true);
            return Rows(worksheet, cells);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException or System.Xml.XmlException
                                      or InvalidOperationException or NotSupportedException)
        {
            throw new SheetFileException("The file cannot be read as an Excel workbook: it may be damaged, password-protected or another kind of file.", e);
        }
    }

    /// <summary>
    /// RFC 4180 CSV: comma-separated, fields in double quotes may hold commas, quotes (doubled) and line breaks. UTF-8
    /// (with or without a byte-order mark); a file that is not UTF-8 is read as GB18030, which Excel on Chinese
    /// Windows saves. A line is where its row starts, so a note with a line break does not shift the lines after it.
    /// </summary>
    public static IReadOnlyList<SheetRow> ReadCsv(byte[] bytes)
    {
        var text = Decode(bytes);
        var rows = new List<SheetRow>();
        var cells = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var rowLine = 1;
        var quoted = false;
        var quotedAt = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += ch == '\n' || (ch == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')) ? 1 : 0;
                    field.Append(ch);
                }
            }
            else if (ch == '"' && field.Length == 0)
            {
                quoted = true;
                quotedAt = line;
            }
            else if (ch == ',')
            {
                EndField();
            }
            else if (ch is '\r' or '\n')
            {
                if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
                EndRow();
                line++;
                rowLine = line;
            }
            else
            {
                field.Append(ch);
            }
        }
        if (quoted)
        {
            throw new SheetFileException($"Line {quotedAt}: a quoted field is never closed (a \" is missing).");
        }
        if (field.Length > 0 || cells.Count > 0)
        {
            EndRow();
        }
        return rows;

        void EndField()
        {
            cells.Add(Unguarded(field.ToString()));
            field.Clear();
            if (cells.Count > MaxColumns)
            {
                throw new SheetFileException($"Line {rowLine} has more than {MaxColumns} columns.");
            }
        }

        void EndRow()
        {
            EndField();
            rows.Add(new SheetRow(rowLine, [.. cells]));
            cells.Clear();
            CheckRowCount(rows);
        }
    }

    /// <summary>Undoes the quote <see cref="SheetWriter"/> puts before text a spreadsheet would run as a formula.</summary>
    private static string Unguarded(string cell) =>
        cell.Length > 1 && cell[0] == '\'' && SheetWriter.FormulaStarts.Contains(cell[1]) ? cell[1..] : cell;

    private static string Decode(byte[] bytes)
    {
        try
        {
            var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
            var preamble = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
            return utf8.GetString(bytes, preamble, bytes.Length - preamble);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding("GB18030").GetString(bytes);
        }
    }

    private static IReadOnlyList<SheetRow> Rows(WorksheetPart worksheet, CellText cells)
    {
        var rows = new List<SheetRow>();
        using var reader = OpenXmlReader.Create(worksheet);
        var previous = 0;
        // Row by row, so a huge sheet is refused at the row limit instead of after loading all of it.
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
            {
                continue;
            }
            var row = (Row)reader.LoadCurrentElement()!;
            var line = (int)(row.RowIndex?.Value ?? (uint)previous + 1);
            previous = line;
            var texts = new List<string>();
            foreach (var cell in row.Elements<Cell>())
            {
                var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : texts.Count;
                if (column >= MaxColumns)
                {
                    throw new SheetFileException($"Line {line} has a value beyond column {MaxColumns}.");
                }
                while (texts.Count < column)
                {
                    texts.Add("");
                }
                texts.Add(cells.Of(cell));
            }
            if (texts.Any(t => t.Length > 0))
            {
                rows.Add(new SheetRow(line, texts));
                CheckRowCount(rows);
            }
        }
        return rows;
    }

    private static List<string> SharedStrings(SharedStringTablePart? part)
    {
        var strings = new List<string>();
        if (part is null)
        {
            return strings;
        }
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
            {
                strings.Add(CellText.Of((SharedStringItem)reader.LoadCurrentElement()!));
            }
        }
        return strings;
    }

    private static void CheckRowCount(List<SheetRow> rows)
    {
        // The header row comes on top of the register's rows.
        if (rows.Count > MaxRows + 1)
        {
            throw new SheetFileException($"The file has more than {MaxRows.ToString("N0", CultureInfo.InvariantCulture)} rows: split it into several files.");
        }
    }

    /// <summary>"AB12" → 27 (0-based column of the reference).</summary>
    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var ch in reference.TakeWhile(char.IsAsciiLetter))
        {
            index = index * 26 + (char.ToUpperInvariant(ch) - 'A' + 1);
            if (index > MaxColumns)
            {
                break;
            }
        }
        return index - 1;
    }

    private static async Task<byte[]> ReadLimited(Stream content, CancellationToken cancellation)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellation)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw new SheetFileException($"The file is larger than {MaxBytes / 1024 / 1024} MB: split it into several files.");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>What a cell shows, as text: numbers in invariant form, dates as yyyy-MM-dd, booleans as TRUE/FALSE.</summary>
    private sealed class CellText(List<string> shared, HashSet<uint> dateStyles, bool date1904)
    {
        public string Of(Cell cell)
        {
            var type = cell.DataType?.Value;
            if (type == CellValues.InlineString)
            {
                return cell.InlineString is { } inline ? Of(inline) : "";
            }
            var raw = cell.CellValue?.Text ?? "";
            if (type == CellValues.SharedString)
            {
                return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < shared.Count
                    ? shared[i]
                    : throw new SheetFileException($"Cell {cell.CellReference} refers to a missing shared text: the file is damaged.");
            }
            if (type == CellValues.Boolean)
            {
                return raw == "1" ? "TRUE" : "FALSE";
            }
            if (type == CellValues.Date)
            {
                return DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
                    ? SheetDates.FromSerial(at.ToOADate(), date1904: false) ?? raw
                    : raw;
            }
            if (type is not null && type != CellValues.Number
                || !double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                // Formula results (str) and errors (#N/A …) are already the text the cell shows.
                return raw;
            }
            return dateStyles.Contains(cell.StyleIndex?.Value ?? 0) && SheetDates.FromSerial(number, date1904) is { } date
                ? date
                : number.ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>Plain text or rich-text runs; phonetic guides (furigana/pinyin, &lt;rPh&gt;) are not part of the text.</summary>
        public static string Of(RstType text) =>
            string.Concat(text.ChildElements.Select(e => e switch
            {
                Text plain => plain.Text,
                Run run => run.Text?.Text,
                _ => null,
            }));
    }
}
