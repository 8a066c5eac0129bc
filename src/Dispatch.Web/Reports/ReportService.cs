using Dispatch.Contracts;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Reports;
using Dispatch.Grains;
using Dispatch.Web.Demands;
using Dispatch.Web.KeyPersons;

namespace Dispatch.Web.Reports;

/// <summary>
/// Builds monthly reports from every demand open in the month, archived or not (not only those the user may list: a
/// station's figures include the returns it made of demands now held elsewhere, and its undispatched home demands), the
/// directory, and the key persons the user may see. Access is checked here first, before anything is read.
/// </summary>
public sealed class ReportService(
    DemandService demands, IKeyPersonService keyPersons, [FromKeyedServices(DomainClock.Key)] TimeProvider clock) : IReportService
{
    public async Task<ReportChoices?> Choices(DispatchUser user)
    {
        var reference = await demands.Reference();
        var city = AccessPolicy.CanSeeCity(user);
        var stations = reference.Stations.RemoveAll(s => !AccessPolicy.CanSeeStation(user, s.Id));
        return city || !stations.IsEmpty
            ? new ReportChoices(city, stations, ChinaCalendar.FirstOfMonth(ChinaCalendar.DateOf(clock.GetUtcNow())))
            : null;
    }

    public async Task<ReportAnswer> Monthly(DispatchUser user, DateOnly month, string? stationId)
    {
        if (stationId is null ? !AccessPolicy.CanSeeCity(user) : !AccessPolicy.CanSeeStation(user, stationId))
        {
            return ReportAnswer.Refused(ReportRefusal.Forbidden);
        }
        var now = clock.GetUtcNow();
        if (ChinaCalendar.FirstOfMonth(month) > ChinaCalendar.DateOf(now))
        {
            return ReportAnswer.Refused(ReportRefusal.FutureMonth);
        }
        var reference = await demands.Reference();
        if (stationId is not null && reference.FindStation(stationId) is null)
        {
            return ReportAnswer.Refused(ReportRefusal.UnknownStation);
        }
        var summaries = demands.ActiveIn(month);
        var persons = keyPersons.List(user, stationId);
        await Task.WhenAll(summaries, persons);
        var inputs = new ReportInputs([.. await summaries], await persons);
        return new ReportAnswer(MonthlyReportCalculator.Compute(inputs, reference, month, stationId, now), reference, null);
    }
}
