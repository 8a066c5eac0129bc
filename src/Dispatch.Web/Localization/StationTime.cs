namespace Dispatch.Web.Localization;

/// <summary>Times are shown in the station's time zone (Asia/Shanghai unless a station says otherwise).</summary>
public static class StationTime
{
    public const string DefaultZone = "Asia/Shanghai";

    public static DateTimeOffset ToLocal(DateTimeOffset at, string? timeZone = null) =>
        TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(timeZone ?? DefaultZone));

    public static string Format(DateTimeOffset? at, string? timeZone = null, string format = "MM-dd HH:mm") =>
        at is { } value ? ToLocal(value, timeZone).ToString(format) : "—";
}
