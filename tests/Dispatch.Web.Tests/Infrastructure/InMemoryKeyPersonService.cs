using System.Collections.Concurrent;
using System.Collections.Immutable;
using Dispatch.Contracts;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Web.KeyPersons;

namespace Dispatch.Web.Tests.Infrastructure;

/// <summary>
/// The key-person register in memory, for screen tests and for the import's API tests: saves and visits go through
/// the same <see cref="KeyPersonRules"/> the person's grain applies, as the user, with the grain's station check and the
/// real access policy. It records every save and visit, so a test can assert what was sent, and can make the n-th save
/// fail as unreachable storage would.
/// </summary>
public sealed class InMemoryKeyPersonService(Func<ReferenceData> reference, TimeProvider clock) : IKeyPersonService
{
    private readonly ConcurrentQueue<(KeyPersonDetails Details, DispatchUser User)> saves = new();
    private readonly ConcurrentQueue<(string PersonId, RecordVisit Visit, DispatchUser User)> visits = new();

    public ConcurrentDictionary<string, KeyPerson> People { get; } = new();

    public Dictionary<string, ImmutableList<Demand>> DemandsAbout { get; } = [];

    /// <summary>Every save asked for, refused or not, in order.</summary>
    public IReadOnlyList<(KeyPersonDetails Details, DispatchUser User)> Saves => [.. saves];

    public IReadOnlyList<(string PersonId, RecordVisit Visit, DispatchUser User)> Visits => [.. visits];

    /// <summary>The 1-based save that throws as an unreachable storage does; null for none.</summary>
    public int? FailingSave { get; set; }

    private DateOnly Today => ChinaCalendar.DateOf(clock.GetUtcNow());

    /// <summary>Registers a person as the system would, for a test's starting point.</summary>
    public KeyPerson Add(KeyPersonDetails details)
    {
        var person = KeyPersonRules.Save(null, details, reference(), Actor.System, clock.GetUtcNow()).Person
            ?? throw new ArgumentException("not a valid register entry", nameof(details));
        return People[person.Id] = person;
    }

    public Task<ImmutableList<KeyPersonSummary>> List(DispatchUser user, string? stationId = null) =>
        Task.FromResult<ImmutableList<KeyPersonSummary>>([.. Visible(user, stationId).OrderBy(p => p.Name, StringComparer.Ordinal)]);

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
        saves.Enqueue((details, user));
        if (saves.Count == FailingSave)
        {
            throw new TimeoutException("The register's storage did not answer.");
        }
        var city = reference();
        var id = IdNumbers.PersonIdOf(details.IdNumber);
        var before = People.GetValueOrDefault(id);
        // As the person's grain: both the station the person is in and the one they go to must be the user's.
        var stationId = city.FindCommunity(details.CommunityId?.Trim() ?? "")?.StationId;
        if ((before is not null && !AccessPolicy.CanEditRegister(user, before.StationId))
            || (stationId is not null && !AccessPolicy.CanEditRegister(user, stationId)))
        {
            return Task.FromResult(KeyPersonResult.Refused(new Refusal(RefusalKind.Forbidden,
                $"{user.Role} {user.DisplayName} may not change this station's register.")));
        }
        var result = KeyPersonRules.Save(before, details, city, user.ToActor(), clock.GetUtcNow());
        if (result.Person is { } saved)
        {
            People[saved.Id] = saved;
        }
        return Task.FromResult(result);
    }

    public Task<KeyPersonResult> RecordVisit(string personId, RecordVisit visit, DispatchUser user)
    {
        visits.Enqueue((personId, visit, user));
        var demandNumber = 0;
        var result = KeyPersonRules.RecordVisit(People[personId], visit, user.WorkerId ?? user.UserName, user.ToActor(), clock.GetUtcNow(),
            () => $"D-{personId}-{++demandNumber}");
        if (result.Person is { } visited)
        {
            People[personId] = visited;
        }
        return Task.FromResult(result);
    }

    public Task<ImmutableList<VisitDue>> Plan(DispatchUser user, string? stationId = null) =>
        Task.FromResult(VisitPlan.Plan(Visible(user, stationId), reference(), Today, Today));

    public Task<VisitRateReport> Rates(DispatchUser user) => Task.FromResult(VisitPlan.Rates(Visible(user, null), reference(), Today, Today));

    public Task<ImmutableList<KeyPerson>?> Export(string stationId, DispatchUser user) =>
        Task.FromResult<ImmutableList<KeyPerson>?>(AccessPolicy.CanEditRegister(user, stationId)
            ? [.. People.Values.Where(p => p.StationId == stationId)]
            : null);

    private IEnumerable<KeyPersonSummary> Visible(DispatchUser user, string? stationId) => People.Values
        .Select(p => p.ToSummary())
        .Where(p => (stationId is null || p.StationId == stationId) && AccessPolicy.CanSeePerson(user, p.StationId, p.CommunityId, reference()));
}
