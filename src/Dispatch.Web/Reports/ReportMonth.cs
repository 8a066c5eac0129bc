using System.Globalization;

namespace Dispatch.Web.Reports;

/// <summary>A report month as it appears in URLs: <c>yyyy-MM</c>, China-local.</summary>
public static class ReportMonth
{
    public const string Format = "yyyy-MM";

    /// <summary>The month's first day, or null when <paramref name="text"/> is not a <c>yyyy-MM</c> month.</summary>
    public static DateOnly? Parse(string? text) =>
        DateOnly.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) ? month : null;

    public static string Text(DateOnly month) => month.ToString(Format, CultureInfo.InvariantCulture);
}
