using System.Collections.Immutable;
using Dispatch.Contracts;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Grains;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Grains;

namespace Dispatch.Web.KeyPersons;

/// <summary>
/// The one way in to the register for the API, the screens and the simulator. What a user may see is filtered here by
/// <see cref="AccessPolicy"/>; the person's grain checks the right to change again inside its own turn.
/// </summary>
public sealed class KeyPersonService(IGrainFactory grains, [FromKeyedServices(DomainClock.Key)] TimeProvider clock) : IKeyPersonService
{
    public async Task<ImmutableList<KeyPersonSummary>> List(DispatchUser user, string? stationId = null)
    {
        var (people, reference) = await Visible(user, stationId);
        return [.. people.OrderBy(p => reference.FindCommunity(p.CommunityId)?.Name, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal)];
    }

    public async Task<KeyPersonView?> Get(string personId, DispatchUser user)
    {
        if (await Person(personId).Get() is not { } person)
        {
            return null;
        }
        var reference = await Reference();
        if (!AccessPolicy.CanSeePerson(user, person.StationId, person.Details.CommunityId, reference))
        {
            return null;
        }
        var shown = AccessPolicy.CanSeeIdNumber(user, person.StationId, person.Details.CommunityId, reference);
        if (!shown)
        {
            person = person with { Details = person.Details with { IdNumber = IdNumbers.Mask(person.Details.IdNumber) } };
        }
        var demands = await Task.WhenAll(person.DemandIds.Select(id => grains.GetGrain<IDemandGrain>(id).Get()));
        return new KeyPersonView(person, shown, [.. demands.OfType<Demand>().OrderByDescending(d => d.ReportedAt)]);
    }

    public async Task<KeyPersonResult> Save(KeyPersonDetails details, DispatchUser user)
    {
        // Checked here first so a bad number never names a grain; the grain checks everything again.
        if (IdNumbers.Problem(details.IdNumber) is { } problem)
        {
            return KeyPersonResult.Refused(new Refusal(RefusalKind.Invalid, problem, "idNumber"));
        }
        return await Person(IdNumbers.PersonIdOf(details.IdNumber)).Save(details, user);
    }

    public Task<KeyPersonResult> RecordVisit(string personId, RecordVisit visit, DispatchUser user) =>
        Person(personId).RecordVisit(visit, user);

    public async Task<ImmutableList<VisitDue>> Plan(DispatchUser user, string? stationId = null)
    {
        var (people, reference) = await Visible(user, stationId);
        var today = Today();
        return VisitPlan.Plan(people, reference, today, today);
    }

    public async Task<VisitRateReport> Rates(DispatchUser user)
    {
        var (people, reference) = await Visible(user, stationId: null);
        var today = Today();
        return VisitPlan.Rates(people, reference, today, today);
    }

    public async Task<ImmutableList<KeyPerson>?> Export(string stationId, DispatchUser user)
    {
        if (!AccessPolicy.CanEditRegister(user, stationId))
        {
            return null;
        }
        var people = await grains.GetGrain<IKeyPersonRegisterGrain>(stationId).List();
        var entries = await Task.WhenAll(people.Select(p => Person(p.Id).Get()));
        return [.. entries.OfType<KeyPerson>().Where(p => p.StationId == stationId).OrderBy(p => p.Details.CommunityId, StringComparer.Ordinal).ThenBy(p => p.Details.Name, StringComparer.Ordinal)];
    }

    /// <summary>The summaries the user may see: of one station, or of every station they may see.</summary>
    private async Task<(IReadOnlyList<KeyPersonSummary> People, ReferenceData Reference)> Visible(DispatchUser user, string? stationId)
    {
        var reference = await Reference();
        var stations = AccessPolicy.RegistersFor(user, reference).Where(id => stationId is null || id == stationId);
        var registers = await Task.WhenAll(stations.Select(id => grains.GetGrain<IKeyPersonRegisterGrain>(id).List()));
        return ([.. registers.SelectMany(r => r).Where(p => AccessPolicy.CanSeePerson(user, p.StationId, p.CommunityId, reference))], reference);
    }

    private DateOnly Today() => ChinaCalendar.DateOf(clock.GetUtcNow());

    private Task<ReferenceData> Reference() => grains.GetGrain<ICityDirectoryGrain>(ICityDirectoryGrain.Key).Get();

    private IKeyPersonGrain Person(string id) => grains.GetGrain<IKeyPersonGrain>(id);
}
