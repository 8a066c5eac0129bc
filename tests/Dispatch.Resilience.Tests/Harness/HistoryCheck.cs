using System.Text.Json;
using Dispatch.Contracts.Demands;

namespace Dispatch.Resilience.Tests.Harness;

/// <summary>
/// The Jepsen-style comparison of what the clients were told (every acknowledged operation) with one final read of
/// every demand they touched. Whatever was never acknowledged may or may not be there; everything acknowledged must be.
/// </summary>
public static class HistoryCheck
{
    /// <summary>Flow transitions happen once in a demand's life (the flows never return or re-dispatch).</summary>
    private static readonly DemandEventKind[] OnceOnly =
        [DemandEventKind.Reported, DemandEventKind.Dispatched, DemandEventKind.Accepted, DemandEventKind.Assigned, DemandEventKind.Contacted];

    /// <summary>Every way the final read contradicts the history; empty when it holds.</summary>
    /// <param name="finalRead">Each acknowledged demand's final read; null when it could not be read.</param>
    public static IReadOnlyList<string> Problems(IReadOnlyList<Acknowledged> history, IReadOnlyDictionary<string, JsonElement?> finalRead)
    {
        var problems = new List<string>();
        foreach (var (id, acks) in history.GroupBy(a => a.DemandId).Select(g => (g.Key, g.ToList())))
        {
            if (finalRead.GetValueOrDefault(id) is not { } demand)
            {
                problems.Add($"{id}: acknowledged {string.Join(", ", acks.Select(a => a.Kind))} but missing from the final read");
                continue;
            }
            var timeline = demand.GetProperty("timeline").EnumerateArray()
                .Select(e => (Sequence: e.GetProperty("sequence").GetInt32(), Kind: Enum.Parse<DemandEventKind>(e.GetProperty("kind").GetString()!), At: e.GetProperty("at").GetDateTimeOffset()))
                .ToList();
            var version = demand.GetProperty("version").GetInt32();
            if (version != timeline.Count || !timeline.Select(e => e.Sequence).SequenceEqual(Enumerable.Range(1, timeline.Count)))
            {
                problems.Add($"{id}: version {version}, timeline sequences [{string.Join(",", timeline.Select(e => e.Sequence))}] are not 1..{timeline.Count}");
            }
            foreach (var kind in OnceOnly.Where(k => timeline.Count(e => e.Kind == k) > 1))
            {
                problems.Add($"{id}: {kind} applied {timeline.Count(e => e.Kind == kind)} times: {string.Join(", ", timeline.Select(e => $"{e.Sequence} {e.Kind} {e.At:HH:mm:ss.fff}"))}");
            }
            foreach (var ack in acks)
            {
                // The acknowledged event itself, at the acknowledged place: not a later re-application of the command.
                if (ack.Version > timeline.Count || timeline[ack.Version - 1] is var stored && (stored.Kind != ack.Kind || stored.At != ack.At))
                {
                    problems.Add($"{id}: acknowledged {ack.Kind} as version {ack.Version} at {ack.At:O} by {ack.Node}, not in the final timeline");
                }
            }
        }
        return problems;
    }

    /// <summary>Reads every acknowledged demand once from <paramref name="survivor"/>, retrying a read that fails for up to a minute.</summary>
    public static async Task<IReadOnlyDictionary<string, JsonElement?>> FinalRead(DemandFlows flows, IApiHost survivor, IEnumerable<string> ids)
    {
        var reads = new Dictionary<string, JsonElement?>();
        foreach (var id in ids.Distinct())
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
            JsonElement? demand;
            while ((demand = await flows.Read(survivor, id)) is null && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
            reads[id] = demand;
        }
        return reads;
    }
}
