using System.Diagnostics;
using Dispatch.Resilience.Tests.Harness;
using Dispatch.Testing;
using Xunit.Abstractions;

namespace Dispatch.Resilience.Tests;

/// <summary>
/// One host process stopped as Ctrl+C or a service manager stops it (SIGTERM) under load, then started again on the same
/// storage. Requests in flight at the stop may fail; none that was acknowledged may be lost.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class GracefulStopTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    /// <summary>
    /// A bound for a hung shutdown, not a performance figure: the host's own shutdown timeout is 30 s and the silo's
    /// leaving takes a few seconds more.
    /// </summary>
    private static readonly TimeSpan StopBound = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_host_stopped_with_SIGTERM_mid_load_exits_cleanly_and_restarts_with_everything_acknowledged()
    {
        await using var host = new DispatchNode("host", NodeSettings.SharedStorage(azurite));
        await host.Start();
        using var flows = new DemandFlows([host]);
        await flows.SignIn(host);
        using var stop = new CancellationTokenSource();
        var load = flows.Run(clients: 3, stop.Token);
        await NodeSettings.Until(() => flows.Acknowledged.Count >= 20, TimeSpan.FromMinutes(2), "20 acknowledged operations before the stop");

        var stopping = Stopwatch.StartNew();
        var exitCode = await host.Terminate(StopBound);
        var stoppedIn = stopping.Elapsed;
        var beforeStop = flows.Acknowledged.Count;
        Assert.True(exitCode is not null, $"the host was still running {StopBound.TotalSeconds:0} s after SIGTERM:\n{host.Output}");
        Assert.True(exitCode == 0, $"the host exited with {exitCode} after SIGTERM:\n{host.Output}");

        await host.Start();
        await NodeSettings.Until(() => flows.Acknowledged.Count >= beforeStop + 10, TimeSpan.FromMinutes(2), "10 acknowledged operations after the restart");
        await stop.CancelAsync();
        await load;

        var history = flows.Acknowledged;
        var finalRead = await HistoryCheck.FinalRead(flows, host, history.Select(a => a.DemandId));
        var problems = HistoryCheck.Problems(history, finalRead);
        output.WriteLine($"stopped in {stoppedIn.TotalSeconds:0.0} s after {beforeStop} acknowledgements; {history.Count} acknowledged operations on {finalRead.Count} demands, {flows.UnknownOutcomes} requests without an answer");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
