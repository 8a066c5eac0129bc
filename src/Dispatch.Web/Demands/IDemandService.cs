using System.Collections.Immutable;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Kpis;
using Dispatch.Contracts.Recommendations;

namespace Dispatch.Web.Demands;

/// <summary>What the API and the screens do with demands, always as a given user (see <see cref="AccessPolicy"/>).</summary>
public interface IDemandService
{
    Task<ReferenceData> Reference();

    Task<(DemandResult? Result, FieldErrors? Errors)> Report(ReportDemandRequest request, DispatchUser user);

    Task<(DemandResult? Result, FieldErrors? Errors)> Execute(string demandId, DemandCommand command, DispatchUser user);

    /// <summary>The demand, or null when it does not exist or the user may not see it.</summary>
    Task<Demand?> Get(string demandId, DispatchUser user);

    /// <summary>The summaries the user may see that the filter asks for, newest first, at most its limit.</summary>
    Task<ImmutableList<DemandSummary>> List(DemandFilter filter, DispatchUser user);

    /// <summary>Null when the demand does not exist or the user may not see its recommendations.</summary>
    Task<Recommendations?> Recommend(string demandId, DispatchUser user);

    /// <summary>
    /// The city's KPIs for city-wide roles, one station's for its head, null for others: the overall figures and the
    /// coverage, with the stations' figures and workers' load that <paramref name="rows"/> asks for (by default none).
    /// </summary>
    Task<KpiReport?> Kpis(DispatchUser user, DateTimeOffset? from = null, DateTimeOffset? to = null, KpiRows? rows = null);

    /// <summary>The city's KPI series of <paramref name="count"/> buckets ending with the one holding <paramref name="now"/>; null for anyone but city-wide roles.</summary>
    Task<KpiTimeSeries?> Series(DispatchUser user, DateTimeOffset now, TimeSpan bucketSize, int count);
}

public static class DemandPaging
{
    /// <summary>A page of <see cref="IDemandService.List"/>, and the filter of the page after it.</summary>
    public static async Task<DemandPage> Page(this IDemandService demands, DemandFilter filter, DispatchUser user)
    {
        // One more than the page: whether it comes tells if there is a next page without counting them all.
        var found = await demands.List(filter with { Limit = filter.Limit + 1 }, user);
        if (found.Count <= filter.Limit)
        {
            return new(found, null);
        }
        var page = found.RemoveAt(filter.Limit);
        return new(page, filter with { After = filter.For(user).PositionOf(page[^1]) });
    }
}
