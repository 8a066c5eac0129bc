using System.Collections.Immutable;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Validation;

namespace Dispatch.Contracts.KeyPersons;

/// <summary>
/// The register's rules as pure functions: what a valid entry and a valid visit are, and how a save or a visit changes
/// a person. The person's grain applies them inside its own turn; imports and screens show the same problems.
/// </summary>
public static class KeyPersonRules
{
    public const int MaxNameLength = 50;
    public const int MaxNotesLength = 500;
    public const int MaxObservationsLength = 2000;
    public const int MaxNeedsPerVisit = 10;
    public const int MaxCategoriesPerPerson = 16;

    /// <summary>How far back a visit may be recorded: late paperwork for last month, not invented history.</summary>
    public const int MaxVisitAgeDays = 31;

    /// <summary>Every problem of the entry, each naming its field; empty when it may be saved.</summary>
    public static ImmutableList<FieldProblem> Check(KeyPersonDetails details, ReferenceData reference)
    {
        var problems = ImmutableList.CreateBuilder<FieldProblem>();
        void Add(string field, string? message)
        {
            if (message is not null)
            {
                problems.Add(new FieldProblem(field, message));
            }
        }

        Add("name", FieldRules.Required("name", details.Name, MaxNameLength));
        Add("idNumber", IdNumbers.Problem(details.IdNumber));
        Add("phone", FieldRules.Phone("phone", details.Phone));
        if (string.IsNullOrWhiteSpace(details.CommunityId))
        {
            Add("communityId", "communityId is required.");
        }
        else if (reference.FindCommunity(details.CommunityId) is null)
        {
            Add("communityId", $"unknown community '{details.CommunityId}'.");
        }
        if (details.RiskLevel is { } risk)
        {
            Add("riskLevel", FieldRules.Defined("riskLevel", risk));
        }
        Add("notes", FieldRules.Optional("notes", details.Notes, MaxNotesLength));

        var categories = details.Categories ?? [];
        if (categories.IsEmpty)
        {
            Add("categories", "at least one key-person category is required.");
        }
        else if (categories.Count > MaxCategoriesPerPerson)
        {
            Add("categories", $"at most {MaxCategoriesPerPerson} categories.");
        }
        foreach (var repeated in categories.GroupBy(c => c.CategoryId).Where(g => g.Count() > 1))
        {
            Add("categories", $"category '{repeated.Key}' is given more than once.");
        }
        foreach (var membership in categories)
        {
            var category = reference.FindCategory(membership.CategoryId);
            if (category is null)
            {
                Add("categories", $"unknown category '{membership.CategoryId}'.");
            }
            else if (category.IsTemporary && membership.Until is null)
            {
                Add("categories", $"'{category.NameEn}' is a temporary category: it needs an end date.");
            }
            if (membership.Until is { } until && until < membership.Since)
            {
                Add("categories", $"category '{membership.CategoryId}' ends ({until:yyyy-MM-dd}) before it starts ({membership.Since:yyyy-MM-dd}).");
            }
        }
        return problems.ToImmutable();
    }

    /// <summary>The problems of a visit recorded on <paramref name="today"/> (China's date); empty when it may be saved.</summary>
    public static ImmutableList<FieldProblem> Check(RecordVisit visit, DateOnly today)
    {
        var problems = ImmutableList.CreateBuilder<FieldProblem>();
        if (visit.On > today)
        {
            problems.Add(new("on", $"a visit cannot be recorded for a future date ({visit.On:yyyy-MM-dd}; today is {today:yyyy-MM-dd})."));
        }
        else if (visit.On < today.AddDays(-MaxVisitAgeDays))
        {
            problems.Add(new("on", $"a visit may be recorded at most {MaxVisitAgeDays} days late."));
        }
        if (FieldRules.Required("observations", visit.Observations, MaxObservationsLength) is { } observations)
        {
            problems.Add(new("observations", observations));
        }
        var needs = visit.Needs ?? [];
        if (needs.Count > MaxNeedsPerVisit)
        {
            problems.Add(new("needs", $"at most {MaxNeedsPerVisit} needs per visit."));
        }
        for (var i = 0; i < needs.Count; i++)
        {
            var need = needs[i];
            var prefix = $"needs[{i}]";
            foreach (var (field, message) in new[]
            {
                ($"{prefix}.description", FieldRules.Required($"{prefix}.description", need?.Description, DemandStateMachine.MaxDescriptionLength)),
                ($"{prefix}.serviceType", need is null ? null : FieldRules.Defined($"{prefix}.serviceType", need.ServiceType)),
                ($"{prefix}.urgency", need is null ? null : FieldRules.Defined($"{prefix}.urgency", need.Urgency)),
            })
            {
                if (message is not null)
                {
                    problems.Add(new(field, message));
                }
            }
        }
        return problems.ToImmutable();
    }

    /// <summary>
    /// Registers or changes the person. Saving what is already there changes nothing (so re-importing a file is harmless);
    /// the id number is the person's identity and cannot change.
    /// </summary>
    public static KeyPersonResult Save(
        KeyPerson? existing, KeyPersonDetails details, ReferenceData reference, Actor actor, DateTimeOffset now)
    {
        var normalized = Normalize(details);
        if (Check(normalized, reference) is { IsEmpty: false } problems)
        {
            return KeyPersonResult.Refused(Refused(problems));
        }
        if (existing is not null && existing.Details.IdNumber != normalized.IdNumber)
        {
            return KeyPersonResult.Refused(new Refusal(RefusalKind.Invalid,
                "The id number identifies the person and cannot change; register the other number as a new person.", "idNumber"));
        }
        var stationId = reference.FindCommunity(normalized.CommunityId)!.StationId;
        if (existing is not null && SameDetails(existing.Details, normalized) && existing.StationId == stationId)
        {
            return KeyPersonResult.Ok(existing);
        }
        var person = existing ?? new KeyPerson
        {
            Id = IdNumbers.PersonIdOf(normalized.IdNumber),
            Details = normalized,
            StationId = stationId,
        };
        var what = existing is null ? "registered" : $"changed: {string.Join(", ", Changes(existing.Details, normalized))}";
        return KeyPersonResult.Ok(person with
        {
            Details = normalized,
            StationId = stationId,
            History = person.History.Add(new KeyPersonEvent(now, actor, what)),
        });
    }

    /// <summary>
    /// Adds the visit. Each need found gets a demand id from <paramref name="nextDemandId"/> now, before any demand
    /// exists, so the visit can be stored first and the demands created (and re-created after a crash) under known ids.
    /// </summary>
    public static KeyPersonResult RecordVisit(
        KeyPerson person, RecordVisit visit, string workerId, Actor actor, DateTimeOffset now, Func<string> nextDemandId)
    {
        if (Check(visit, ChinaCalendar.DateOf(now)) is { IsEmpty: false } problems)
        {
            return KeyPersonResult.Refused(Refused(problems));
        }
        var recorded = new Visit(
            $"{person.Id}-v{person.Visits.Count + 1}", visit.On, visit.Found, visit.Observations.Trim(),
            [.. (visit.Needs ?? []).Select(n => new VisitNeed(n with { Description = n.Description.Trim() }, nextDemandId()))],
            actor, workerId, now);
        return KeyPersonResult.Ok(person with { Visits = person.Visits.Add(recorded) });
    }

    /// <summary>Adds a demand about the person; the same demand twice is one.</summary>
    public static KeyPerson LinkDemand(KeyPerson person, string demandId) =>
        person.DemandIds.Contains(demandId) ? person : person with { DemandIds = person.DemandIds.Add(demandId) };

    public static KeyPersonDetails Normalize(KeyPersonDetails details) => details with
    {
        Name = details.Name?.Trim() ?? "",
        IdNumber = IdNumbers.Normalize(details.IdNumber ?? ""),
        Phone = string.IsNullOrWhiteSpace(details.Phone) ? null : details.Phone.Trim(),
        CommunityId = details.CommunityId?.Trim() ?? "",
        Categories = [.. (details.Categories ?? []).OrderBy(c => c.CategoryId, StringComparer.Ordinal)],
        Notes = string.IsNullOrWhiteSpace(details.Notes) ? null : details.Notes.Trim(),
    };

    private static Refusal Refused(ImmutableList<FieldProblem> problems) =>
        new(RefusalKind.Invalid, string.Join(" ", problems.Select(p => p.Message)), problems[0].Field);

    private static bool SameDetails(KeyPersonDetails a, KeyPersonDetails b) =>
        a with { Categories = [] } == b with { Categories = [] } && a.Categories.SequenceEqual(b.Categories);

    private static IEnumerable<string> Changes(KeyPersonDetails before, KeyPersonDetails after)
    {
        if (before.Name != after.Name) { yield return "name"; }
        if (before.Phone != after.Phone) { yield return "phone"; }
        if (before.CommunityId != after.CommunityId) { yield return "community"; }
        if (!before.Categories.SequenceEqual(after.Categories)) { yield return "categories"; }
        if (before.RiskLevel != after.RiskLevel) { yield return "risk level"; }
        if (before.Notes != after.Notes) { yield return "notes"; }
    }
}
