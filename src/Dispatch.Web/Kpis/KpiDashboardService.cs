using Dispatch.Contracts.Access;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Contracts.Kpis;
using Dispatch.Grains;
using Dispatch.Web.Demands;
using Dispatch.Web.KeyPersons;
using Dispatch.Web.Localization;

namespace Dispatch.Web.Kpis;

/// <summary>
/// What the leader wall shows: today's and the last 30 days' KPIs (local days), the hourly (24 h) and daily (30 d)
/// series, this month's visit rates, and the directory they were computed with. Backlog, overdue, worker load and coverage are "now" in both reports.
/// </summary>
public sealed record KpiDashboard(
    KpiReport Today, KpiReport Month, KpiTimeSeries Hourly, KpiTimeSeries Daily, ReferenceData Reference, VisitRateReport Visits);

/// <summary>
/// Gathers the wall in one go: the two reports from <see cref="IDemandService.Kpis"/> and the two series from
/// <see cref="IDemandService.Series"/>, all from the figures the grains keep, with their access checks.
/// </summary>
public sealed class KpiDashboardService(
    IDemandService demands, IKeyPersonService keyPersons, [FromKeyedServices(DomainClock.Key)] TimeProvider clock)
{
    public const int Hours = 24;
    public const int Days = 30;

    /// <summary>The wall for city-wide roles; null for anyone else.</summary>
    public async Task<KpiDashboard?> Load(DispatchUser user)
    {
        if (!AccessPolicy.CanSeeCity(user))
        {
            return null;
        }
        var now = clock.GetUtcNow();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(StationTime.DefaultZone);
        var today = KpiSeries.BucketStart(now, KpiSeries.Day, zone);
        var monthStart = today.AddDays(1 - Days);

        // Today's backlog and worker load are drawn per station and per worker; of the month, the stations' return rates.
        var todayReport = demands.Kpis(user, today, rows: KpiRows.All);
        var monthReport = demands.Kpis(user, monthStart, rows: new KpiRows(Stations: KpiRange.All));
        var hourly = demands.Series(user, now, KpiSeries.Hour, Hours);
        var daily = demands.Series(user, now, KpiSeries.Day, Days);
        var reference = demands.Reference();
        var visits = keyPersons.Rates(user);
        await Task.WhenAll(todayReport, monthReport, hourly, daily, reference, visits);
        if (await todayReport is not { } todayKpis || await monthReport is not { } monthKpis
            || await hourly is not { } hours || await daily is not { } days)
        {
            return null;
        }
        return new KpiDashboard(todayKpis, monthKpis, hours, days, await reference, await visits);
    }
}
