using Dispatch.Contracts.Demands;
using Dispatch.Contracts.KeyPersons;

namespace Dispatch.Web.Components.Shared;

/// <summary>
/// What a live screen shows of one kind (demands, key persons): the newest copy of each, by version, that still belongs
/// on it. A page feeds it its initial list and then every push, always on the renderer's thread. It remembers the newest
/// version seen of everything, including what left the screen, so a stale copy (an initial list racing a push) cannot
/// bring back an order that was returned, re-assigned or closed, or a person who moved away, meanwhile.
/// </summary>
public sealed class LiveSet<T>(Func<T, string> idOf, Func<T, int> versionOf, Func<T, bool> belongs)
{
    private readonly Dictionary<string, T> shown = [];
    private readonly Dictionary<string, int> newestVersions = [];

    public IReadOnlyCollection<T> All => shown.Values;

    public bool Contains(string id) => shown.ContainsKey(id);

    /// <summary>The copy shown, or default when it is not on the screen.</summary>
    public T? Find(string id) => shown.GetValueOrDefault(id);

    /// <summary>Whether a copy at least as new as this one was already seen, so it must be ignored.</summary>
    public bool IsStale(T item) => newestVersions.TryGetValue(idOf(item), out var newest) && newest >= versionOf(item);

    /// <summary>Takes one copy; returns whether what the screen shows changed.</summary>
    public bool Apply(T item)
    {
        if (IsStale(item))
        {
            return false;
        }
        var id = idOf(item);
        newestVersions[id] = versionOf(item);
        if (belongs(item))
        {
            shown[id] = item;
            return true;
        }
        return shown.Remove(id);
    }
}

public static class LiveSet
{
    public static LiveSet<DemandSummary> Demands(Func<DemandSummary, bool> belongs) => new(d => d.Id, d => d.Version, belongs);

    public static LiveSet<KeyPersonSummary> People(Func<KeyPersonSummary, bool> belongs) => new(p => p.Id, p => p.Version, belongs);
}
