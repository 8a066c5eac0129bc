namespace Dispatch.Contracts;

/// <summary>
/// Months, due dates and "today" are China's local calendar (Asia/Shanghai): a visit at 07:00 on the 1st belongs to
/// that month even though it is still the previous day in UTC.
/// </summary>
public static class ChinaCalendar
{
    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateOnly DateOf(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Zone).DateTime);

    public static DateOnly FirstOfMonth(DateOnly day) => new(day.Year, day.Month, 1);

    public static DateOnly LastOfMonth(DateOnly day) => new(day.Year, day.Month, DateTime.DaysInMonth(day.Year, day.Month));

    /// <summary>The instant the local day starts, for time windows over UTC timestamps.</summary>
    public static DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }
}
