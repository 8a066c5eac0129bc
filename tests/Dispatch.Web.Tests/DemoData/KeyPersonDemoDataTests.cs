using Dispatch.Contracts.Directory;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Web.DemoData;

namespace Dispatch.Web.Tests.DemoData;

public sealed class KeyPersonDemoDataTests
{
    private static readonly ReferenceData City = TaicangDemoData.Create();
    private static readonly DateOnly Today = new(2026, 11, 22);
    private static readonly IReadOnlyList<DemoKeyPerson> People = KeyPersonDemoData.Create(City, perCommunity: 8, Today, seed: 7);

    [Fact]
    public void Every_demo_person_is_a_valid_register_entry_with_a_unique_id_number()
    {
        Assert.Equal(City.Communities.Count * 8, People.Count);
        Assert.All(People, p => Assert.Empty(KeyPersonRules.Check(p.Details, City)));
        Assert.Equal(People.Count, People.Select(p => p.Details.IdNumber).Distinct().Count());
        Assert.All(People, p => Assert.StartsWith("320585", p.Details.IdNumber));
    }

    [Fact]
    public void Demo_visits_are_ones_the_register_accepts_today_and_some_temporary_categories_are_in_use()
    {
        Assert.All(People.SelectMany(p => p.Visits), v => Assert.Empty(KeyPersonRules.Check(v, Today)));
        Assert.Contains(People, p => p.Details.Categories.Any(c => City.FindCategory(c.CategoryId)!.IsTemporary));
        var visitedThisMonth = People.Count(p => p.Visits.Any(v => v.On.Month == Today.Month));
        Assert.InRange(visitedThisMonth, People.Count / 4, People.Count * 9 / 10);
    }

    [Fact]
    public void The_same_seed_gives_the_same_people() =>
        Assert.Equal(
            People.Select(p => p.Details.IdNumber),
            KeyPersonDemoData.Create(City, perCommunity: 8, Today, seed: 7).Select(p => p.Details.IdNumber));
}
