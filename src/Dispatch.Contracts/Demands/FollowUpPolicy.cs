namespace Dispatch.Contracts.Demands;

/// <summary>
/// How soon a case is followed up after a follow-up, by its risk level (DESIGN.md: grading sets the follow-up
/// frequency). Days are China-local (Asia/Shanghai), as the worker and the resident count them.
/// </summary>
public static class FollowUpPolicy
{
    private static readonly TimeZoneInfo ChinaTime = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>The most days the next follow-up may be after the one being recorded.</summary>
    public static int MaxDays(RiskLevel risk) => risk switch
    {
        RiskLevel.High => 7,
        RiskLevel.Medium => 14,
        _ => 30,
    };

    /// <summary>The China-local day of an instant.</summary>
    public static DateOnly ChinaDate(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, ChinaTime).DateTime);

    /// <summary>
    /// The latest day the next follow-up may be set to; the worker's screen prefills it. The earliest is the day the
    /// follow-up is recorded.
    /// </summary>
    public static DateOnly Latest(RiskLevel risk, DateTimeOffset recordedAt) => ChinaDate(recordedAt).AddDays(MaxDays(risk));
}
