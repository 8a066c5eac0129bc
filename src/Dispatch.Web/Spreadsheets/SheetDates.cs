using DocumentFormat.OpenXml.Spreadsheet;

namespace Dispatch.Web.Spreadsheets;

/// <summary>
/// Excel keeps a date as a number of days (a serial) and shows it as a date only through the cell's number format, so
/// reading a date means knowing which formats are dates.
/// </summary>
internal static class SheetDates
{
    /// <summary>The first id free for a workbook's own formats; the writer's yyyy-mm-dd.</summary>
    public const uint IsoDateFormatId = 164;

    /// <summary>Day 0 of the 1900 date system, as <see cref="DateTime.FromOADate"/> counts (it absorbs Excel's 29 Feb 1900).</summary>
    private static readonly DateOnly Epoch = new(1899, 12, 30);

    /// <summary>The 1904 date system (old Mac workbooks) counts from 1 Jan 1904, 1462 days later.</summary>
    private const int Days1904 = 1462;

    public static double ToSerial(DateOnly date) => date.DayNumber - Epoch.DayNumber;

    /// <summary>The serial as the import reads dates: yyyy-MM-dd, with the time only when there is one.</summary>
    public static string? FromSerial(double serial, bool date1904)
    {
        var days = serial + (date1904 ? Days1904 : 0);
        // Outside Excel's own range (years 1900–9999) it is not a date whatever its format says.
        if (days is < 1 or > 2958465)
        {
            return null;
        }
        var at = DateTime.FromOADate(days);
        return at.TimeOfDay == TimeSpan.Zero ? at.ToString("yyyy-MM-dd") : at.ToString("yyyy-MM-dd HH:mm");
    }

    /// <summary>
    /// The cell-format indexes (a cell's StyleIndex) that show numbers as dates: Excel's built-in date formats (14–17,
    /// 22, and the Chinese/Japanese/Korean 27–36 and 50–58), and the workbook's own formats that spell a day or a year.
    /// </summary>
    public static HashSet<uint> DateStyles(Stylesheet? styles)
    {
        var custom = styles?.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.NumberFormatId?.Value is { } && IsDateCode(f.FormatCode?.Value ?? ""))
            .Select(f => f.NumberFormatId!.Value)
            .ToHashSet() ?? [];
        var formats = styles?.CellFormats?.Elements<CellFormat>().ToList() ?? [];
        return [.. Enumerable.Range(0, formats.Count)
            .Where(i => formats[i].NumberFormatId?.Value is { } id && (IsBuiltInDate(id) || custom.Contains(id)))
            .Select(i => (uint)i)];
    }

    private static bool IsBuiltInDate(uint id) => id is >= 14 and <= 17 or 22 or >= 27 and <= 36 or >= 50 and <= 58;

    /// <summary>Whether a format code shows a day or a year, outside quoted text, [colours/locales] and escaped characters.</summary>
    private static bool IsDateCode(string code)
    {
        var quoted = false;
        var bracketed = false;
        for (var i = 0; i < code.Length; i++)
        {
            var ch = code[i];
            if (ch == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && ch == '[')
            {
                bracketed = true;
            }
            else if (bracketed && ch == ']')
            {
                bracketed = false;
            }
            else if (!quoted && !bracketed && ch == '\\')
            {
                i++;
            }
            else if (!quoted && !bracketed && char.ToLowerInvariant(ch) is 'd' or 'y')
            {
                return true;
            }
        }
        return false;
    }
}
