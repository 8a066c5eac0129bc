using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using static Dispatch.Grains.Tests.TestCity;

namespace Dispatch.Grains.Tests;

/// <summary>The races at the grain: many commands on one demand at once, one wins, every refusal names it.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RaceTests(ClusterFixture fixture)
{
    private const int Rounds = 5;
    private const int Accepts = 100;

    [Fact]
    public async Task Of_a_hundred_concurrent_accepts_one_is_recorded_and_every_refusal_names_it()
    {
        var heads = Enumerable.Range(1, Accepts)
            .Select(i => ChengxiangHead with { UserName = $"u-head-cx-{i}", DisplayName = $"站长{i}号" })
            .ToList();
        for (var round = 1; round <= Rounds; round++)
        {
            var grain = fixture.Demand(NewDemandId("race"));
            await grain.Execute(Report(Xinhua), Dispatcher).Ok();
            await grain.Execute(new DispatchDemand(ChengxiangStation), Dispatcher).Ok();

            var results = await Task.WhenAll(heads.Select(head => grain.Execute(new AcceptDemand(), head)));

            var won = Assert.Single(results, r => r.Succeeded).Demand!;
            var accepted = Assert.Single(won.Timeline, e => e.Kind == DemandEventKind.Accepted);
            var refusals = results.Where(r => !r.Succeeded).Select(r => r.Refusal!).ToList();
            Assert.Equal(Accepts - 1, refusals.Count);
            Assert.All(refusals, refusal =>
            {
                Assert.Equal(RefusalKind.InvalidState, refusal.Kind);
                Assert.Equal(accepted, refusal.Winner);
            });
            Assert.Equal(won.Timeline, (await grain.Get())!.Timeline);   // records hold lists by reference: compare the events
        }
    }
}
