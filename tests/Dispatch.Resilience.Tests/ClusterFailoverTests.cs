using System.Diagnostics;
using Dispatch.Resilience.Tests.Harness;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.Testing;
using Xunit.Abstractions;

namespace Dispatch.Resilience.Tests;

/// <summary>
/// Three co-hosted web + silo processes in one cluster (Redis membership, Azurite storage) under load; one is killed
/// with SIGKILL mid-flow. The node killed is the first started, which holds the grains every host uses at once (the
/// city directory, the user directory, the live log), as well as its share of the demands.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class ClusterFailoverTests(AzuriteFixture azurite, RedisServer redis, ITestOutputHelper output) : IClassFixture<RedisServer>
{
    private static readonly TimeSpan ReactivationLimit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Killing_a_silo_mid_flow_loses_no_acknowledged_operation_and_its_grains_come_back_on_the_survivors()
    {
        var run = Stopwatch.StartNew();
        var settings = NodeSettings.SharedStorage(azurite);
        settings["Dispatch:Orleans:Clustering"] = "Redis";
        settings["Dispatch:Orleans:Redis"] = redis.ConnectionString;
        settings["Dispatch:Orleans:ClusterId"] = $"resilience-{Guid.NewGuid():N}";
        await using var doomed = new DispatchNode("node1", settings);
        await using var second = new DispatchNode("node2", settings);
        await using var third = new DispatchNode("node3", settings);
        await doomed.Start();
        await Task.WhenAll(second.Start(), third.Start());
        output.WriteLine($"3 nodes healthy after {run.Elapsed.TotalSeconds:0} s");
        // One key ring for all: a form from one node posts to another, and the cookie it sets opens the third.
        Assert.Equal(System.Net.HttpStatusCode.OK, await CrossNodeSignIn.Status(doomed, second, third));

        using var flows = new DemandFlows([doomed, second, third]);
        await flows.SignIn(second);
        await using var screen = await HubListener.Connect(second.Root, flows.TokenOf(DemoUsers.Dispatcher));
        using var stop = new CancellationTokenSource();
        var load = flows.Run(clients: 6, stop.Token);

        await NodeSettings.Until(() => flows.Acknowledged.Count >= 40, TimeSpan.FromMinutes(2), "40 acknowledged operations before the kill");
        var beforeKill = flows.Acknowledged;
        var killedAt = DateTime.UtcNow;
        doomed.KillHard();

        var reactivation = await UntilEverythingAnswers(flows, [second, third], beforeKill.Select(a => a.DemandId).Distinct().ToList());
        output.WriteLine($"killed node1 after {beforeKill.Count} acknowledgements; its grains answered again on the survivors after {reactivation.TotalSeconds:0.0} s");

        // A screen on a survivor sees changes acknowledged after the kill (the live log itself died with node1).
        await NodeSettings.Until(
            () => flows.Acknowledged.Any(a => a.AckedAt > killedAt && screen.Messages.Any(m => m.Change.Demand?.Summary is { } s && s.Id == a.DemandId && s.Version == a.Version)),
            TimeSpan.FromSeconds(60), "a change made after the kill on the survivor's hub");
        await NodeSettings.Until(() => flows.Acknowledged.Count(a => a.AckedAt > killedAt) >= 30, TimeSpan.FromMinutes(2), "30 acknowledged operations after the kill");
        await stop.CancelAsync();
        await load;

        var history = flows.Acknowledged;
        var finalRead = await HistoryCheck.FinalRead(flows, third, history.Select(a => a.DemandId));
        var problems = HistoryCheck.Problems(history, finalRead);
        output.WriteLine($"Jepsen check: {history.Count} acknowledged operations ({history.Count(a => a.AckedAt > killedAt)} after the kill) on {finalRead.Count} demands, " +
                         $"{flows.UnknownOutcomes} requests without an answer; whole test {run.Elapsed.TotalSeconds:0} s");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(reactivation < ReactivationLimit, $"grains of the killed silo answered only after {reactivation.TotalSeconds:0.0} s");
    }

    /// <summary>
    /// Time from the kill until the survivors answer for everything that may have lived on the killed silo: the city
    /// directory and every demand acknowledged before the kill.
    /// </summary>
    private static async Task<TimeSpan> UntilEverythingAnswers(DemandFlows flows, IReadOnlyList<DispatchNode> survivors, IReadOnlyList<string> demandIds)
    {
        var since = Stopwatch.StartNew();
        var pending = demandIds.Select(id => $"api/demands/{id}").Prepend("api/stations").ToList();
        for (var round = 0; pending.Count > 0; round++)
        {
            Assert.True(since.Elapsed < TimeSpan.FromMinutes(2), $"{pending.Count} reads still failing two minutes after the kill: {string.Join(", ", pending.Take(5))}");
            var survivor = survivors[round % survivors.Count];
            var answered = await Task.WhenAll(pending.Select(async path => (path, ok: await flows.Answers(survivor, path, TimeSpan.FromSeconds(10)))));
            pending = [.. answered.Where(a => !a.ok).Select(a => a.path)];
            if (pending.Count > 0)
            {
                await Task.Delay(200);
            }
        }
        return since.Elapsed;
    }
}
