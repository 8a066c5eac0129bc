using System.Diagnostics;
using Dispatch.BlobStorage;
using Dispatch.Web.Testing;

namespace Dispatch.Resilience.Tests.Harness;

/// <summary>
/// The system started exactly as the README's Quick start does: <c>bash scripts/run.sh</c> from the repository root (it
/// builds, starts the local store (MariaDB and Azurite) and the app as Production with the demo data, the demo users and
/// the simulator), on free ports and with its local store (the databases and the signing key) in <see cref="DataFolder"/>.
/// The script runs as the leader of a session of its own, so <see cref="Interrupt"/> reaches its process group as Ctrl+C
/// in its terminal would (the store, in a session of its own, is stopped by the script after the app), and
/// <see cref="KillEverything"/> leaves nothing behind, as a power cut would.
/// </summary>
public sealed class ReadmeSystem : IApiHost, IAsyncDisposable
{
    /// <summary>run.sh builds before it starts the app: on a busy 2-core machine that takes a while.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    private readonly IReadOnlyDictionary<string, string> environment;
    private readonly bool ownsDataFolder;
    private ChildProcess? script;

    /// <param name="dataFolder">DISPATCH_DATA: pass the folder of an earlier run to restart on its store; without one, a new temp folder, deleted on dispose.</param>
    /// <param name="environment">More variables for run.sh (e.g. <c>DISPATCH_SIMULATOR=false</c>).</param>
    public ReadmeSystem(string? dataFolder = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        ownsDataFolder = dataFolder is null;
        DataFolder = dataFolder ?? Directory.CreateTempSubdirectory("dispatch-readme-").FullName;
        this.environment = environment ?? new Dictionary<string, string>();
        Root = new Uri($"http://127.0.0.1:{FreePorts.Next()}/");
        AppDomain.CurrentDomain.ProcessExit += KillOnHostExit;
    }

    /// <summary>DISPATCH_URL: where the app answers.</summary>
    public Uri Root { get; }

    /// <summary>DISPATCH_BLOB_PORT: where run.sh's Azurite listens.</summary>
    public int BlobPort { get; private set; }

    /// <summary>Azurite's published development account on <see cref="BlobPort"/>.</summary>
    public string BlobConnection => BlobStorageOptions.AzuriteConnectionString.Replace(":10000/", $":{BlobPort}/");

    /// <summary>DISPATCH_DB_PORT: where run.sh's MariaDB (Azurite's metadata) listens.</summary>
    public int DbPort { get; private set; }

    public string Name => "run.sh";

    /// <summary>DISPATCH_DATA: the local store (MariaDB's and Azurite's data) and the signing key.</summary>
    public string DataFolder { get; }

    /// <summary>The tail of everything the script and what it started printed.</summary>
    public string Output => script?.Output ?? "";

    /// <summary>True while any process of the script's group, or started by the script, is alive (the script, the app, the store).</summary>
    public bool HasProcessesLeft => script is not null && Processes(script.Id).Any();

    /// <summary>Starts run.sh (again, after a stop: same address and store, the store on new free ports) and waits until the app answers 200 on /health.</summary>
    public async Task Start()
    {
        // setsid execs the script in place (the test host's child is no group leader), so its pid is the group's id.
        var start = new ProcessStartInfo("setsid")
        {
            ArgumentList = { "bash", "scripts/run.sh" },
            WorkingDirectory = BrowserFixture.RepositoryRoot(),
        };
        // The README's user runs it from a plain shell: the test host's environment must not pick the app's environment.
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment["DISPATCH_URL"] = Root.ToString().TrimEnd('/');
        // The store's ports are free ones found now, at each start: the data does not depend on them, and a port free
        // at the first start may be another process's by the next on a shared machine (a power-cut run lost one so).
        BlobPort = FreePorts.Next();
        DbPort = FreePorts.Next();
        start.Environment["DISPATCH_BLOB_PORT"] = BlobPort.ToString();
        start.Environment["DISPATCH_DB_PORT"] = DbPort.ToString();
        start.Environment["DISPATCH_DATA"] = DataFolder;
        // The silo's ports are not run.sh's to choose: free ones, so the system can run beside another on this machine.
        start.Environment["Dispatch__Orleans__SiloPort"] = FreePorts.Next().ToString();
        start.Environment["Dispatch__Orleans__GatewayPort"] = FreePorts.Next().ToString();
        // The demo's year of history is imported in the background for minutes; these tests look at what they do
        // themselves, and on two cores the import would only slow them (the run-script host test checks the history).
        start.Environment["Dispatch__DemoData__HistoryMonths"] = "0";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        script?.Dispose();
        script = ChildProcess.Start(start);
        await script.UntilHealthy(Root, StartTimeout, "scripts/run.sh");
    }

    /// <summary>Ctrl+C: SIGINT to the whole group, then waits for the script to exit (it stops the app, then Azurite, then MariaDB).</summary>
    public async Task Interrupt()
    {
        Signal("INT", [$"-{script!.Id}"]);
        if (!await script!.Exited(StopTimeout))
        {
            throw new TimeoutException($"scripts/run.sh still runs {StopTimeout.TotalSeconds:0} s after Ctrl+C:\n{Output}");
        }
    }

    /// <summary>SIGKILL to every process of the group and every process the script started (app, Azurite, MariaDB): nothing shuts down cleanly.</summary>
    public void KillEverything()
    {
        if (script is null)
        {
            return;
        }
        // Found before the kill: once the script is gone, what it started in sessions of their own is no longer its child.
        var everything = Processes(script.Id).ToList();
        Signal("KILL", [$"-{script.Id}", .. everything.Select(p => p.ToString())]);
        var deadline = DateTime.UtcNow + StopTimeout;
        while (Processes(script.Id).Concat(everything).Any(IsAlive))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"processes of group {script.Id} outlived SIGKILL for {StopTimeout.TotalSeconds:0} s");
            }
            Thread.Sleep(50);
        }
    }

    public ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnHostExit;
        KillEverything();
        script?.Dispose();
        if (ownsDataFolder)
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        return ValueTask.CompletedTask;
    }

    private void KillOnHostExit(object? sender, EventArgs e) => KillEverything();

    /// <summary>
    /// The live processes of the script's group and every live descendant of the script, from /proc: a zombie waiting for
    /// its parent to reap it counts as gone.
    /// </summary>
    private static IEnumerable<int> Processes(int script)
    {
        var live = LiveProcesses().ToList();
        var found = live.Where(p => p.Group == script).Select(p => p.Id).ToHashSet();
        for (var parents = new HashSet<int> { script }; parents.Count > 0;)
        {
            parents = live.Where(p => parents.Contains(p.Parent) && found.Add(p.Id)).Select(p => p.Id).ToHashSet();
        }
        return found;
    }

    private static bool IsAlive(int id) => LiveProcesses().Any(p => p.Id == id);

    private static IEnumerable<(int Id, int Parent, int Group)> LiveProcesses()
    {
        foreach (var folder in Directory.EnumerateDirectories("/proc").Where(f => Path.GetFileName(f).All(char.IsAsciiDigit)))
        {
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(folder, "stat"));
            }
            catch (IOException)
            {
                continue; // Not a process, or it ended meanwhile.
            }
            // "pid (name) state ppid pgrp ...": the name may hold spaces and parentheses, so read from the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] != "Z")
            {
                yield return (int.Parse(Path.GetFileName(folder)), int.Parse(fields[1]), int.Parse(fields[2]));
            }
        }
    }

    /// <summary>Sends <paramref name="signal"/> with kill(1) to <paramref name="targets"/> (a pid, or -pgid for a group).</summary>
    private static void Signal(string signal, IEnumerable<string> targets)
    {
        var start = new ProcessStartInfo("kill") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in targets.Prepend("--").Prepend($"-{signal}"))
        {
            start.ArgumentList.Add(argument);
        }
        using var kill = Process.Start(start)!;
        kill.WaitForExit();
    }
}
