using Dispatch.Contracts.Demands;
using Dispatch.Contracts.KeyPersons;
using static Dispatch.Contracts.Tests.KeyPersons.RegisterCity;

namespace Dispatch.Contracts.Tests.KeyPersons;

public sealed class VisitPlanTests
{
    private static readonly DateOnly November = new(2026, 11, 1);

    private static DateOnly Nov(int day) => new(2026, 11, day);

    [Fact]
    public void A_monthly_visit_is_due_by_the_last_day_and_counts_only_when_the_person_was_found()
    {
        var person = Person("p1").Visited((new DateOnly(2026, 10, 9), true));

        var due = VisitPlan.Due(person, City, November, today: Nov(22))!;
        Assert.Equal(1, due.Required);
        Assert.Equal([Nov(30)], due.DueDates);
        Assert.Equal(Nov(30), due.NextDueOn);
        Assert.Equal(9, due.DaysLeft);                 // 22nd to 30th, today included
        Assert.False(due.IsOverdue);
        Assert.Equal("w-zhang", due.WorkerId);

        var notFound = VisitPlan.Due(person.Visited((Nov(5), false)), City, November, Nov(22))!;
        Assert.Equal(0, notFound.Done);
        Assert.False(notFound.IsComplete);

        var found = VisitPlan.Due(person.Visited((Nov(5), false), (Nov(6), true)), City, November, Nov(22))!;
        Assert.Equal(1, found.Done);
        Assert.True(found.IsComplete);
        Assert.Null(found.NextDueOn);
    }

    [Theory]
    [InlineData(2026, 11, 2, new[] { 15, 30 })]          // 30 days: ⌈30/2⌉ = 15
    [InlineData(2026, 12, 2, new[] { 16, 31 })]          // 31 days: ⌈31/2⌉ = 16
    [InlineData(2027, 2, 2, new[] { 14, 28 })]           // 28 days
    [InlineData(2028, 2, 2, new[] { 15, 29 })]           // leap year: ⌈29/2⌉ = 15
    [InlineData(2026, 11, 4, new[] { 8, 15, 23, 30 })]   // ⌈30/4⌉ = 8, ⌈60/4⌉ = 15, ⌈90/4⌉ = 23, 30
    [InlineData(2026, 11, 1, new[] { 30 })]
    public void Visits_are_spread_over_the_month(int year, int month, int required, int[] days) =>
        Assert.Equal(days.Select(d => new DateOnly(year, month, d)), VisitPlan.DueDates(new DateOnly(year, month, 1), required));

    [Fact]
    public void A_visit_on_the_last_day_of_a_month_counts_for_that_month_not_the_next()
    {
        var person = Person("p1").Visited((new DateOnly(2026, 10, 31), true));

        Assert.True(VisitPlan.Due(person, City, new DateOnly(2026, 10, 1), Nov(1))!.IsComplete);
        Assert.False(VisitPlan.Due(person, City, November, Nov(1))!.IsComplete);
        Assert.True(VisitPlan.Due(person.Visited((new DateOnly(2026, 10, 31), true), (Nov(1), true)), City, November, Nov(1))!.IsComplete);
    }

    [Fact]
    public void A_temporary_category_asks_for_visits_only_in_the_months_it_overlaps()
    {
        var evacuee = Person("p1", categories: new CategoryMembership("cat-flood", new DateOnly(2026, 7, 1), Until: Nov(30)));

        Assert.NotNull(VisitPlan.Due(evacuee, City, November, Nov(22)));
        Assert.Null(VisitPlan.Due(evacuee, City, new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 1)));

        var endedInOctober = Person("p2", categories: new CategoryMembership("cat-flood", new DateOnly(2026, 7, 1), Until: new DateOnly(2026, 10, 31)));
        Assert.Null(VisitPlan.Due(endedInOctober, City, November, Nov(22)));

        var startsMidMonth = Person("p3", categories: new CategoryMembership("cat-flood", Nov(15), Until: new DateOnly(2027, 1, 15)));
        Assert.NotNull(VisitPlan.Due(startsMidMonth, City, November, Nov(22)));
        Assert.Null(VisitPlan.Due(startsMidMonth, City, new DateOnly(2026, 10, 1), Nov(22)));
    }

    [Theory]
    [InlineData("cat-dibao", null, 1)]
    [InlineData("cat-dibao", RiskLevel.Low, 1)]
    [InlineData("cat-dibao", RiskLevel.Medium, 1)]
    [InlineData("cat-dibao", RiskLevel.High, 2)]       // high risk raises a monthly category to fortnightly
    [InlineData("cat-disabled", RiskLevel.Low, 2)]     // risk never lowers what the category asks
    [InlineData("cat-disabled", RiskLevel.High, 2)]
    public void Risk_raises_the_frequency_of_the_category(string categoryId, RiskLevel? risk, int required) =>
        Assert.Equal(required, VisitPlan.RequiredVisits(
            Person("p1", risk: risk, categories: new CategoryMembership(categoryId, new DateOnly(2025, 1, 1))), City, November));

    [Fact]
    public void The_most_frequent_active_category_sets_the_plan()
    {
        var both = Person("p1", categories:
        [
            new CategoryMembership("cat-dibao", new DateOnly(2025, 1, 1)),
            new CategoryMembership("cat-disabled", new DateOnly(2025, 1, 1), Until: new DateOnly(2026, 10, 31)),
        ]);

        Assert.Equal(2, VisitPlan.RequiredVisits(both, City, new DateOnly(2026, 10, 1)));
        Assert.Equal(1, VisitPlan.RequiredVisits(both, City, November));
    }

    [Fact]
    public void A_visit_is_overdue_once_its_due_date_has_passed_without_it()
    {
        var october = new DateOnly(2026, 10, 10);
        var fortnightly = Person("p1", risk: RiskLevel.High).Visited((october, true), (october, true));

        Assert.False(VisitPlan.Due(fortnightly, City, November, Nov(15))!.IsOverdue);    // due today
        Assert.True(VisitPlan.Due(fortnightly, City, November, Nov(16))!.IsOverdue);
        var onceVisited = fortnightly.Visited((october, true), (october, true), (Nov(3), true));
        Assert.False(VisitPlan.Due(onceVisited, City, November, Nov(16))!.IsOverdue);  // next is due on the 30th
        Assert.True(VisitPlan.Due(onceVisited, City, November, new DateOnly(2026, 12, 1))!.IsOverdue); // the month is over
    }

    [Fact]
    public void Missing_last_month_makes_this_month_overdue_until_the_first_visit()
    {
        var person = Person("p1");

        var missed = VisitPlan.Due(person, City, November, Nov(2))!;
        Assert.True(missed.MissedLastMonth);
        Assert.True(missed.IsOverdue);

        var caughtUp = VisitPlan.Due(person.Visited((Nov(2), true)), City, November, Nov(2))!;
        Assert.True(caughtUp.MissedLastMonth);
        Assert.False(caughtUp.IsOverdue);

        var keptUp = VisitPlan.Due(person.Visited((new DateOnly(2026, 10, 20), true)), City, November, Nov(2))!;
        Assert.False(keptUp.MissedLastMonth);
        Assert.False(keptUp.IsOverdue);
    }

    [Fact]
    public void Rates_count_people_visited_over_people_due_per_worker_community_station_and_city()
    {
        var october = new DateOnly(2026, 10, 15);
        var people = new[]
        {
            Person("a", "c-xinhua").Visited((october, true), (Nov(3), true)),                // complete
            Person("b", "c-xinhua").Visited((october, true)),                                // due, not yet
            Person("c", "c-dongmen", RiskLevel.High).Visited((october, true), (october, true), (Nov(4), true)), // 1 of 2, next due 30th
            Person("d", "c-shaxi").Visited((october, true), (Nov(1), true)),                  // complete
            Person("e", "c-shaxi"),                                                            // missed October: overdue
            Person("f", "c-shaxi", categories: new CategoryMembership("cat-flood", new DateOnly(2026, 6, 1), Until: new DateOnly(2026, 9, 30))), // not due
        };

        var rates = VisitPlan.Rates(people, City, November, Nov(22));

        Assert.Equal(new VisitRate(Due: 5, Visited: 2, Overdue: 1), rates.City);
        Assert.Equal(0.4, rates.City.Rate);
        Assert.Equal(new VisitRate(3, 1, 0), rates.ByStation["st-cx"]);
        Assert.Equal(new VisitRate(2, 1, 1), rates.ByStation["st-sx"]);
        Assert.Equal(new VisitRate(2, 1, 0), rates.ByCommunity["c-xinhua"]);
        Assert.Equal(new VisitRate(1, 0, 0), rates.ByCommunity["c-dongmen"]);
        Assert.Equal(new VisitRate(3, 1, 0), rates.ByWorker["w-zhang"]);
        Assert.Equal(new VisitRate(2, 1, 1), rates.ByWorker["w-li"]);
        Assert.Equal(9, rates.DaysLeft);
        Assert.Null(VisitRate.None.Rate);

        var plan = VisitPlan.Plan(people, City, November, Nov(22));
        Assert.Equal(["e", "b", "c", "a", "d"], plan.Select(d => d.PersonId));   // overdue first, complete last
    }
}
