using System.Collections.Immutable;
using Dispatch.Contracts.Demands;

namespace Dispatch.Grains.Demands;

/// <summary>The open demands one owner (a station, a worker) holds, kept at their newest version.</summary>
[GenerateSerializer]
public sealed class OpenDemandBook
{
    [Id(0)] public Dictionary<string, DemandSummary> Open { get; set; } = [];

    /// <summary>Keeps the summary when it belongs here and is open, drops it otherwise; true when the book changed.</summary>
    public bool Track(DemandSummary summary, bool belongsHere)
    {
        var known = Open.GetValueOrDefault(summary.Id);
        if (known is not null && known.Version >= summary.Version)
        {
            return false;
        }
        if (summary.IsOpen && belongsHere)
        {
            Open[summary.Id] = summary;
            return true;
        }
        return known is not null && Open.Remove(summary.Id);
    }

    public ImmutableList<DemandSummary> List() =>
        [.. Open.Values.OrderBy(d => d.ReportedAt)];
}
