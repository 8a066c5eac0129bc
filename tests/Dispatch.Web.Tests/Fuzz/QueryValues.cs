namespace Dispatch.Web.Tests.Fuzz;

/// <summary>
/// Hostile values for a query or route parameter, already URL-encoded (a lone surrogate has no other way in), each
/// marked whether the parameter's type cannot hold it.
/// </summary>
public static class QueryValues
{
    public static IEnumerable<(string Encoded, bool Invalid)> For(Type type, string parameter, Random random)
    {
        // Free text may be anything: an unknown station or id is an empty list or a 404, never a server error.
        var typed = type != typeof(string);
        foreach (var text in HostileText(random))
        {
            yield return (text, typed);
        }
        yield return ("", false);
        foreach (var (value, invalid) in Typed(type, parameter))
        {
            yield return (Uri.EscapeDataString(value), invalid);
        }
    }

    private static IEnumerable<string> HostileText(Random random)
    {
        var control = FuzzPayloads.ControlCharacters[random.Next(FuzzPayloads.ControlCharacters.Length)];
        yield return Uri.EscapeDataString($"x{control}y");
        yield return Uri.EscapeDataString($"{FuzzPayloads.BidiControls[random.Next(FuzzPayloads.BidiControls.Length)]}x");
        // U+D800 in UTF-8 form, which no encoder will produce, and bytes that are no UTF-8 at all.
        yield return "%ED%A0%80";
        yield return "%FF%FE";
        yield return Uri.EscapeDataString(FuzzPayloads.EveryPlane);
        yield return Uri.EscapeDataString(FuzzPayloads.Markup[random.Next(FuzzPayloads.Markup.Length)]);
        yield return Uri.EscapeDataString(FuzzPayloads.Huge(FuzzPayloads.HugeLengths[0], random));
        yield return "..%2F..%2Fetc%2Fpasswd";
    }

    private static IEnumerable<(string Value, bool Invalid)> Typed(Type type, string parameter)
    {
        if (type == typeof(int))
        {
            // Every count the API takes starts at 1; an offset (how many rows to skip) at 0.
            return [("abc", true), ("1.5", true), ("1e309", true), ("99999999999", true), ("-1", true), ("0", parameter != "offset"), ("٣", true), ("0x10", true)];
        }
        if (type == typeof(bool))
        {
            return [("maybe", true), ("1", true), ("yes", true), ("TRUE", false)];
        }
        if (type.IsEnum)
        {
            var name = Enum.GetNames(type)[0];
            return [("Sleeping", true), ("99", true), ("-1", true), (name.ToLowerInvariant(), false), ("1", false)];
        }
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(DateOnly))
        {
            return [("yesterday", true), ("2026-13-45", true), ("1e309", true),
                ("0001-01-01T00:00:00Z", false), ("9999-12-31T23:59:59Z", false), ("0001-01-01T00:00:00+14:00", false)];
        }
        return [];
    }
}
