namespace Dispatch.Contracts.Kpis;

/// <summary>
/// The figures of one duration KPI over a set of orders, kept so that orders can be added and taken away again: the count
/// and the sum of ticks (the mean is exact) and a sparse histogram from which the median and the 90th percentile are read.
/// </summary>
/// <remarks>
/// Bins: a duration is binned by its magnitude (mirrored for the negative ones a bad clock may give) in the unit people
/// read it in: whole seconds below an hour, whole minutes below a day, ten minutes below 30 days, hours beyond. A
/// percentile reads as the start of the bin holding the true value, so a 5-minute acceptance shows as 5 minutes and a
/// 3-hour one as 3 hours; it is off by less than one unit — see <see cref="Tolerance"/> (at most 1.7 %, just past an
/// hour; 0.7 % past a day). Only bins holding durations are kept, so a bucket holds no more bins than durations.
/// </remarks>
[GenerateSerializer]
public sealed class DurationTally : IEquatable<DurationTally>
{
    /// <summary>Where each unit starts (in seconds), its length, and the first bin of its range.</summary>
    private static readonly (long From, long Unit, int FirstBin)[] Units = BuildUnits(
        (0, 1), (3_600, 60), (86_400, 600), (30 * 86_400, 3_600));

    [Id(0)] private int _count;
    [Id(1)] private long _sumTicks;
    /// <summary>
    /// The bins holding durations, ascending, and how many each holds: two small arrays rather than a dictionary, as a
    /// ledger keeps tens of thousands of tallies of one or two durations each; null while empty.
    /// </summary>
    [Id(2)] private int[]? _bins;
    [Id(3)] private int[]? _inBin;

    public int Count => _count;

    /// <summary>How far a median or 90th percentile read here may be from the exact one: less than the unit of its range.</summary>
    public static TimeSpan Tolerance(TimeSpan exact) =>
        TimeSpan.FromTicks(RangeOf(Math.Abs(exact.Ticks) / TimeSpan.TicksPerSecond).Unit * TimeSpan.TicksPerSecond - 1);

    /// <summary>Adds (<paramref name="sign"/> 1) or takes away (−1) one duration; checked, like the exact mean's sum.</summary>
    public void Add(TimeSpan duration, int sign)
    {
        _count += sign;
        _sumTicks = checked(_sumTicks + sign * duration.Ticks);
        AddToBin(BinOf(duration.Ticks), sign);
    }

    public void Merge(DurationTally other)
    {
        _count += other._count;
        _sumTicks = checked(_sumTicks + other._sumTicks);
        if (other._bins is null)
        {
            return;
        }
        if (_bins is null)
        {
            (_bins, _inBin) = ((int[])other._bins.Clone(), (int[])other._inBin!.Clone());
            return;
        }
        // One pass over both ascending lists (a window merges whole days' tallies of thousands of bins).
        var (bins, inBin) = (new List<int>(_bins.Length + other._bins.Length), new List<int>(_bins.Length + other._bins.Length));
        for (int mine = 0, theirs = 0; mine < _bins.Length || theirs < other._bins.Length; )
        {
            var takeMine = theirs == other._bins.Length || (mine < _bins.Length && _bins[mine] <= other._bins[theirs]);
            var takeTheirs = mine == _bins.Length || (theirs < other._bins.Length && other._bins[theirs] <= _bins[mine]);
            var bin = takeMine ? _bins[mine] : other._bins[theirs];
            var count = (takeMine ? _inBin![mine++] : 0) + (takeTheirs ? other._inBin![theirs++] : 0);
            if (count != 0)
            {
                bins.Add(bin);
                inBin.Add(count);
            }
        }
        (_bins, _inBin) = bins.Count == 0 ? (null, null) : (bins.ToArray(), inBin.ToArray());
    }

    /// <summary>Changes one bin's count; a bin left with none is dropped, so equal tallies hold equal bins.</summary>
    private void AddToBin(int bin, int change)
    {
        var at = _bins is null ? ~0 : Array.BinarySearch(_bins, bin);
        if (at >= 0)
        {
            _inBin![at] += change;
            if (_inBin[at] == 0)
            {
                (_bins, _inBin) = _bins!.Length == 1 ? (null, null) : (Without(_bins, at), Without(_inBin, at));
            }
            return;
        }
        (_bins, _inBin) = (With(_bins, ~at, bin), With(_inBin, ~at, change));
    }

    private static int[] With(int[]? values, int at, int value)
    {
        var longer = new int[(values?.Length ?? 0) + 1];
        if (values is not null)
        {
            Array.Copy(values, longer, at);
            Array.Copy(values, at, longer, at + 1, values.Length - at);
        }
        longer[at] = value;
        return longer;
    }

    private static int[] Without(int[] values, int at)
    {
        var shorter = new int[values.Length - 1];
        Array.Copy(values, shorter, at);
        Array.Copy(values, at + 1, shorter, at, shorter.Length - at);
        return shorter;
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
        TimeSpan Percentile(double p)
        {
            // The same rank as the calculator's: ⌈p·n⌉, at least 1.
            var rank = Math.Max(1, (int)Math.Ceiling(p * _count));
            var seen = 0;
            for (var i = 0; i < (_bins?.Length ?? 0); i++)
            {
                seen += _inBin![i];
                if (seen >= rank)
                {
                    return TimeSpan.FromTicks(ValueOf(_bins![i]));
                }
            }
            throw new InvalidOperationException("The bins hold fewer durations than the count.");
        }
        return new DurationStats(_count, TimeSpan.FromTicks((long)((double)_sumTicks / _count)), Percentile(0.5), Percentile(0.9));
    }

    /// <summary>Bins ordered as the durations are: a negative duration's bin mirrors its magnitude's below zero.</summary>
    private static int BinOf(long ticks) => ticks >= 0 ? MagnitudeBin(ticks) : -1 - MagnitudeBin(-ticks);

    private static long ValueOf(int bin) => bin >= 0 ? MagnitudeValue(bin) : -MagnitudeValue(-1 - bin);

    private static int MagnitudeBin(long ticks)
    {
        var seconds = ticks / TimeSpan.TicksPerSecond;
        var range = RangeOf(seconds);
        return range.FirstBin + (int)((seconds - range.From) / range.Unit);
    }

    private static long MagnitudeValue(int bin)
    {
        var range = Units.Last(u => u.FirstBin <= bin);
        return (range.From + (bin - range.FirstBin) * range.Unit) * TimeSpan.TicksPerSecond;
    }

    private static (long From, long Unit, int FirstBin) RangeOf(long seconds) => Units.Last(u => u.From <= seconds);

    private static (long, long, int)[] BuildUnits(params (long From, long Unit)[] ranges)
    {
        var units = new (long, long, int)[ranges.Length];
        var firstBin = 0;
        for (var i = 0; i < ranges.Length; i++)
        {
            units[i] = (ranges[i].From, ranges[i].Unit, firstBin);
            if (i + 1 < ranges.Length)
            {
                firstBin += (int)((ranges[i + 1].From - ranges[i].From) / ranges[i].Unit);
            }
        }
        return units;
    }

    public bool Equals(DurationTally? other) =>
        other is not null && _count == other._count && _sumTicks == other._sumTicks
        && (_bins ?? []).AsSpan().SequenceEqual(other._bins ?? []) && (_inBin ?? []).AsSpan().SequenceEqual(other._inBin ?? []);

    public override bool Equals(object? obj) => Equals(obj as DurationTally);

    public override int GetHashCode() => HashCode.Combine(_count, _sumTicks, _bins?.Length ?? 0);
}
