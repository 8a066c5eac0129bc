using System.Numerics;

namespace Dispatch.Contracts.Kpis;

/// <summary>
/// The figures of one duration KPI over a set of orders, kept so that orders can be added and taken away again: the count
/// and the sum of ticks (the mean is exact) and a sparse histogram from which the median and the 90th percentile are read.
/// </summary>
/// <remarks>
/// Bins: a duration is binned by its whole seconds q (its magnitude, mirrored for the negative ones a bad clock may give).
/// Below 256 s every second is a bin; from 256 s on, each octave [2^e, 2^(e+1)) s is split into 128 equal bins. A
/// percentile reads as the middle of the bin that holds the true value, so it is off by at most half a bin:
/// at most 0.5 s below 256 s and at most 1/256 (0.39 %) of the value above — see <see cref="Tolerance"/>.
/// </remarks>
[GenerateSerializer]
public sealed class DurationTally : IEquatable<DurationTally>
{
    private const int ExactSeconds = 256;
    private const int OctaveBits = 7; // 128 bins per octave
    private const int FirstOctave = 8; // 2^8 = 256 s

    [Id(0)] private int _count;
    [Id(1)] private long _sumTicks;
    /// <summary>Bin → how many durations fall in it; empty bins are not kept.</summary>
    [Id(2)] private Dictionary<int, int> _bins = [];

    public int Count => _count;

    /// <summary>How far a median or 90th percentile read here may be from the exact one: half the bin holding it.</summary>
    public static TimeSpan Tolerance(TimeSpan exact)
    {
        var seconds = Math.Abs(exact.Ticks) / TimeSpan.TicksPerSecond;
        return TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond / 2, seconds * TimeSpan.TicksPerSecond / 256 + 1));
    }

    /// <summary>Adds (<paramref name="sign"/> 1) or takes away (−1) one duration; checked, like the exact mean's sum.</summary>
    public void Add(TimeSpan duration, int sign)
    {
        _count += sign;
        _sumTicks = checked(_sumTicks + sign * duration.Ticks);
        var bin = BinOf(duration.Ticks);
        var inBin = _bins.GetValueOrDefault(bin) + sign;
        if (inBin == 0)
        {
            _bins.Remove(bin);
        }
        else
        {
            _bins[bin] = inBin;
        }
    }

    public void Merge(DurationTally other)
    {
        _count += other._count;
        _sumTicks = checked(_sumTicks + other._sumTicks);
        foreach (var (bin, count) in other._bins)
        {
            _bins[bin] = _bins.GetValueOrDefault(bin) + count;
        }
    }

    /// <summary>
    /// Count, exact mean ((double)sum ÷ count truncated to ticks, as <see cref="KpiCalculator.Stats"/> averages), and the
    /// nearest-rank median and 90th percentile within <see cref="Tolerance"/>.
    /// </summary>
    public DurationStats Stats()
    {
        if (_count == 0)
        {
            return new DurationStats(0, null, null, null);
        }
        var sorted = _bins.OrderBy(b => b.Key).ToList();
        TimeSpan Percentile(double p)
        {
            // The same rank as the calculator's: ⌈p·n⌉, at least 1.
            var rank = Math.Max(1, (int)Math.Ceiling(p * _count));
            var seen = 0;
            foreach (var (bin, count) in sorted)
            {
                seen += count;
                if (seen >= rank)
                {
                    return TimeSpan.FromTicks(MiddleOf(bin));
                }
            }
            throw new InvalidOperationException("The bins hold fewer durations than the count.");
        }
        return new DurationStats(_count, TimeSpan.FromTicks((long)((double)_sumTicks / _count)), Percentile(0.5), Percentile(0.9));
    }

    /// <summary>Bins ordered as the durations are: a negative duration's bin mirrors its magnitude's below zero.</summary>
    private static int BinOf(long ticks) => ticks >= 0 ? MagnitudeBin(ticks) : -1 - MagnitudeBin(-ticks);

    private static long MiddleOf(int bin) => bin >= 0 ? MagnitudeMiddle(bin) : -MagnitudeMiddle(-1 - bin);

    private static int MagnitudeBin(long ticks)
    {
        var seconds = ticks / TimeSpan.TicksPerSecond;
        if (seconds < ExactSeconds)
        {
            return (int)seconds;
        }
        var octave = BitOperations.Log2((ulong)seconds);
        var within = (int)(seconds >> (octave - OctaveBits)) - (1 << OctaveBits);
        return ExactSeconds + ((octave - FirstOctave) << OctaveBits) + within;
    }

    private static long MagnitudeMiddle(int bin)
    {
        if (bin < ExactSeconds)
        {
            return bin * TimeSpan.TicksPerSecond + TimeSpan.TicksPerSecond / 2;
        }
        var octave = FirstOctave + ((bin - ExactSeconds) >> OctaveBits);
        var within = (bin - ExactSeconds) & ((1 << OctaveBits) - 1);
        var width = (1L << (octave - OctaveBits)) * TimeSpan.TicksPerSecond;
        return ((1L << OctaveBits) + within) * width + width / 2;
    }

    public bool Equals(DurationTally? other) =>
        other is not null && _count == other._count && _sumTicks == other._sumTicks
        && _bins.Count == other._bins.Count && _bins.All(b => other._bins.GetValueOrDefault(b.Key) == b.Value);

    public override bool Equals(object? obj) => Equals(obj as DurationTally);

    public override int GetHashCode() => HashCode.Combine(_count, _sumTicks, _bins.Count);
}
