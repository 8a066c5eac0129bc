namespace Dispatch.Contracts.Validation;

/// <summary>A field's problem: which field, and an English message for logs and the API.</summary>
[GenerateSerializer, Immutable]
public sealed record FieldProblem([property: Id(0)] string Field, [property: Id(1)] string Message);

/// <summary>
/// Checks of free text, phone numbers and enums shared by every write: each returns the problem's message, or null when
/// the value is fine.
/// </summary>
public static class FieldRules
{
    public static string? Required(string field, string? value, int maxLength) =>
        string.IsNullOrWhiteSpace(value) ? $"{field} is required." : Optional(field, value, maxLength);

    public static string? Optional(string field, string? value, int maxLength)
    {
        if (value is null)
        {
            return null;
        }
        if (value.Length > maxLength)
        {
            return $"{field} is too long: {value.Length} characters, at most {maxLength}.";
        }
        return HasUnsafeCharacters(value) ? $"{field} contains control characters." : null;
    }

    public const int MaxPhoneLength = 20;

    public static string? Phone(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        return value.Length <= MaxPhoneLength && value.Any(char.IsAsciiDigit)
               && value.All(ch => char.IsAsciiDigit(ch) || ch is '+' or '-' or ' ')
            ? null
            : $"{field} must be a phone number: digits, '+', '-' and spaces, at most {MaxPhoneLength} characters.";
    }

    public static string? Defined<TEnum>(string field, TEnum value) where TEnum : struct, Enum =>
        Enum.IsDefined(value) ? null : $"{field} must be one of: {string.Join(", ", Enum.GetNames<TEnum>())}.";

    /// <summary>
    /// Line breaks and tabs are text. Other control characters, bidirectional overrides (which make a screen or log show
    /// something other than what is stored) and broken surrogate pairs are noise or an attack.
    /// </summary>
    public static bool HasUnsafeCharacters(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var ch = value[i];
            if (char.IsHighSurrogate(ch) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }
            if ((char.IsControl(ch) && ch is not ('\n' or '\r' or '\t'))
                || char.IsSurrogate(ch)
                || ch is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069')
            {
                return true;
            }
        }
        return false;
    }
}
