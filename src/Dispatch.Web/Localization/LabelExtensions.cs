using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Dispatch.Web.Localization;

public static class LabelExtensions
{
    /// <summary>How a day reads, in every language and in the native date input: 2026-11-30.</summary>
    public const string DayFormat = "yyyy-MM-dd";

    public static string Day(DateOnly day) => day.ToString(DayFormat, CultureInfo.InvariantCulture);

    /// <summary>The user's-language label of a domain value: key <c>{EnumType}.{Value}</c> in the shared resources.</summary>
    public static string Label<TEnum>(this IStringLocalizer<SharedResource> localizer, TEnum value) where TEnum : struct, Enum =>
        localizer[$"{typeof(TEnum).Name}.{value}"];

    /// <summary>A duration as people say it: "3 分钟", "2 小时 5 分钟", "1 天 4 小时" / "3 min", "2 h 5 min", "1 d 4 h".</summary>
    public static string Duration(this IStringLocalizer<SharedResource> localizer, TimeSpan? span)
    {
        if (span is not { } value)
        {
            return "—";
        }
        var negative = value < TimeSpan.Zero;
        value = value.Duration();
        string text = value switch
        {
            _ when value < TimeSpan.FromMinutes(1) => localizer["DurationSeconds", (int)value.TotalSeconds],
            _ when value < TimeSpan.FromHours(1) => localizer["DurationMinutes", (int)value.TotalMinutes],
            _ when value < TimeSpan.FromDays(1) => localizer["DurationHoursMinutes", (int)value.TotalHours, value.Minutes],
            _ => localizer["DurationDaysHours", (int)value.TotalDays, value.Hours],
        };
        return negative ? $"-{text}" : text;
    }
}
