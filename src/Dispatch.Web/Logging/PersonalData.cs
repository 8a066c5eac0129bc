using System.Text.RegularExpressions;

namespace Dispatch.Web.Logging;

/// <summary>
/// Phone numbers and resident ID numbers as they may appear in any text: masked to what a screen shows a stranger
/// (<c>138****5678</c>, <c>3205**********1234</c>), enough to tell two records apart in a log and no more.
/// </summary>
public static partial class PersonalData
{
    /// <summary>The text with every phone and ID number masked; the same instance when there was none.</summary>
    public static string Mask(string text) => Number().Replace(text, match => match.Groups["id"].Success
        ? Masked(match.Value, keepFirst: 4)
        : Masked(match.Value, keepFirst: 3));

    public static bool Contains(string text) => Number().IsMatch(text);

    /// <summary>The first digits and the last four kept; every digit between them starred, separators left as they are.</summary>
    private static string Masked(string number, int keepFirst)
    {
        var chars = number.ToCharArray();
        var digits = chars.Count(IsDigit);
        var seen = 0;
        for (var i = 0; i < chars.Length; i++)
        {
            if (IsDigit(chars[i]) && ++seen > keepFirst && seen <= digits - 4)
            {
                chars[i] = '*';
            }
        }
        return new string(chars);
    }

    /// <summary>An ID number's check character X counts as one of its digits.</summary>
    private static bool IsDigit(char c) => char.IsAsciiDigit(c) || c is 'X' or 'x';

    // Whole numbers only (no digit either side), so dates, times, counts and ports stay readable:
    // ID numbers of 18 (the last may be X) or 15 digits; mobiles (1[3-9] and 9 more digits, maybe +86 and separators);
    // landlines with their area code (0 and 2–3 digits, then 7–8).
    [GeneratedRegex(
        @"(?<!\d)(?:(?<id>\d{17}[\dXx]|\d{15})|(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}|0\d{2,3}[- ]?\d{7,8})(?!\d)",
        RegexOptions.CultureInvariant)]
    private static partial Regex Number();
}
