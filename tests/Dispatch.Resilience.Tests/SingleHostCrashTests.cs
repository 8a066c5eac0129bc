using System.Diagnostics;
using Dispatch.Contracts.Demands;
using Dispatch.Resilience.Tests.Harness;
using Dispatch.Testing;
using Xunit.Abstractions;

namespace Dispatch.Resilience.Tests;

/// <summary>One host process (localhost clustering) killed with SIGKILL under load, then started again on the same storage.</summary>
[Collection(ProcessCollection.Name)]
public sealed class SingleHostCrashTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    /// <summary>SLA targets at 1/60: an urgent demand must be accepted within 15 s (DESIGN.md: 15 min).</summary>
    private const double SlaScale = 1.0 / 60;

    private static readonly TimeSpan UrgentAcceptWithin = TimeSpan.FromMinutes(15) * SlaScale;

    [Fact]
    public async Task A_host_killed_mid_load_restarts_with_everything_acknowledged_and_fires_the_reminder_that_fell_due_while_it_was_down()
    {
        var run = Stopwatch.StartNew();
        var settings = NodeSettings.SharedStorage(azurite);
        settings["Dispatch:DemoData:SlaScale"] = SlaScale.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var host = new DispatchNode("host", settings);
        await host.Start();

        using var flows = new DemandFlows([host]);
        await flows.SignIn(host);
        using var stop = new CancellationTokenSource();
        var load = flows.Run(clients: 3, stop.Token);
        await NodeSettings.Until(() => flows.Acknowledged.Count >= 20, TimeSpan.FromMinutes(2), "20 acknowledged operations before the kill");

        // An urgent demand waiting for acceptance: its SLA reminder is due while the host is down.
        var lane = flows.Lanes[0];
        var urgent = DemandFlows.IdOf((await flows.Report(lane, Urgency.Urgent, client: 0, stop.Token))!.Value);
        var dispatched = (await flows.Advance(urgent, DemandState.Reported, lane, client: 0, stop.Token))!.Value;
        var dueAt = dispatched.GetProperty("dispatchedAt").GetDateTimeOffset() + UrgentAcceptWithin;
        host.KillHard();
        var killedAt = DateTime.UtcNow;
        var beforeKill = flows.Acknowledged.Count;
        Assert.True(DateTimeOffset.UtcNow < dueAt, "the host must die before the acceptance deadline for this test to mean anything");

        await NodeSettings.Until(() => DateTimeOffset.UtcNow > dueAt + TimeSpan.FromSeconds(1), UrgentAcceptWithin * 2, "the acceptance deadline to pass while the host is down");
        var restartedAt = DateTimeOffset.UtcNow;
        await host.Start();
        output.WriteLine($"killed after {beforeKill} acknowledgements; down {(restartedAt - killedAt).TotalSeconds:0} s; healthy again {(DateTimeOffset.UtcNow - restartedAt).TotalSeconds:0} s after the restart");
        await NodeSettings.Until(() => flows.Acknowledged.Count >= beforeKill + 10, TimeSpan.FromMinutes(2), "10 acknowledged operations after the restart");
        await stop.CancelAsync();
        await load;

        var history = flows.Acknowledged;
        var finalRead = await HistoryCheck.FinalRead(flows, host, history.Select(a => a.DemandId));
        var problems = HistoryCheck.Problems(history, finalRead);
        output.WriteLine($"Jepsen check: {history.Count} acknowledged operations on {finalRead.Count} demands, {flows.UnknownOutcomes} requests without an answer");
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        // Nothing but the reminder acts on the urgent demand after the restart (reads do not check the SLA).
        var breach = await UntilBreached(flows, host, urgent, TimeSpan.FromMinutes(3));
        output.WriteLine($"the overdue SLA reminder fired {(breach - restartedAt).TotalSeconds:0} s after the restart; whole test {run.Elapsed.TotalSeconds:0} s");
        Assert.True(breach > restartedAt, $"the breach was recorded at {breach:O}, before the restart at {restartedAt:O}");
    }

    private static async Task<DateTimeOffset> UntilBreached(DemandFlows flows, DispatchNode host, string id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var demand = await flows.Read(host, id);
            var breach = demand?.GetProperty("timeline").EnumerateArray().FirstOrDefault(e => e.GetProperty("kind").GetString() == nameof(DemandEventKind.SlaBreached));
            if (breach is { ValueKind: System.Text.Json.JsonValueKind.Object } found)
            {
                return found.GetProperty("at").GetDateTimeOffset();
            }
            Assert.True(DateTime.UtcNow < deadline, $"no SLA breach recorded on {id} within {timeout.TotalMinutes:0} min of the restart");
            await Task.Delay(500);
        }
    }
}
