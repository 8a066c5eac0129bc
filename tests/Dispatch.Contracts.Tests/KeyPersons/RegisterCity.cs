using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Contracts.Sla;

namespace Dispatch.Contracts.Tests.KeyPersons;

/// <summary>A two-station city with monthly, fortnightly and temporary categories, and people to put in them.</summary>
internal static class RegisterCity
{
    /// <summary>The standard example of GB 11643 (check character X), and one that ends in a digit.</summary>
    public const string IdWithX = "11010519491231002X";
    public const string IdWithDigit = "320585199001011235";

    public static readonly ReferenceData City = new(
        Communities:
        [
            new("c-xinhua", "新华社区", "st-cx", CommunityKind.Community),
            new("c-dongmen", "东门村", "st-cx", CommunityKind.Village),
            new("c-shaxi", "沙溪社区", "st-sx", CommunityKind.Community),
        ],
        Stations:
        [
            new("st-cx", "城厢镇社工站", "陈站长", "0512-1", "Asia/Shanghai"),
            new("st-sx", "沙溪镇社工站", "周站长", "0512-2", "Asia/Shanghai"),
        ],
        Workers:
        [
            new("w-zhang", "张社工", "st-cx", Certification.Assistant, ["c-xinhua", "c-dongmen"], "138"),
            new("w-li", "李社工", "st-sx", Certification.None, ["c-shaxi"], "139"),
        ],
        Categories:
        [
            new("cat-dibao", "低保对象", "Minimum living allowance", IsTemporary: false),
            new("cat-disabled", "重度残疾人", "Severely disabled", IsTemporary: false, VisitsPerMonth: 2),
            new("cat-flood", "汛期转移群众", "Flood-season evacuees", IsTemporary: true),
        ],
        Sla: SlaTargets.Default);

    public static KeyPersonSummary Person(
        string id, string communityId = "c-xinhua", RiskLevel? risk = null, params CategoryMembership[] categories) =>
        new(id, $"居民{id}", "3205**********1235", null, communityId, City.FindCommunity(communityId)!.StationId,
            categories.Length == 0 ? [new CategoryMembership("cat-dibao", new DateOnly(2025, 1, 1))] : [.. categories],
            risk, [], 0, 1);

    public static KeyPersonSummary Visited(this KeyPersonSummary person, params (DateOnly On, bool Found)[] visits) =>
        person with { Visits = [.. visits.Select(v => new VisitMark(v.On, v.Found, "w-zhang"))] };

    public static KeyPersonDetails Details(string idNumber = IdWithDigit, string communityId = "c-xinhua") => new(
        "王秀英", idNumber, "13800000000", communityId,
        [new CategoryMembership("cat-dibao", new DateOnly(2026, 1, 1))], RiskLevel.Medium, "独居，每周女儿探望一次");
}
