using System.Diagnostics;
using System.Reflection;

namespace Dispatch.Resilience.Tests.Harness;

/// <summary>
/// One web + silo host as its own OS process: the Release (or Debug) build of <c>src/Dispatch.Web</c> run with
/// <c>dotnet Dispatch.Web.dll</c>, configured by environment variables, so a test can <c>kill -9</c> it.
/// </summary>
public sealed class DispatchNode : IApiHost, IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly IReadOnlyDictionary<string, string> settings;
    private readonly DirectoryInfo home = Directory.CreateTempSubdirectory("dispatch-node-");
    private ChildProcess? process;

    /// <param name="settings">Configuration keys (<c>Dispatch:Orleans:Clustering</c> …) shared with the other nodes.</param>
    public DispatchNode(string name, IReadOnlyDictionary<string, string> settings)
    {
        Name = name;
        this.settings = settings;
        Root = new Uri($"http://127.0.0.1:{FreePorts.Next()}/");
    }

    public string Name { get; }

    public Uri Root { get; }

    public bool IsRunning => process is { HasExited: false };

    public string Output => process?.Output ?? "";

    /// <summary>Starts the process (again, after a kill: same web address and storage, new silo ports) and waits until /health answers 200.</summary>
    public async Task Start()
    {
        var project = Metadata("DispatchWebProject");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(project, Metadata("DispatchWebOutput")), "--urls", Root.ToString().TrimEnd('/') },
            // The project folder is the content root, as under `dotnet run` and scripts/run.sh.
            WorkingDirectory = project,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        // A home of its own, as on a machine of its own: nothing shared through ~/.aspnet (e.g. Data Protection keys).
        start.Environment["HOME"] = home.FullName;
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings.Append(new("Dispatch:Orleans:SiloPort", FreePorts.Next().ToString()))
                     .Append(new("Dispatch:Orleans:GatewayPort", FreePorts.Next().ToString())))
        {
            start.Environment[key.Replace(":", "__")] = value;
        }
        process?.Dispose();
        process = ChildProcess.Start(start);
        await process.UntilHealthy(Root, StartTimeout, Name);
    }

    /// <summary>SIGKILL: the host gets no chance to leave the cluster, finish requests or flush anything.</summary>
    public void KillHard() => process?.KillHard();

    /// <summary>SIGTERM, as Ctrl+C: see <see cref="ChildProcess.Terminate"/>.</summary>
    public Task<int?> Terminate(TimeSpan within) => process!.Terminate(within);

    public ValueTask DisposeAsync()
    {
        process?.Dispose();
        home.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }

    private static string Metadata(string key) =>
        typeof(DispatchNode).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
