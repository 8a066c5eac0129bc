namespace Dispatch.Contracts.Demands;

/// <summary>
/// Order numbers as people type them after hearing them on the phone: <c>20261122-7KQ3XA</c>, but also without the dash,
/// in lower case, with spaces, or with the letters the alphabet leaves out because they look like digits (O, I, L).
/// </summary>
public static class OrderNumber
{
    private const int DateLength = 8;

    /// <summary>The order number meant, in its stored form; what does not look like one comes back trimmed.</summary>
    public static string Normalize(string typed)
    {
        var compact = string.Concat(typed.Where(c => !char.IsWhiteSpace(c) && c != '-' && c != '－')).ToUpperInvariant();
        if (compact.Length <= DateLength || !compact[..DateLength].All(char.IsAsciiDigit))
        {
            return typed.Trim();
        }
        // Crockford's reading of the suffix: O is 0; I and L are 1.
        var suffix = compact[DateLength..].Replace('O', '0').Replace('I', '1').Replace('L', '1');
        return $"{compact[..DateLength]}-{suffix}";
    }
}
