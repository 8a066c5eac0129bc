using System.Security.Cryptography;
using System.Text;

namespace Dispatch.Contracts.KeyPersons;

/// <summary>
/// Resident identity card numbers (居民身份证号, GB 11643): 17 digits and a check character (0–9 or X) computed by
/// ISO 7064 MOD 11-2. The number identifies a key person, so an import row with the same number merges into them.
/// </summary>
public static class IdNumbers
{
    public const int Length = 18;

    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    /// <summary>Trimmed and with a lower-case check character raised; the form every other method expects.</summary>
    public static string Normalize(string idNumber) => idNumber.Trim().ToUpperInvariant();

    /// <summary>Null when <paramref name="idNumber"/> (normalised) is a well-formed number, otherwise why not.</summary>
    public static string? Problem(string? idNumber)
    {
        if (string.IsNullOrWhiteSpace(idNumber))
        {
            return "idNumber is required.";
        }
        var id = Normalize(idNumber);
        if (id.Length != Length || !id[..17].All(char.IsAsciiDigit) || !(char.IsAsciiDigit(id[17]) || id[17] == 'X'))
        {
            return $"idNumber must be {Length} characters: 17 digits and a digit or X.";
        }
        if (!DateOnly.TryParseExact(id.Substring(6, 8), "yyyyMMdd", out _))
        {
            return $"idNumber has no valid birth date (characters 7–14 read '{id.Substring(6, 8)}').";
        }
        return id[17] == CheckCharacter(id) ? null : "idNumber's check character does not match: the number is mistyped.";
    }

    /// <summary>The check character (18th) of a number's first 17 digits.</summary>
    public static char CheckCharacter(string first17)
    {
        var sum = 0;
        for (var i = 0; i < Weights.Length; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }
        return CheckCharacters[sum % 11];
    }

    /// <summary>What screens show to anyone not entitled to the full number: the region prefix and the last four.</summary>
    public static string Mask(string idNumber) =>
        idNumber.Length == Length ? $"{idNumber[..4]}{new string('*', Length - 8)}{idNumber[^4..]}" : new string('*', idNumber.Length);

    /// <summary>
    /// The person's id, derived from the number so the same number always reaches the same grain (imports merge, never
    /// double). A hash, so the number itself never appears in a grain key, a blob name or a URL.
    /// </summary>
    public static string PersonIdOf(string idNumber) =>
        "kp-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(idNumber))))[..20];
}
