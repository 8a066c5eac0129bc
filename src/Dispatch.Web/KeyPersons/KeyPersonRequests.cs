using System.Collections.Immutable;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.KeyPersons;

namespace Dispatch.Web.KeyPersons;

// Request bodies. Everything is nullable so a missing field becomes a field error, not a binder failure.

public sealed record KeyPersonRequest(
    string? Name, string? IdNumber, string? Phone, string? CommunityId, List<CategoryRequest?>? Categories, RiskLevel? RiskLevel,
    string? Notes)
{
    /// <summary>The entry, or every field the request leaves without a value; the register's rules check the rest.</summary>
    public (KeyPersonDetails? Details, Dictionary<string, string[]> Missing) ToDetails()
    {
        var missing = new Dictionary<string, string[]>();
        var categories = ImmutableList.CreateBuilder<CategoryMembership>();
        for (var i = 0; i < (Categories?.Count ?? 0); i++)
        {
            if (Categories![i] is not { CategoryId: { } id, Since: { } since } category)
            {
                missing[$"categories[{i}]"] = [$"categories[{i}] needs a categoryId and a since date."];
                continue;
            }
            categories.Add(new CategoryMembership(id, since, category.Until));
        }
        return missing.Count > 0
            ? (null, missing)
            : (new KeyPersonDetails(Name ?? "", IdNumber ?? "", Phone, CommunityId ?? "", categories.ToImmutable(), RiskLevel, Notes), missing);
    }
}

public sealed record CategoryRequest(string? CategoryId, DateOnly? Since, DateOnly? Until);

public sealed record VisitRequest(DateOnly? On, bool? Found, string? Observations, List<NeedRequest?>? Needs)
{
    public (RecordVisit? Visit, Dictionary<string, string[]> Missing) ToVisit()
    {
        var missing = new Dictionary<string, string[]>();
        if (On is null)
        {
            missing["on"] = ["on is required (yyyy-MM-dd)."];
        }
        if (Found is null)
        {
            missing["found"] = ["found is required: whether the person was found at home."];
        }
        var needs = ImmutableList.CreateBuilder<NeedFound>();
        for (var i = 0; i < (Needs?.Count ?? 0); i++)
        {
            if (Needs![i] is not { ServiceType: { } type, Urgency: { } urgency } need)
            {
                missing[$"needs[{i}]"] = [$"needs[{i}] needs a description, a serviceType and an urgency."];
                continue;
            }
            needs.Add(new NeedFound(need.Description ?? "", type, urgency));
        }
        return missing.Count > 0 ? (null, missing) : (new RecordVisit(On!.Value, Found!.Value, Observations ?? "", needs.ToImmutable()), missing);
    }
}

public sealed record NeedRequest(string? Description, ServiceType? ServiceType, Urgency? Urgency);
