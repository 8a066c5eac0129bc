using System.Diagnostics;
using Dispatch.Resilience.Tests.Harness;
using Xunit.Abstractions;

namespace Dispatch.Resilience.Tests;

/// <summary>
/// The system as the README starts it (<c>bash scripts/run.sh</c>) losing power: every one of its processes (the script,
/// the app, Azurite, MariaDB) killed with SIGKILL at once, at a random moment under load, then started again with the
/// same command on the same data, several times over.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class PowerCutTests(ITestOutputHelper output)
{
    private const int Rounds = 3;
    private const int Clients = 4;

    /// <summary>Acknowledged operations each round adds before its power cut becomes possible.</summary>
    private const int OperationsPerRound = 40;

    [Fact]
    public async Task Every_acknowledged_intake_and_transition_survives_repeated_kills_of_every_process_and_restarts()
    {
        var run = Stopwatch.StartNew();
        await using var system = new ReadmeSystem();
        using var flows = new DemandFlows([system]);
        for (var round = 1; round <= Rounds; round++)
        {
            await system.Start();
            if (round == 1)
            {
                // Tokens outlive restarts: the signing key is kept with the store.
                await flows.SignIn(system);
            }
            AssertNothingLost(flows, await HistoryCheck.FinalRead(flows, system, flows.Acknowledged.Select(a => a.DemandId)), $"after restart {round - 1}");

            using var stop = new CancellationTokenSource();
            var load = flows.Run(Clients, stop.Token);
            var before = flows.Acknowledged.Count;
            // A liveness bound, not a speed target: on a loaded 2-core machine a round has taken over three minutes.
            await NodeSettings.Until(() => flows.Acknowledged.Count >= before + OperationsPerRound, TimeSpan.FromMinutes(10), $"{OperationsPerRound} acknowledged operations in round {round}");
            // The cut falls anywhere in the clients' stream of requests, not at a quiet moment.
            await Task.Delay(Random.Shared.Next(0, 2_000));
            system.KillEverything();
            await stop.CancelAsync();
            await load;
            output.WriteLine($"round {round}: power cut after {flows.Acknowledged.Count} acknowledged operations ({flows.Acknowledged.Count - before} this round), {flows.UnknownOutcomes} requests without an answer so far, {run.Elapsed.TotalSeconds:0} s");
        }

        await system.Start();
        var history = flows.Acknowledged;
        var finalRead = await HistoryCheck.FinalRead(flows, system, history.Select(a => a.DemandId));
        output.WriteLine($"{history.Count} acknowledged operations ({history.Count(a => a.Kind == Dispatch.Contracts.Demands.DemandEventKind.Reported)} intakes) on {finalRead.Count} demands over {Rounds} power cuts; whole test {run.Elapsed.TotalSeconds:0} s");
        AssertNothingLost(flows, finalRead, $"after restart {Rounds}");
        await system.Interrupt();
    }

    private void AssertNothingLost(DemandFlows flows, IReadOnlyDictionary<string, System.Text.Json.JsonElement?> finalRead, string when)
    {
        var problems = HistoryCheck.Problems(flows.Acknowledged, finalRead);
        output.WriteLine($"{when}: {problems.Count} problems in {flows.Acknowledged.Count} acknowledged operations");
        Assert.True(problems.Count == 0, $"{when}, {problems.Count} of {flows.Acknowledged.Count} acknowledged operations contradicted:\n{string.Join("\n", problems)}");
    }
}
