using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Grains;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Grains.Demands;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dispatch.Grains.KeyPersons;

[GenerateSerializer]
public sealed class KeyPersonGrainState
{
    [Id(0)] public KeyPerson? Person { get; set; }
}

/// <summary>
/// Owns one key person: their register entry and their visits. A change is acknowledged only once written; the station
/// register and the demands for needs found on a visit follow from the written state.
/// </summary>
[GrainType("key-person")]
public sealed class KeyPersonGrain(
    [PersistentState("keyPerson")] IPersistentState<KeyPersonGrainState> state,
    IKeyPersonChangePublisher publisher,
    DemandIdGenerator demandIds,
    [FromKeyedServices(DomainClock.Key)] TimeProvider clock,
    ILogger<KeyPersonGrain> logger) : Grain, IKeyPersonGrain
{
    /// <summary>Visits this recent get their demands re-created on activation, in case a crash came between the two writes.</summary>
    private static readonly TimeSpan DemandRecovery = TimeSpan.FromDays(2);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Person is { } person)
        {
            await publisher.Publish(null, person);
            var recent = clock.GetUtcNow() - DemandRecovery;
            foreach (var visit in person.Visits.Where(v => v.RecordedAt >= recent && !v.Needs.IsEmpty))
            {
                await ReportNeeds(person, visit);
            }
        }
    }

    public Task<KeyPerson?> Get() => Task.FromResult(state.State.Person);

    public async Task<KeyPersonResult> Save(KeyPersonDetails details, DispatchUser user)
    {
        var reference = await Directory().Get();
        var before = state.State.Person;
        if (details.IdNumber is { } idNumber && IdNumbers.Problem(idNumber) is null
            && IdNumbers.PersonIdOf(idNumber) != this.GetPrimaryKeyString())
        {
            return KeyPersonResult.Refused(new Refusal(RefusalKind.Invalid, "The id number does not belong to this person.", "idNumber"));
        }
        // Both the old and the new station must be the user's: a head cannot take a person from another station.
        var community = reference.FindCommunity(details.CommunityId ?? "");
        if ((before is not null && !AccessPolicy.CanEditRegister(user, before.StationId))
            || (community is not null && !AccessPolicy.CanEditRegister(user, community.StationId)))
        {
            return KeyPersonResult.Refused(new Refusal(RefusalKind.Forbidden, $"{user.Role} {user.DisplayName} may not change this station's register.",
                Denial: AccessPolicy.Denial(user, AccessPolicy.CanEditRegister(user, user.StationId ?? ""))));
        }
        var result = KeyPersonRules.Save(before, details, reference, user.ToActor(), clock.GetUtcNow());
        if (result.Person is { } after && !ReferenceEquals(after, before))
        {
            await Write(before, after);
        }
        return result;
    }

    public async Task<KeyPersonResult> RecordVisit(RecordVisit visit, DispatchUser user)
    {
        if (state.State.Person is not { } before)
        {
            return KeyPersonResult.Refused(new Refusal(RefusalKind.NotFound, "No such key person."));
        }
        var reference = await Directory().Get();
        if (!AccessPolicy.CanRecordVisit(user, before.Details.CommunityId, reference))
        {
            return KeyPersonResult.Refused(new Refusal(RefusalKind.Forbidden,
                $"{user.Role} {user.DisplayName} does not cover this person's community and may not record their visit.",
                Denial: AccessPolicy.Denial(user, user.Role == ActorRole.SocialWorker)));
        }
        var result = KeyPersonRules.RecordVisit(before, visit, user.WorkerId ?? user.UserName, user.ToActor(), clock.GetUtcNow(), demandIds.Next);
        if (result.Person is not { } after)
        {
            return result;
        }
        var recorded = after.Visits[^1];
        // The demands are linked before they exist, so the person's history never misses one, even after a crash here.
        after = recorded.Needs.Aggregate(after, (person, need) => KeyPersonRules.LinkDemand(person, need.DemandId));
        await Write(before, after);
        await ReportNeeds(after, recorded);
        return KeyPersonResult.Ok(after);
    }

    /// <summary>
    /// Takes in each need found on the visit as a demand about the person, reported by the visiting worker. Reporting
    /// under the id stored with the visit is idempotent: a demand that already exists refuses a second report.
    /// </summary>
    private async Task ReportNeeds(KeyPerson person, Visit visit)
    {
        var reference = await Directory().Get();
        var community = reference.FindCommunity(person.Details.CommunityId);
        if (community is null)
        {
            return;
        }
        var worker = reference.FindWorker(visit.WorkerId);
        var visitor = new DispatchUser(visit.VisitedBy.Id, visit.VisitedBy.Name, visit.VisitedBy.Role, worker?.StationId, visit.WorkerId);
        // The demand's category is the person's most specific one: a temporary category (a current hardship) first.
        var categoryId = person.Details.Categories
            .OrderByDescending(c => reference.FindCategory(c.CategoryId)?.IsTemporary == true)
            .Select(c => c.CategoryId).FirstOrDefault() ?? "";
        foreach (var need in visit.Needs)
        {
            var command = new ReportDemand(
                community.Id, community.StationId, categoryId, need.Need.ServiceType, need.Need.Urgency, need.Need.Description,
                new Person(person.Details.Name, person.Details.Phone, null),
                new Reporter(visit.VisitedBy.Name, ReportChannel.Outreach, worker?.Phone),
                person.Id, visit.Id, visit.WorkerId);
            try
            {
                var result = await GrainFactory.GetGrain<IDemandGrain>(need.DemandId).Execute(command, visitor);
                if (result.Refusal is { Kind: not RefusalKind.InvalidState } refusal)
                {
                    logger.LogWarning("Need found on visit {VisitId} was refused as demand {DemandId}: {Reason}", visit.Id, need.DemandId, refusal.Message);
                }
            }
            catch (Exception exception)
            {
                // The visit is stored; the demand is reported again on this grain's next activation.
                logger.LogWarning(exception, "Need found on visit {VisitId} not yet reported as demand {DemandId}", visit.Id, need.DemandId);
            }
        }
    }

    private ICityDirectoryGrain Directory() => GrainFactory.GetGrain<ICityDirectoryGrain>(ICityDirectoryGrain.Key);

    private async Task Write(KeyPerson? before, KeyPerson after)
    {
        state.State.Person = after;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not stored: the caller is told so. ReloadAfterStorageFailure deactivates this grain, so the next call
            // starts from what storage holds even if the write landed after all.
            state.State.Person = before;
            throw;
        }
        await publisher.Publish(before, after);
    }
}
