using System.Security.Cryptography;
using Dispatch.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Grains.Demands;

/// <summary>
/// Order numbers people can read out on the phone: the China-local date and six Crockford base-32 characters
/// (no I, L, O, U), e.g. <c>20261122-7KQ3XA</c>: about a billion per day, so collisions are negligible.
/// </summary>
public sealed class DemandIdGenerator([FromKeyedServices(DomainClock.Key)] TimeProvider clock)
{
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const int SuffixLength = 6;

    public string Next()
    {
        Span<char> suffix = stackalloc char[SuffixLength];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
        return IdOf(clock.GetUtcNow(), suffix);
    }

    /// <summary>The id reported at <paramref name="at"/> with the given suffix (characters of <see cref="Alphabet"/>).</summary>
    public static string IdOf(DateTimeOffset at, ReadOnlySpan<char> suffix) =>
        $"{TimeZoneInfo.ConvertTime(at, ChinaCalendar.Zone):yyyyMMdd}-{suffix}";
}
