using System.IO.Compression;
using System.Text;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Web.Spreadsheets;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;

namespace Dispatch.Web.Tests.Spreadsheets;

public sealed class SheetFileTests
{
    private static readonly SheetTable Register = new("重点人群",
        ["姓名", "备注", "人数", "比例", "开始日期", "空"],
        [
            ["王秀英", "说 \"你好\"，\n第二行, 含逗号", 3, 0.25m, new DateOnly(2026, 1, 5), null],
            ["=HYPERLINK(\"http://evil\")", "+86 139", -4, 1.5, new DateOnly(1999, 12, 31), "@SUM(A1)"],
            [" 前后空格 ", "-", 1234567890123L, 0d, null, "最后"],
        ]);

    /// <summary>How every cell reads back: text as written, numbers in invariant form, dates as yyyy-MM-dd.</summary>
    private static readonly string[][] Expected =
    [
        ["姓名", "备注", "人数", "比例", "开始日期", "空"],
        ["王秀英", "说 \"你好\"，\n第二行, 含逗号", "3", "0.25", "2026-01-05", ""],
        ["=HYPERLINK(\"http://evil\")", "+86 139", "-4", "1.5", "1999-12-31", "@SUM(A1)"],
        [" 前后空格 ", "-", "1234567890123", "0", "", "最后"],
    ];

    private static byte[] Xlsx(params SheetTable[] tables)
    {
        using var stream = new MemoryStream();
        SheetWriter.WriteXlsx(tables, stream);
        return stream.ToArray();
    }

    private static byte[] Csv(SheetTable table)
    {
        using var stream = new MemoryStream();
        SheetWriter.WriteCsv(table, stream);
        return stream.ToArray();
    }

    private static Task<IReadOnlyList<SheetRow>> Read(string fileName, byte[] bytes) => SheetReader.Read(fileName, new MemoryStream(bytes));

    /// <summary>Rows as text, each padded to the width of the table (a reader leaves out trailing empty cells).</summary>
    private static string[][] Texts(IEnumerable<SheetRow> rows, int width = 6) =>
        [.. rows.Select(r => r.Cells.Concat(Enumerable.Repeat("", Math.Max(0, width - r.Cells.Count))).ToArray())];

    [Fact]
    public async Task An_xlsx_reads_back_what_was_written_on_the_first_sheet_with_Excel_row_numbers()
    {
        var rows = await Read("register.xlsx", Xlsx(Register, Register with { Name = "第二页", Rows = [] }));

        Assert.Equal(Expected, Texts(rows));
        Assert.Equal([1, 2, 3, 4], rows.Select(r => r.Line));
    }

    [Fact]
    public void The_written_xlsx_is_valid_Open_XML_with_a_frozen_bold_header_and_dates_formatted_as_dates()
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(Xlsx(Register, Register)), isEditable: false);

        Assert.Empty(new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}"));
        var sheets = document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value).ToList();
        Assert.Equal(["重点人群", "重点人群 (2)"], sheets);
        var worksheet = document.WorkbookPart.WorksheetParts.First().Worksheet;
        Assert.Equal(PaneStateValues.Frozen, worksheet.Descendants<Pane>().Single().State!.Value);
        var styles = document.WorkbookPart.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        var header = worksheet.Descendants<Cell>().First();
        Assert.Equal(1u, styles[(int)header.StyleIndex!.Value].FontId!.Value);
        var date = worksheet.Descendants<Cell>().Single(c => c.CellReference == "E2");
        Assert.Equal("yyyy-mm-dd", document.WorkbookPart.WorkbookStylesPart.Stylesheet.NumberingFormats!.Elements<NumberingFormat>()
            .Single(f => f.NumberFormatId!.Value == styles[(int)date.StyleIndex!.Value].NumberFormatId!.Value).FormatCode!.Value);
    }

    [Fact]
    public void A_figure_Excel_cannot_hold_is_refused_rather_than_written_into_a_workbook_that_will_not_open()
    {
        var error = Assert.Throws<ArgumentException>(() => Xlsx(new SheetTable("比例", ["x"], [[double.NaN]])));

        Assert.Contains("leave an unknown figure empty", error.Message);
    }

    [Fact]
    public async Task A_csv_reads_back_what_was_written_with_lines_where_each_row_starts()
    {
        var bytes = Csv(Register);
        var rows = await Read("register.csv", bytes);

        Assert.Equal(Expected, Texts(rows));
        // The first row's note holds a line break, so the next row starts a line later.
        Assert.Equal([1, 2, 4, 5], rows.Select(r => r.Line));
    }

    [Fact]
    public void A_csv_has_a_byte_order_mark_crlf_lines_RFC_4180_quotes_and_formulas_kept_as_text()
    {
        var bytes = Csv(Register);
        var text = Encoding.UTF8.GetString(bytes);

        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        Assert.StartsWith("\uFEFF姓名,备注,人数,比例,开始日期,空\r\n王秀英,\"说 \"\"你好\"\"，\n第二行, 含逗号\",3,0.25,2026-01-05,\r\n", text);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\",'+86 139,-4,1.5,1999-12-31,'@SUM(A1)\r\n", text);
        Assert.Contains("\" 前后空格 \",'-,1234567890123,0,,最后\r\n", text);
    }

    [Fact]
    public async Task A_workbook_saved_by_another_program_reads_shared_rich_text_dates_numbers_and_booleans()
    {
        var rows = await Read("从WPS导出.xlsx", ForeignWorkbook.Build());

        Assert.Equal([1, 3, 4], rows.Select(r => r.Line));
        Assert.Equal(
        [
            ["姓名", "备注", "", "", "", "", "", ""],
            ["王秀英", "", "2025-01-01", "2025-02-01", "1.5", "TRUE", "公式结果", "#N/A"],
            ["说 \"你好\"，\n第二行", "13912345678", "", "", "", "", "", ""],
        ], Texts(rows, width: 8));
    }

    [Fact]
    public async Task A_csv_from_Excel_on_Chinese_Windows_is_read_as_GB18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding("GB18030").GetBytes("姓名,社区\r\n王秀英,新华社区\r\n");

        var rows = await Read("名册.csv", bytes);

        Assert.Equal([["姓名", "社区"], ["王秀英", "新华社区"]], Texts(rows, width: 2));
    }

    [Theory]
    [InlineData("register.xlsx", "not an Excel workbook")]
    [InlineData("register.pdf", "Only .xlsx and .csv")]
    public async Task A_file_that_is_not_a_spreadsheet_says_so(string fileName, string message)
    {
        var error = await Assert.ThrowsAsync<SheetFileException>(() => Read(fileName, "%PDF-1.7 garbage"u8.ToArray()));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task A_damaged_or_foreign_zip_is_refused_as_unreadable_not_a_crash()
    {
        var truncated = Xlsx(Register)[..300];
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = new StreamWriter(archive.CreateEntry("readme.txt").Open());
            entry.Write("not a workbook");
        }

        foreach (var bytes in new[] { truncated, zip.ToArray() })
        {
            var error = await Assert.ThrowsAsync<SheetFileException>(() => Read("register.xlsx", bytes));
            Assert.Contains("cannot be read as an Excel workbook", error.Message);
        }
    }

    [Fact]
    public async Task An_old_xls_file_is_told_to_be_saved_as_xlsx()
    {
        var error = await Assert.ThrowsAsync<SheetFileException>(() => Read("register.xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]));

        Assert.Contains(".xls", error.Message);
    }

    [Fact]
    public async Task An_unclosed_quote_names_the_line_it_opens_on()
    {
        var error = await Assert.ThrowsAsync<SheetFileException>(() => Read("a.csv", "a,b\r\nc,\"open\r\nmore"u8.ToArray()));

        Assert.Equal("Line 2: a quoted field is never closed (a \" is missing).", error.Message);
    }

    [Fact]
    public async Task Files_over_5_MB_or_20000_rows_are_refused_with_the_limit()
    {
        var big = await Assert.ThrowsAsync<SheetFileException>(() => Read("big.csv", new byte[SheetReader.MaxBytes + 1]));
        var rows = new SheetTable("多", ["n"], [.. Enumerable.Range(0, SheetReader.MaxRows + 1).Select(i => (IReadOnlyList<object?>)[i])]);
        var xlsx = await Assert.ThrowsAsync<SheetFileException>(() => Read("many.xlsx", Xlsx(rows)));
        var csv = await Assert.ThrowsAsync<SheetFileException>(() => Read("many.csv", Csv(rows)));

        Assert.Contains("larger than 5 MB", big.Message);
        Assert.Contains("more than 20,000 rows", xlsx.Message);
        Assert.Contains("more than 20,000 rows", csv.Message);
        Assert.Equal(SheetReader.MaxRows + 1, (await Read("full.csv", Csv(rows with { Rows = rows.Rows.Skip(1).ToList() }))).Count);
    }
}
