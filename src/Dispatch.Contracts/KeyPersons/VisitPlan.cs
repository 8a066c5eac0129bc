using System.Collections.Immutable;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;

namespace Dispatch.Contracts.KeyPersons;

/// <summary>
/// One key person's visits in one month: how many the plan asks for, how many were made (only visits where the person
/// was found count), and when each is due. The k-th of n visits in a month of D days is due on day ⌈k·D/n⌉, so a
/// monthly visit is due by the month's last day and a fortnightly pair by the 15th and the end.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record VisitDue(
    [property: Id(0)] string PersonId,
    [property: Id(1)] string Name,
    [property: Id(2)] string CommunityId,
    [property: Id(3)] string StationId,
    [property: Id(4)] string? WorkerId,
    [property: Id(5)] int Required,
    [property: Id(6)] int Done,
    [property: Id(7)] ImmutableList<DateOnly> DueDates,
    [property: Id(8)] int DaysLeft,
    [property: Id(9)] bool IsOverdue,
    [property: Id(10)] bool MissedLastMonth,
    [property: Id(11)] RiskLevel? RiskLevel)
{
    public bool IsComplete => Done >= Required;

    /// <summary>When the next visit still owed is due; null once the month's visits are made.</summary>
    public DateOnly? NextDueOn => IsComplete ? null : DueDates[Done];
}

/// <summary>Visit rate 走访率 (DESIGN.md): key persons visited this month ÷ key persons due this month; target 100%.</summary>
[GenerateSerializer, Immutable]
public sealed record VisitRate(
    [property: Id(0)] int Due,
    [property: Id(1)] int Visited,
    [property: Id(2)] int Overdue)
{
    public static VisitRate None { get; } = new(0, 0, 0);

    /// <summary>Null when nobody is due: there is nothing to fall short of.</summary>
    public double? Rate => Due == 0 ? null : (double)Visited / Due;

    public int StillDue => Due - Visited;

    public static VisitRate Of(IEnumerable<VisitDue> due)
    {
        var list = due as IReadOnlyCollection<VisitDue> ?? [.. due];
        return new(list.Count, list.Count(d => d.IsComplete), list.Count(d => d.IsOverdue));
    }
}

/// <summary>Visit rates of one month for the city and each station, community and worker.</summary>
[GenerateSerializer, Immutable]
public sealed record VisitRateReport(
    [property: Id(0)] DateOnly Month,
    [property: Id(1)] DateOnly Today,
    [property: Id(2)] int DaysLeft,
    [property: Id(3)] VisitRate City,
    [property: Id(4)] ImmutableSortedDictionary<string, VisitRate> ByStation,
    [property: Id(5)] ImmutableSortedDictionary<string, VisitRate> ByCommunity,
    [property: Id(6)] ImmutableSortedDictionary<string, VisitRate> ByWorker);

public static class VisitPlan
{
    /// <summary>A high-risk person is seen at least this often whatever their categories ask.</summary>
    public const int HighRiskVisitsPerMonth = 2;

    /// <summary>
    /// Visits the month asks for: the most frequent of the categories the person is in on any day of the month (a
    /// temporary category that ended before the month asks for nothing), raised for high risk. Zero: not due.
    /// </summary>
    public static int RequiredVisits(KeyPersonSummary person, ReferenceData reference, DateOnly month)
    {
        var (first, last) = (ChinaCalendar.FirstOfMonth(month), ChinaCalendar.LastOfMonth(month));
        var active = person.Categories.Where(c => c.Overlaps(first, last)).ToList();
        if (active.Count == 0)
        {
            return 0;
        }
        var byCategory = active.Max(c => reference.FindCategory(c.CategoryId)?.VisitsPerMonth ?? 1);
        var byRisk = person.RiskLevel == RiskLevel.High ? HighRiskVisitsPerMonth : 1;
        return Math.Clamp(Math.Max(byCategory, byRisk), 1, PersonCategory.MaxVisitsPerMonth);
    }

    /// <summary>The k-th of n visits in the month is due on day ⌈k·D/n⌉.</summary>
    public static ImmutableList<DateOnly> DueDates(DateOnly month, int required)
    {
        var first = ChinaCalendar.FirstOfMonth(month);
        var days = DateTime.DaysInMonth(month.Year, month.Month);
        return [.. Enumerable.Range(1, required).Select(k => first.AddDays((int)Math.Ceiling(k * days / (double)required) - 1))];
    }

    /// <summary>Found visits made in the month.</summary>
    public static int VisitsMade(KeyPersonSummary person, DateOnly month)
    {
        var (first, last) = (ChinaCalendar.FirstOfMonth(month), ChinaCalendar.LastOfMonth(month));
        return person.Visits.Count(v => v.Found && v.On >= first && v.On <= last);
    }

    /// <summary>
    /// The person's plan for <paramref name="month"/> as seen on <paramref name="today"/>, or null when they are not due
    /// that month. Overdue: a due date has passed without its visit, or last month's visits were missed and none is
    /// made yet this month.
    /// </summary>
    public static VisitDue? Due(KeyPersonSummary person, ReferenceData reference, DateOnly month, DateOnly today)
    {
        var required = RequiredVisits(person, reference, month);
        if (required == 0)
        {
            return null;
        }
        var done = VisitsMade(person, month);
        var dueDates = DueDates(month, required);
        var previous = ChinaCalendar.FirstOfMonth(month).AddMonths(-1);
        var missedLastMonth = RequiredVisits(person, reference, previous) is > 0 and var before && VisitsMade(person, previous) < before;
        var overdue = done < required && (dueDates[done] < today || (missedLastMonth && done == 0));
        return new VisitDue(person.Id, person.Name, person.CommunityId, person.StationId,
            CoveringWorker(reference, person.CommunityId), required, done, dueDates, DaysLeft(month, today),
            overdue, missedLastMonth, person.RiskLevel);
    }

    /// <summary>Everyone due in the month, those most behind first.</summary>
    public static ImmutableList<VisitDue> Plan(IEnumerable<KeyPersonSummary> persons, ReferenceData reference, DateOnly month, DateOnly today) =>
        [.. persons
            .Select(p => Due(p, reference, month, today))
            .OfType<VisitDue>()
            .OrderByDescending(d => d.IsOverdue)
            .ThenBy(d => d.IsComplete)
            .ThenBy(d => d.NextDueOn ?? DateOnly.MaxValue)
            .ThenBy(d => d.Name, StringComparer.Ordinal)];

    public static VisitRateReport Rates(IEnumerable<KeyPersonSummary> persons, ReferenceData reference, DateOnly month, DateOnly today)
    {
        var plan = Plan(persons, reference, month, today);
        ImmutableSortedDictionary<string, VisitRate> By(Func<VisitDue, string?> key) =>
            plan.Where(d => key(d) is not null)
                .GroupBy(d => key(d)!)
                .ToImmutableSortedDictionary(g => g.Key, VisitRate.Of, StringComparer.Ordinal);
        return new VisitRateReport(
            ChinaCalendar.FirstOfMonth(month), today, DaysLeft(month, today),
            VisitRate.Of(plan), By(d => d.StationId), By(d => d.CommunityId), By(d => d.WorkerId));
    }

    /// <summary>Days of the month from <paramref name="today"/> to its end, today included; 0 once it is over.</summary>
    public static int DaysLeft(DateOnly month, DateOnly today) =>
        Math.Clamp(ChinaCalendar.LastOfMonth(month).DayNumber - today.DayNumber + 1, 0, DateTime.DaysInMonth(month.Year, month.Month));

    /// <summary>The active worker covering the community (the first, when several do); null when nobody does.</summary>
    public static string? CoveringWorker(ReferenceData reference, string communityId) =>
        reference.Workers.FirstOrDefault(w => w.IsActive && w.CommunityIds.Contains(communityId))?.Id;
}
