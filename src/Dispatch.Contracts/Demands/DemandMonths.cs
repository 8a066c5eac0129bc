namespace Dispatch.Contracts.Demands;

/// <summary>
/// The China months a demand belongs to: the one it was reported in (its month's list) and every one it was open in
/// (the reports of those months count its services, closure and callback), as the monthly archive keeps it.
/// </summary>
public static class DemandMonths
{
    /// <summary>The first day of the China month holding <paramref name="at"/>.</summary>
    public static DateOnly Of(DateTimeOffset at) => ChinaCalendar.FirstOfMonth(ChinaCalendar.DateOf(at));

    /// <summary>From the month it was reported in to the month it ended in (for an open demand, the one it was reported in).</summary>
    public static IEnumerable<DateOnly> Active(DemandSummary demand)
    {
        var last = Of(DemandQuery.EndOf(demand));
        for (var month = Of(demand.ReportedAt); month <= last; month = month.AddMonths(1))
        {
            yield return month;
        }
    }

    /// <summary>Whether the demand was reported before the month ended and had not ended before it began.</summary>
    public static bool WasActiveIn(DemandSummary demand, DateOnly month) =>
        demand.ReportedAt < ChinaCalendar.StartOf(month.AddMonths(1))
        && (demand.IsOpen || DemandQuery.EndOf(demand) >= ChinaCalendar.StartOf(month));
}
