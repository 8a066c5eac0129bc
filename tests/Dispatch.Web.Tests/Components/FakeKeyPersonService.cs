using System.Collections.Immutable;
using Dispatch.Contracts;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Web.KeyPersons;

namespace Dispatch.Web.Tests.Components;

/// <summary>
/// Stands in for the key-person grains in screen tests: keeps people in memory under the real register rules and
/// access policy, and records every save and visit so a test can assert what the screen sent.
/// </summary>
public sealed class FakeKeyPersonService(Func<ReferenceData> reference, TimeProvider clock) : IKeyPersonService
{
    public Dictionary<string, KeyPerson> People { get; } = [];

    public Dictionary<string, ImmutableList<Demand>> DemandsAbout { get; } = [];

    public List<(KeyPersonDetails Details, DispatchUser User)> Saves { get; } = [];

    public List<(string PersonId, RecordVisit Visit, DispatchUser User)> Visits { get; } = [];

    private DateOnly Today => ChinaCalendar.DateOf(clock.GetUtcNow());

    /// <summary>Registers a person as the system would, for a test's starting point.</summary>
    public KeyPerson Add(KeyPersonDetails details)
    {
        var person = KeyPersonRules.Save(null, details, reference(), Actor.System, clock.GetUtcNow()).Person
            ?? throw new ArgumentException("not a valid register entry", nameof(details));
        return People[person.Id] = person;
    }

    public Task<ImmutableList<KeyPersonSummary>> List(DispatchUser user, string? stationId = null) =>
        Task.FromResult<ImmutableList<KeyPersonSummary>>([.. Visible(user).Where(p => stationId is null || p.StationId == stationId)]);

    public Task<KeyPersonView?> Get(string personId, DispatchUser user)
    {
        if (!People.TryGetValue(personId, out var person)
            || !AccessPolicy.CanSeePerson(user, person.StationId, person.Details.CommunityId, reference()))
        {
            return Task.FromResult<KeyPersonView?>(null);
        }
        var shown = AccessPolicy.CanSeeIdNumber(user, person.StationId, person.Details.CommunityId, reference());
        var view = shown ? person : person with { Details = person.Details with { IdNumber = IdNumbers.Mask(person.Details.IdNumber) } };
        return Task.FromResult<KeyPersonView?>(new KeyPersonView(view, shown, DemandsAbout.GetValueOrDefault(personId, [])));
    }

    public Task<KeyPersonResult> Save(KeyPersonDetails details, DispatchUser user)
    {
        Saves.Add((details, user));
        var community = reference().FindCommunity(details.CommunityId ?? "");
        if (community is not null && !AccessPolicy.CanEditRegister(user, community.StationId))
        {
            return Task.FromResult(KeyPersonResult.Refused(new Refusal(RefusalKind.Forbidden, "not your register")));
        }
        var id = IdNumbers.PersonIdOf(details.IdNumber);
        var result = KeyPersonRules.Save(People.GetValueOrDefault(id), details, reference(), user.ToActor(), clock.GetUtcNow());
        if (result.Person is { } saved)
        {
            People[saved.Id] = saved;
        }
        return Task.FromResult(result);
    }

    public Task<KeyPersonResult> RecordVisit(string personId, RecordVisit visit, DispatchUser user)
    {
        Visits.Add((personId, visit, user));
        var demandNumber = 0;
        var result = KeyPersonRules.RecordVisit(People[personId], visit, user.WorkerId ?? user.UserName, user.ToActor(), clock.GetUtcNow(),
            () => $"D-{personId}-{++demandNumber}");
        if (result.Person is { } visited)
        {
            People[personId] = visited;
        }
        return Task.FromResult(result);
    }

    public Task<ImmutableList<VisitDue>> Plan(DispatchUser user, string? stationId = null, DateOnly? month = null) =>
        Task.FromResult(VisitPlan.Plan(Visible(user).Where(p => stationId is null || p.StationId == stationId), reference(), month ?? Today, Today));

    public Task<VisitRateReport> Rates(DispatchUser user, DateOnly? month = null) =>
        Task.FromResult(VisitPlan.Rates(Visible(user), reference(), month ?? Today, Today));

    public Task<ImmutableList<KeyPerson>?> Export(string stationId, DispatchUser user) =>
        Task.FromResult<ImmutableList<KeyPerson>?>(AccessPolicy.CanEditRegister(user, stationId)
            ? [.. People.Values.Where(p => p.StationId == stationId)]
            : null);

    private IEnumerable<KeyPersonSummary> Visible(DispatchUser user) =>
        People.Values.Select(p => p.ToSummary()).Where(p => AccessPolicy.CanSeePerson(user, p.StationId, p.CommunityId, reference()));
}
