using System.Diagnostics;
using System.Text.Json;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Grains;
using Dispatch.Contracts.Live;
using Dispatch.Grains.Live;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.Live;
using Dispatch.Web.Tests.Infrastructure;

namespace Dispatch.Web.Tests.Live;

/// <summary>
/// The official JavaScript SignalR client (npm <c>@microsoft/signalr</c>, <c>js-client/</c>) on a host running the demo
/// as users see it: the simulator reporting and walking demands and recording visits, demo key persons being
/// registered, and meanwhile people registered through the API and a directory edit. This is the long live test (75 seconds of
/// it; six rounds of edits): a key-person change the JSON protocol could not write once aborted every dispatcher's connection.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class JsClientSoakTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan SoakFor = TimeSpan.FromSeconds(75);
    private static readonly string ClientFolder = Path.Combine(BrowserFixture.RepositoryRoot(), "tests", "Dispatch.Web.Tests", "Live", "js-client");

    private static readonly DispatchUser[] Users =
    [
        new(DemoUsers.Dispatcher, "", ActorRole.Dispatcher),
        new(DemoUsers.HeadOf(LiveEdits.Station), "", ActorRole.StationHead, LiveEdits.Station),
        new(DemoUsers.HeadOf("shaxi"), "", ActorRole.StationHead, "shaxi"),
    ];

    [Fact]
    public async Task Long_soak_js_clients_stay_connected_through_the_simulator_and_receive_every_change_they_may_see_in_order()
    {
        await using var app = new DispatchAppFactory(azurite, settings: new Dictionary<string, string>
        {
            ["Dispatch:Simulator:Enabled"] = "true",
            ["Dispatch:Simulator:StepDelaySeconds"] = "5",
            ["Dispatch:Simulator:VisitsPerMinute"] = "20",
            // One person per community (157): registered, with their visits so far, while the clients listen.
            ["Dispatch:DemoData:KeyPersonsPerCommunity"] = "1",
        }) { RealTime = true };
        var root = app.StartOnKestrel();
        var log = app.Grains.GetGrain<ILiveChangeLogGrain>(LiveLog.Key);
        await using var clients = await JsClients.Start(root, Users.Select(u => u.UserName));
        // Where the log stood once every client listened: from here on, each must get all it may see.
        var start = await log.Since(Guid.Empty, 0);
        var (epoch, from) = (start.Epoch, start.Sequence);

        const int Rounds = 6;
        var random = new Random(7);
        for (var round = 1; round <= Rounds; round++)
        {
            await Task.Delay(SoakFor / Rounds);
            clients.AssertConnected();
            await LiveEdits.RegisterPerson(app, random);
            if (round == Rounds / 2)
            {
                await LiveEdits.EditDirectory(app);
            }
        }
        // A last directory edit goes to every client: once each has it, each has had everything before it.
        await LiveEdits.EditDirectory(app);
        var until = (await log.Since(epoch, from)).Messages.Last(m => m.Change.Kind == LiveChangeKind.Directory).Sequence;
        var events = await clients.Finish(epoch, until, from);

        var logged = (await log.Since(epoch, from)).Messages.Where(m => m.Sequence <= until).ToList();
        Assert.Contains(logged, m => m.Change.Kind == LiveChangeKind.Demand);
        Assert.Contains(logged, m => m.Change.Kind == LiveChangeKind.KeyPerson);
        Assert.Equal(2, logged.Count(m => m.Change.Kind == LiveChangeKind.Directory));
        Assert.DoesNotContain(events, e => e.Event is "closed" or "error" or "reload");
        foreach (var user in Users)
        {
            var mine = events.Where(e => e.User == user.UserName).ToList();
            var expected = logged.Where(m => LiveGroups.MaySee(user, m.Change)).Select(m => m.Sequence).ToList();
            var pushed = mine.Where(e => e.Event == "changes").SelectMany(e => e.Sequences!).ToList();
            Assert.All(mine.Where(e => e.Epoch is not null), e => Assert.Equal(epoch, e.Epoch));
            // In order, none twice, none missing, none it may not see.
            Assert.Equal(pushed.Order().Distinct(), pushed);
            Assert.Equal(expected, pushed.Where(s => s > from && s <= until));
            var resumed = Assert.Single(mine, e => e.Event == "resumed");
            Assert.False(resumed.SnapshotNeeded);
            Assert.Equal(expected, resumed.Sequences!.Where(s => s <= until));
        }
    }

    /// <summary>One JSON line of <c>hub-clients.mjs</c>.</summary>
    private sealed record ClientEvent(
        string Event, string? User = null, Guid? Epoch = null, long? Sequence = null, long[]? Sequences = null, string[]? Kinds = null,
        bool? SnapshotNeeded = null, string? Error = null);

    /// <summary>The node process running <c>hub-clients.mjs</c>, its dependencies installed from the lock file once.</summary>
    private sealed class JsClients : IAsyncDisposable
    {
        private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
        private readonly Process node;
        private readonly List<ClientEvent> events = [];
        private readonly TaskCompletionSource connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Task reading;

        private JsClients(Process node, int users)
        {
            this.node = node;
            reading = Task.Run(async () =>
            {
                while (await node.StandardOutput.ReadLineAsync() is { } line)
                {
                    var clientEvent = JsonSerializer.Deserialize<ClientEvent>(line, Json)!;
                    lock (events)
                    {
                        events.Add(clientEvent);
                        if (events.Count(e => e.Event == "connected") == users || clientEvent is { Event: "error" })
                        {
                            connected.TrySetResult();
                        }
                    }
                }
                connected.TrySetResult();
            });
        }

        public static async Task<JsClients> Start(Uri root, IEnumerable<string> users)
        {
            if (!File.Exists(Path.Combine(ClientFolder, "node_modules", "@microsoft", "signalr", "package.json")))
            {
                using var npm = Start("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"]);
                Assert.Equal(0, await Run(npm));
            }
            var names = users.ToList();
            var clients = new JsClients(Start("node", ["hub-clients.mjs", root.ToString(), .. names]), names.Count);
            // Bounded only so a client that never connects fails the test instead of hanging it.
            await clients.connected.Task.WaitAsync(TimeSpan.FromMinutes(2));
            clients.AssertConnected();
            return clients;
        }

        /// <summary>Fails as soon as a client lost its connection or could not connect, not only at the end of the soak.</summary>
        public void AssertConnected() => Assert.DoesNotContain(Events, e => e.Event is "closed" or "error");

        /// <summary>Asks every client to resume once it has seen <paramref name="until"/>, then to stop; returns every event.</summary>
        public async Task<IReadOnlyList<ClientEvent>> Finish(Guid epoch, long until, long resumeFrom)
        {
            await node.StandardInput.WriteLineAsync(JsonSerializer.Serialize(new { epoch, until, resumeFrom }, Json));
            await node.StandardInput.FlushAsync();
            Assert.Equal(0, await Run(node));
            await reading;
            Assert.Contains(Events, e => e.Event == "done");
            return Events;
        }

        private IReadOnlyList<ClientEvent> Events
        {
            get
            {
                lock (events)
                {
                    return [.. events];
                }
            }
        }

        private static Process Start(string program, IEnumerable<string> arguments)
        {
            var start = new ProcessStartInfo(program)
            {
                WorkingDirectory = ClientFolder,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                Environment = { ["DISPATCH_PASSWORD"] = DemoUsers.Password },
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
            return Process.Start(start)!;
        }

        /// <summary>The exit code; bounded only so a stuck process fails the test instead of hanging it.</summary>
        private static async Task<int> Run(Process process)
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
            return process.ExitCode;
        }

        public async ValueTask DisposeAsync()
        {
            if (!node.HasExited)
            {
                node.Kill();
                await node.WaitForExitAsync();
            }
            node.Dispose();
        }
    }
}
