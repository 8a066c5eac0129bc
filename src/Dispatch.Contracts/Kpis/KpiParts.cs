namespace Dispatch.Contracts.Kpis;

/// <summary>Kept figures that add up: a scope's are the merge of its parts' (hours, stations, shards).</summary>
public interface IKpiPart<in T>
{
    void Merge(T other);
}

public static class KpiParts
{
    /// <summary>A new part holding the sum of <paramref name="parts"/>; they are left as they were.</summary>
    public static T Merged<T>(this IEnumerable<T> parts) where T : IKpiPart<T>, new()
    {
        var all = new T();
        foreach (var part in parts)
        {
            all.Merge(part);
        }
        return all;
    }
}
