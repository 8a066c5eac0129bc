using Dispatch.Contracts;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Web.DemoData;

namespace Dispatch.Web.Tests.DemoData;

/// <summary>The demo's past: finished demands with a real timeline, the city's rhythm, and its share of trouble.</summary>
public sealed class DemandHistoryTests
{
    private static readonly ReferenceData City = TaicangDemoData.Create();
    private static readonly DateTimeOffset End = new(2026, 11, 22, 6, 30, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<Demand> Year = [.. DemandHistory.Generate(City, End, 12, seed: 7)];

    [Fact]
    public void The_same_seed_gives_the_same_history_and_another_seed_another()
    {
        var again = DemandHistory.Generate(City, End, 2, seed: 7).ToList();
        var twice = DemandHistory.Generate(City, End, 2, seed: 7).ToList();
        var other = DemandHistory.Generate(City, End, 2, seed: 8).ToList();

        Assert.Equal(Json(again), Json(twice));
        Assert.NotEqual(Json(again), Json(other));
    }

    [Fact]
    public void A_year_of_Taicang_is_some_ten_to_thirty_demands_a_day_with_unique_order_numbers()
    {
        Assert.InRange(Year.Count / 365.0, 10, 30);
        Assert.Equal(Year.Count, Year.Select(d => d.Id).Distinct().Count());
        Assert.All(Year, d => Assert.Matches($"^{ChinaCalendar.DateOf(d.ReportedAt):yyyyMMdd}-[0-9A-Z]{{6}}$", d.Id));
    }

    [Fact]
    public void Every_demand_is_finished_inside_the_months_asked_for_with_a_timeline_in_order()
    {
        var start = End.AddMonths(-12);
        Assert.All(Year, demand =>
        {
            Assert.False(demand.IsOpen);
            Assert.Empty(DemandStateMachine.AllowedActions(demand).Remove(DemandAction.Callback));
            Assert.Equal(Enumerable.Range(1, demand.Timeline.Count), demand.Timeline.Select(e => e.Sequence));
            Assert.Equal(DemandEventKind.Reported, demand.Timeline[0].Kind);
            Assert.All(demand.Timeline, e => Assert.InRange(e.At, start, End));
            Assert.All(demand.Timeline.Zip(demand.Timeline.Skip(1)), pair =>
            {
                Assert.True(pair.First.At <= pair.Second.At, $"{demand.Id}: event {pair.Second.Sequence} before {pair.First.Sequence}");
                Assert.Equal(pair.First.To, pair.Second.From);
            });
            if (demand.State == DemandState.Closed)
            {
                Assert.True(DemandStateMachine.AllStepsRecorded(demand), demand.Id);
                Assert.Equal(demand.HomeStationId, demand.StationId);
                Assert.Contains(City.Workers, w => w.Id == demand.WorkerId && w.StationId == demand.StationId);
            }
        });
    }

    [Fact]
    public void Days_are_busy_in_office_hours_and_quiet_at_night_and_winter_is_busier_than_spring()
    {
        var byHour = Year.CountBy(d => TimeZoneInfo.ConvertTime(d.ReportedAt, ChinaCalendar.Zone).Hour).ToDictionary();
        Assert.True(byHour[10] > 10 * byHour.GetValueOrDefault(3), $"10:00 {byHour[10]}, 03:00 {byHour.GetValueOrDefault(3)}");

        var byMonth = Year.CountBy(d => ChinaCalendar.DateOf(d.ReportedAt).Month).ToDictionary();
        Assert.True(byMonth[1] > byMonth[5], $"January {byMonth[1]}, May {byMonth[5]}");

        var byWeekday = Year.CountBy(d => ChinaCalendar.DateOf(d.ReportedAt).DayOfWeek).ToDictionary();
        Assert.True(byWeekday[DayOfWeek.Wednesday] > byWeekday[DayOfWeek.Sunday]);
    }

    [Fact]
    public void Some_are_returned_reassigned_referred_late_or_cancelled_and_most_closed_ones_rated_well()
    {
        Assert.InRange(Share(d => !d.ReturnedBy.IsEmpty), 0.03, 0.15);
        Assert.InRange(Share(d => d.State == DemandState.Cancelled), 0.01, 0.06);
        Assert.InRange(Share(d => d.Breaches.Any(b => b.Kind == Contracts.Sla.SlaKind.Acceptance)), 0.03, 0.2);
        Assert.InRange(Share(d => d.Breaches.Any(b => b.Kind == Contracts.Sla.SlaKind.Contact)), 0.03, 0.3);
        Assert.Contains(Year, d => d.Timeline.Any(e => e.IsReassignment));
        Assert.Contains(Year, d => !d.Referrals.IsEmpty && d.Referrals.All(r => !r.IsOpen));
        Assert.Equal(Enum.GetValues<ReportChannel>().Order(), Year.Select(d => d.Reporter.Channel).Distinct().Order());

        var ratings = Year.Where(d => d.SatisfactionRating is not null).Select(d => d.SatisfactionRating!.Value).ToList();
        Assert.InRange(ratings.Count / (double)Year.Count(d => d.State == DemandState.Closed), 0.75, 0.95);
        Assert.InRange(ratings.Count(r => r >= 4) / (double)ratings.Count, 0.75, 0.95);
        Assert.Contains(ratings, r => r <= 2);
    }

    [Fact]
    public void No_months_or_an_empty_directory_give_no_history()
    {
        Assert.Empty(DemandHistory.Generate(City, End, 0, seed: 7));
        Assert.Empty(DemandHistory.Generate(ReferenceData.Empty, End, 12, seed: 7));
    }

    private static double Share(Func<Demand, bool> which) => Year.Count(which) / (double)Year.Count;

    private static string Json(IEnumerable<Demand> demands) => System.Text.Json.JsonSerializer.Serialize(demands);
}
