using System.Collections.Immutable;
using Dispatch.Contracts.Demands;

namespace Dispatch.Grains.Demands;

/// <summary>The open demands one owner (a station, a worker) holds, kept at their newest version.</summary>
[GenerateSerializer]
public sealed class OpenDemandBook
{
    /// <summary>How many dropped demands are remembered; older ones are long settled.</summary>
    public const int DroppedMemory = 500;

    [Id(0)] public Dictionary<string, DemandSummary> Open { get; set; } = [];

    /// <summary>
    /// The version at which a demand left this book. Without it a late, older summary (two activations of one demand
    /// during a partition) would bring back an order that nothing would ever remove again.
    /// </summary>
    [Id(1)] public Dictionary<string, int> Dropped { get; set; } = [];

    /// <summary>Keeps the summary when it belongs here and is open, drops it otherwise; true when the book changed.</summary>
    public bool Track(DemandSummary summary, bool belongsHere)
    {
        var seen = Open.GetValueOrDefault(summary.Id)?.Version ?? Dropped.GetValueOrDefault(summary.Id);
        if (seen >= summary.Version)
        {
            return false;
        }
        if (summary.IsOpen && belongsHere)
        {
            Open[summary.Id] = summary;
            Dropped.Remove(summary.Id);
            return true;
        }
        var wasOpen = Open.Remove(summary.Id);
        if (wasOpen || Dropped.ContainsKey(summary.Id))
        {
            Dropped[summary.Id] = summary.Version;
            ForgetOldestDropped();
        }
        return wasOpen;
    }

    public ImmutableList<DemandSummary> List() =>
        [.. Open.Values.OrderBy(d => d.ReportedAt)];

    private void ForgetOldestDropped()
    {
        // Dictionary keeps insertion order until removals; good enough to forget roughly the oldest.
        while (Dropped.Count > DroppedMemory)
        {
            Dropped.Remove(Dropped.Keys.First());
        }
    }
}
