using Dispatch.Contracts.Demands;

namespace Dispatch.Web.Components.Shared;

/// <summary>
/// The demands a live screen shows: the newest copy of each (by <see cref="DemandSummary.Version"/>) that still belongs
/// on it. The station, worker and console pages feed it their initial lists and then every push, always on the
/// renderer's thread. It remembers the newest version seen of every demand, including those that left the screen, so a
/// stale copy (an initial list racing a push) cannot bring back an order that was returned, re-assigned or closed meanwhile.
/// </summary>
public sealed class LiveDemandSet(Func<DemandSummary, bool> belongs)
{
    private readonly Dictionary<string, DemandSummary> shown = [];
    private readonly Dictionary<string, int> newestVersions = [];

    public IReadOnlyCollection<DemandSummary> All => shown.Values;

    public bool Contains(string demandId) => shown.ContainsKey(demandId);

    /// <summary>The copy shown of a demand, or null when it is not on the screen.</summary>
    public DemandSummary? Find(string demandId) => shown.GetValueOrDefault(demandId);

    /// <summary>Whether a copy at least as new as this one was already seen, so it must be ignored.</summary>
    public bool IsStale(DemandSummary summary) =>
        newestVersions.TryGetValue(summary.Id, out var newest) && newest >= summary.Version;

    /// <summary>Takes one copy of a demand; returns whether what the screen shows changed.</summary>
    public bool Apply(DemandSummary summary)
    {
        if (IsStale(summary))
        {
            return false;
        }
        newestVersions[summary.Id] = summary.Version;
        if (belongs(summary))
        {
            shown[summary.Id] = summary;
            return true;
        }
        return shown.Remove(summary.Id);
    }
}
