using System.Text;

namespace Dispatch.Web.Tests.Fuzz;

/// <summary>The hostile values the fuzzers draw from.</summary>
public static class FuzzPayloads
{
    /// <summary>Longer than any field allows, up to megabytes (the whole body's limit is tried separately).</summary>
    public static readonly int[] HugeLengths = [10_001, 100_000, 1_000_000];

    /// <summary>C0 controls except the line breaks and tab that text may hold, and DEL.</summary>
    public static readonly char[] ControlCharacters =
        [.. Enumerable.Range(0, 0x20).Select(c => (char)c).Where(c => c is not ('\n' or '\r' or '\t')), '\u007F'];

    /// <summary>Overrides and isolates that make a screen show something other than what is stored.</summary>
    public static readonly char[] BidiControls = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];

    /// <summary>Surrogates without their partner, as JSON escapes (the only way to send one).</summary>
    public static readonly string[] LoneSurrogateEscapes = [@"\uD800", @"\uDBFF", @"\uDC00", @"\uDFFF", @"\uDC00\uD800"];

    /// <summary>
    /// One character from each plane and oddity: CJK, an emoji and a CJK extension B character (astral), a tag character
    /// (plane 14), private use in the BMP and both supplementary private-use planes, and the noncharacters.
    /// </summary>
    public static readonly string EveryPlane = string.Concat(
        "汉", char.ConvertFromUtf32(0x1F600), char.ConvertFromUtf32(0x20000), char.ConvertFromUtf32(0x30000),
        char.ConvertFromUtf32(0xE0041), "\uE000", char.ConvertFromUtf32(0xF0000), char.ConvertFromUtf32(0x10FFFD),
        "\uFDD0", "\uFFFE", "\uFFFF", char.ConvertFromUtf32(0x1FFFF), "\u0301", "\u200B", "\u00A0");

    public static readonly string[] Markup =
    [
        "<script>window.__pwned=1</script>",
        "<img src=x onerror=\"window.__pwned=1\">",
        "\"><b id=injected>x</b>",
        "javascript:window.__pwned=1",
        "'; DROP TABLE demands; --",
        "' OR '1'='1",
        "{{7*7}} ${7*7} @(1+1)",
        "../../../../etc/passwd",
        "%00%0d%0a<svg onload=alert(1)>",
    ];

    /// <summary>Numeric tokens: out of range, fractional, beyond double, and JSON's forbidden NaN and infinities.</summary>
    public static readonly (string Token, bool Invalid)[] Numbers =
    [
        ("-1", true), ("0", true), ("-2147483648", true), ("2147483648", true), ("99999999999999999999999", true),
        ("1.5", true), ("-0.0", true), ("1e309", true), ("-1e309", true), ("NaN", true), ("Infinity", true), ("-Infinity", true),
        ("2147483647", false),
    ];

    /// <summary>Enum names that are not the enum's, and spellings that may or may not be read as one of its names.</summary>
    public static IEnumerable<(string Text, bool Invalid)> EnumNames(string valid) =>
    [
        ("Whenever", true), ("", true), ("1", true), ("-1", true), ("99", true), (valid + "\0", true),
        (valid.ToLowerInvariant(), false), ($" {valid} ", false), ($"{valid}, {valid}", false),
    ];

    public static readonly string[] EnumNumbers = ["0", "1", "-1", "99"];

    public static readonly string[] WrongContentTypes =
        ["text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json-patch+json; charset=ebcdic"];

    /// <summary>Text of <paramref name="length"/> characters mixing scripts, so it is neither trivially compressible nor ASCII.</summary>
    public static string Huge(int length, Random random)
    {
        const string alphabet = "长文本ABCxyz0123 <>&\"'汉字";
        var text = new StringBuilder(length);
        while (text.Length < length)
        {
            text.Append(alphabet[random.Next(alphabet.Length)]);
        }
        return text.ToString();
    }
}
