using System.Collections.Immutable;
using Dispatch.Contracts.Access;

namespace Dispatch.Contracts.Demands;

/// <summary>
/// Where a demand stands in a list. Lists run newest first by <see cref="SortKey"/> (when it was reported, or for a
/// history when it ended), the id breaking ties; neither changes while the demand stays in the list, so "after this
/// position" resumes a list where it left off however the demands around it changed.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DemandPosition([property: Id(0)] DateTimeOffset SortKey, [property: Id(1)] string Id) : IComparable<DemandPosition>
{
    /// <summary>Negative when this position comes before <paramref name="other"/> in a list.</summary>
    public int CompareTo(DemandPosition? other)
    {
        if (other is null)
        {
            return 1;
        }
        var newerFirst = other.SortKey.CompareTo(SortKey);
        return newerFirst != 0 ? newerFirst : string.CompareOrdinal(Id, other.Id);
    }
}

/// <summary>
/// A question to the demand index: the filters, the <see cref="Scope"/> of what the asking user may see, where the
/// previous page ended (<see cref="After"/>) and how many to answer. Each index shard answers it from what it holds;
/// the shards' answers, each in list order, merge into the page.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DemandQuery(
    [property: Id(0)] DemandScope Scope,
    [property: Id(1)] DemandState? State,
    [property: Id(2)] string? StationId,
    [property: Id(3)] Urgency? Urgency,
    [property: Id(4)] bool? Overdue,
    [property: Id(5)] bool OpenOnly,
    [property: Id(6)] bool FinishedOnly,
    [property: Id(7)] DemandPosition? After,
    [property: Id(8)] int Limit)
{
    /// <summary>Only demands reported in this China month (its first day): a month's list, archived ones included.</summary>
    [Id(9)] public DateOnly? Month { get; init; }

    public bool Matches(DemandSummary d) =>
        Scope.Includes(d)
        && (Month is not { } month || DemandMonths.Of(d.ReportedAt) == month)
        && (!OpenOnly || d.IsOpen)
        && (!FinishedOnly || !d.IsOpen)
        && (State is null || d.State == State)
        && (StationId is null || d.StationId == StationId)
        && (Urgency is null || d.Urgency == Urgency)
        && (Overdue is null || d.IsOverdue == Overdue);

    /// <summary>A history runs by when each demand ended; every other list by when it was reported.</summary>
    public DemandPosition PositionOf(DemandSummary d) => new(FinishedOnly ? EndOf(d) : d.ReportedAt, d.Id);

    public static DateTimeOffset EndOf(DemandSummary d) => d.ClosedAt ?? d.CancelledAt ?? d.ReportedAt;

    /// <summary>Whether a demand at this position comes after the previous page's last one.</summary>
    public bool Follows(DemandPosition position) => After is null || position.CompareTo(After) > 0;

    /// <summary>The answer from demands held in memory (a screen's rows, a test's fake): what an index shard answers.</summary>
    public IEnumerable<DemandSummary> Page(IEnumerable<DemandSummary> demands) =>
        demands.Where(Matches)
            .Select(d => (Demand: d, Position: PositionOf(d)))
            .Where(d => Follows(d.Position))
            .OrderBy(d => d.Position)
            .Take(Limit)
            .Select(d => d.Demand);

    /// <summary>
    /// The shards' answers, each already in list order, merged into one list of at most <see cref="Limit"/>: a k-way
    /// merge reads only as far into each answer as the page needs.
    /// </summary>
    public IEnumerable<DemandSummary> Merge(IReadOnlyList<ImmutableList<DemandSummary>> answers)
    {
        var next = new PriorityQueue<(int Answer, int Index), DemandPosition>();
        for (var answer = 0; answer < answers.Count; answer++)
        {
            if (answers[answer].Count > 0)
            {
                next.Enqueue((answer, 0), PositionOf(answers[answer][0]));
            }
        }
        for (var taken = 0; taken < Limit && next.TryDequeue(out var head, out _); taken++)
        {
            var list = answers[head.Answer];
            yield return list[head.Index];
            if (head.Index + 1 < list.Count)
            {
                next.Enqueue((head.Answer, head.Index + 1), PositionOf(list[head.Index + 1]));
            }
        }
    }
}
