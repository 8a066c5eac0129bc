using System.Collections.Immutable;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Reports;

namespace Dispatch.Web.Reports;

/// <summary>Why a report was not given.</summary>
public enum ReportRefusal
{
    /// <summary>The user may not see that scope: the city takes a city role, a station its head or a city role.</summary>
    Forbidden,

    /// <summary>The month has not begun (China time): there is nothing to report yet.</summary>
    FutureMonth,

    UnknownStation,
}

/// <summary>Either the report with the directory it was computed with (for the names it shows), or why not.</summary>
public sealed record ReportAnswer(MonthlyReport? Report, ReferenceData? Reference, ReportRefusal? Refusal)
{
    public static ReportAnswer Refused(ReportRefusal refusal) => new(null, null, refusal);
}

/// <summary>
/// What a user may report on: the city (city roles) and the stations they may see (all, or a head's own), and the
/// current China-local month, the latest one a report exists for.
/// </summary>
public sealed record ReportChoices(bool City, ImmutableList<Station> Stations, DateOnly ThisMonth);

/// <summary>The monthly reports (月报), always as a given user (see <see cref="AccessPolicy.CanSeeCity"/> and <see cref="AccessPolicy.CanSeeStation"/>).</summary>
public interface IReportService
{
    /// <summary>What the user may report on; null when nothing (social workers, a head without a known station).</summary>
    Task<ReportChoices?> Choices(DispatchUser user);

    /// <summary>The report of <paramref name="month"/> for a station, or the city when <paramref name="stationId"/> is null.</summary>
    Task<ReportAnswer> Monthly(DispatchUser user, DateOnly month, string? stationId);
}
