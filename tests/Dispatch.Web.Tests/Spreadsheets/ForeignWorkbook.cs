using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Dispatch.Web.Tests.Spreadsheets;

/// <summary>
/// A workbook built the way Excel and WPS save one, unlike <see cref="Web.Spreadsheets.SheetWriter"/>: text in a
/// shared-string table (one with rich-text runs and a pinyin guide), booleans, dates under a built-in and a Chinese
/// custom format, untyped numbers, a skipped row and column, and a second sheet the reader must leave alone.
/// </summary>
internal static class ForeignWorkbook
{
    public static byte[] Build()
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new Sheets());
            workbook.AddNewPart<SharedStringTablePart>().SharedStringTable = new SharedStringTable(
                new SharedStringItem(new Text("姓名")),
                new SharedStringItem(new Text("备注")),
                new SharedStringItem(new Run(new Text("王")), new Run(new RunProperties(new Bold()), new Text("秀英")),
                    new PhoneticRun(new Text("wang xiu ying")) { BaseTextStartIndex = 0, EndingBaseIndex = 3 }),
                new SharedStringItem(new Text("说 \"你好\"，\n第二行") { Space = SpaceProcessingModeValues.Preserve }));
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = new Stylesheet(
                new NumberingFormats(new NumberingFormat { NumberFormatId = 176, FormatCode = "yyyy\"年\"m\"月\"d\"日\"" }) { Count = 1 },
                new Fonts(new Font()) { Count = 1 },
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None })) { Count = 1 },
                new Borders(new Border()) { Count = 1 },
                new CellFormats(
                    new CellFormat(),
                    new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true },
                    new CellFormat { NumberFormatId = 176, ApplyNumberFormat = true },
                    new CellFormat { NumberFormatId = 2, ApplyNumberFormat = true }) { Count = 4 });

            AddSheet(workbook, "名册",
                new Row(Shared("A1", 0), Shared("B1", 1)) { RowIndex = 1 },
                // Row 2 is missing, as Excel leaves out empty rows; column B is skipped.
                new Row(Shared("A3", 2), Plain("C3", "45658", style: 1), Plain("D3", "45689", style: 2), Plain("E3", "1.5", style: 3),
                    new Cell { CellReference = "F3", DataType = CellValues.Boolean, CellValue = new CellValue("1") },
                    new Cell { CellReference = "G3", DataType = CellValues.String, CellValue = new CellValue("公式结果") },
                    new Cell { CellReference = "H3", DataType = CellValues.Error, CellValue = new CellValue("#N/A") }) { RowIndex = 3 },
                // No references at all: cells fill columns from A.
                new Row(new Cell { DataType = CellValues.SharedString, CellValue = new CellValue("3") },
                    new Cell { CellValue = new CellValue("13912345678") }) { RowIndex = 4 });
            AddSheet(workbook, "Other", new Row(Shared("A1", 1)) { RowIndex = 1 });
        }
        return stream.ToArray();
    }

    private static Cell Shared(string reference, int index) =>
        new() { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(index.ToString()) };

    private static Cell Plain(string reference, string value, uint style) =>
        new() { CellReference = reference, CellValue = new CellValue(value), StyleIndex = style };

    private static void AddSheet(WorkbookPart workbook, string name, params Row[] rows)
    {
        var part = workbook.AddNewPart<WorksheetPart>();
        part.Worksheet = new Worksheet(new SheetData(rows));
        var sheets = workbook.Workbook.Sheets!;
        sheets.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = (uint)sheets.Count() + 1, Name = name });
    }
}
