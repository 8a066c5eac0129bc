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
/// The key-person register in memory, for tests of what stands on <see cref="IKeyPersonService"/> before the real
/// service exists: saves go through the same <see cref="KeyPersonRules.Save"/> the person's grain applies, as the user,
/// with the grain's station check, and a test can make the n-th save fail as storage would.
/// </summary>
public sealed class InMemoryKeyPersonService(Func<Task<ReferenceData>> reference, TimeProvider clock) : IKeyPersonService
{
    private readonly ConcurrentDictionary<string, KeyPerson> people = new();
    private int saves;

    /// <summary>The 1-based save that throws as an unreachable storage does; null for none.</summary>
    public int? FailingSave { get; set; }

    public int Saves => saves;

    public IReadOnlyCollection<KeyPerson> People => [.. people.Values];

    public async Task<KeyPersonResult> Save(KeyPersonDetails details, DispatchUser user)
    {
        if (Interlocked.Increment(ref saves) == FailingSave)
        {
            throw new TimeoutException("The register's storage did not answer.");
        }
        var city = await reference();
        var id = IdNumbers.PersonIdOf(details.IdNumber);
        var before = people.GetValueOrDefault(id);
        // As the person's grain: both the station the person is in and the one they go to must be the user's.
        var stationId = city.FindCommunity(details.CommunityId.Trim())?.StationId;
        if ((before is not null && !AccessPolicy.CanEditRegister(user, before.StationId))
            || (stationId is not null && !AccessPolicy.CanEditRegister(user, stationId)))
        {
            return KeyPersonResult.Refused(new Refusal(RefusalKind.Forbidden, $"{user.Role} {user.DisplayName} may not change this station's register."));
        }
        var result = KeyPersonRules.Save(before, details, city, user.ToActor(), clock.GetUtcNow());
        if (result.Person is { } person)
        {
            people[id] = person;
        }
        return result;
    }

    public Task<ImmutableList<KeyPerson>?> Export(string stationId, DispatchUser user) =>
        Task.FromResult(AccessPolicy.CanEditRegister(user, stationId)
            ? [.. people.Values.Where(p => p.StationId == stationId)]
            : (ImmutableList<KeyPerson>?)null);

    /// <summary>City roles see every station's people, everyone else their own station's (enough for the screens to render).</summary>
    public Task<ImmutableList<KeyPersonSummary>> List(DispatchUser user, string? stationId = null) =>
        Task.FromResult<ImmutableList<KeyPersonSummary>>(
            [.. people.Values.Where(p => (stationId is null || p.StationId == stationId) && (AccessPolicy.CanSeeCity(user) || p.StationId == user.StationId))
                .OrderBy(p => p.Details.Name, StringComparer.Ordinal).Select(p => p.ToSummary())]);

    public async Task<ImmutableList<VisitDue>> Plan(DispatchUser user, string? stationId = null, DateOnly? month = null)
    {
        var today = ChinaCalendar.DateOf(clock.GetUtcNow());
        return VisitPlan.Plan(await List(user, stationId), await reference(), month ?? today, today);
    }

    public async Task<VisitRateReport> Rates(DispatchUser user, DateOnly? month = null)
    {
        var today = ChinaCalendar.DateOf(clock.GetUtcNow());
        return VisitPlan.Rates(await List(user), await reference(), month ?? today, today);
    }

    public Task<KeyPersonView?> Get(string personId, DispatchUser user) => throw NotNeeded();

    public Task<KeyPersonResult> RecordVisit(string personId, RecordVisit visit, DispatchUser user) => throw NotNeeded();

    private static NotSupportedException NotNeeded() => new("The register's import and export do not read or visit one person.");
}
