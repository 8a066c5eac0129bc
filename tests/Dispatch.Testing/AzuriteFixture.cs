using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Azure.Storage.Blobs;
using Xunit;

namespace Dispatch.Testing;

/// <summary>
/// A real Azurite blob server for the lifetime of one fixture instance (use as <c>IClassFixture</c> for a private server,
/// or <c>ICollectionFixture</c> to share one across the classes of a collection).
/// If <c>DISPATCH_TEST_BLOB_CONNECTION</c> is set, that storage is used instead and nothing is started.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string ExternalConnectionVariable = "DISPATCH_TEST_BLOB_CONNECTION";

    private const string AccountName = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private const string InstallHint =
        "Run the tests with 'bash scripts/test.sh' (see the README), which installs Azurite, " +
        "or install it once with: cd tools/azurite && npm ci --no-audit --no-fund; " +
        $"or point {ExternalConnectionVariable} at a running storage account.";

    // Printed by Azurite (even with --silent) once it has closed its stores on SIGTERM.
    private const string ClosedMessage = "successfully closed";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan GracefulStopTimeout = TimeSpan.FromSeconds(10);

    // Azurite saves its metadata every 5 s and on SIGTERM; a hard kill can lose the last few seconds of writes.
    private static readonly TimeSpan AzuriteAutosaveInterval = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly StringBuilder _recentOutput = new();
    private TaskCompletionSource _closed = NewSignal();
    private Process? _process;
    private string? _location;
    private readonly bool _ownsLocation;

    public AzuriteFixture()
        : this(Environment.GetEnvironmentVariable(ExternalConnectionVariable), location: null)
    {
    }

    private AzuriteFixture(string? external, string? location)
    {
        _location = location;
        _ownsLocation = location is null;
        if (!string.IsNullOrWhiteSpace(external))
        {
            IsExternal = true;
            ConnectionString = external;
            return;
        }

        Port = FreePort();

        // Safety net for a test host that ends without disposing fixtures: never leave an orphaned Azurite behind.
        AppDomain.CurrentDomain.ProcessExit += KillOnHostExit;
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{Port}/{AccountName};";
    }

    /// <summary>A local Azurite (metadata in LokiJS files, Azurite's default) on the data in <paramref name="location"/>, left there on dispose; never external storage.</summary>
    public static AzuriteFixture On(string location) => new(external: null, location);

    /// <summary>Connection string for the Azurite this fixture runs (or the external one).</summary>
    public string ConnectionString { get; }

    /// <summary>True when <c>DISPATCH_TEST_BLOB_CONNECTION</c> supplied the storage; stop/start are then unavailable.</summary>
    public bool IsExternal { get; }

    /// <summary>Blob port of the local Azurite (0 when external).</summary>
    public int Port { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>A container name no other test uses (valid for Azure: lowercase, digits, hyphens, at most 63 characters).</summary>
    public static string UniqueContainerName(string prefix = "test")
    {
        var cleaned = new string(prefix.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '-').ToArray()).Trim('-');
        if (cleaned.Length > 20)
        {
            cleaned = cleaned[..20].TrimEnd('-');
        }

        return $"{(cleaned.Length == 0 ? "test" : cleaned)}-{Guid.NewGuid():N}";
    }

    /// <summary>A plain SDK client for this storage (e.g. to inspect or delete what the code under test wrote).</summary>
    public BlobServiceClient CreateServiceClient() => new(ConnectionString);

    /// <summary>Client for a fresh, not yet created, uniquely named container.</summary>
    public BlobContainerClient CreateUniqueContainerClient(string prefix = "test") =>
        CreateServiceClient().GetBlobContainerClient(UniqueContainerName(prefix));

    public Task InitializeAsync() => IsExternal ? Task.CompletedTask : StartAsync();

    public async Task DisposeAsync()
    {
        if (IsExternal)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= KillOnHostExit;
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            KillProcess();
            TryDeleteLocation();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>(Re)starts Azurite on the same port and data folder, so data written before <see cref="StopAsync"/> is still there.</summary>
    public async Task StartAsync()
    {
        ThrowIfExternal();
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (IsRunning)
            {
                return;
            }

            _location ??= Directory.CreateTempSubdirectory("dispatch-azurite-").FullName;
            _process?.Dispose(); // one that died on its own
            _process = Launch();
            await WaitUntilListeningAsync(_process).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops Azurite (a storage outage as the application sees it) while keeping its data for <see cref="StartAsync"/>.</summary>
    public async Task StopAsync()
    {
        ThrowIfExternal();
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_process is not { } process)
            {
                return;
            }

            if (!process.HasExited)
            {
                await StopGracefullyAsync(process).ConfigureAwait(false);
            }

            process.Dispose();
            _process = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    private Process Launch()
    {
        var repoRoot = FindRepoRoot();
        var mainScript = Path.Combine(repoRoot, "tools", "azurite", "node_modules", "azurite", "dist", "src", "blob", "main.js");
        if (!File.Exists(mainScript))
        {
            throw new InvalidOperationException($"Azurite is not installed ({mainScript} is missing). {InstallHint}");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = _location,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in new[]
                 {
                     mainScript,
                     "--blobHost", "127.0.0.1",
                     "--blobPort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--location", _location!,
                     // The Azure SDK speaks newer API versions than Azurite knows; the emulator is still fine for our calls.
                     "--skipApiVersionCheck",
                     "--loose",
                     "--silent",
                     "--disableTelemetry",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Could not run 'node' to start Azurite: {e.Message}. Node.js must be on PATH. {InstallHint}", e);
        }

        lock (_recentOutput)
        {
            _recentOutput.Clear();
            _closed = NewSignal();
        }

        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        return process;
    }

    private async Task WaitUntilListeningAsync(Process process)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"Azurite exited with code {process.ExitCode} before listening on port {Port}. Output:\n{RecentOutput()}\n{InstallHint}");
            }

            if (await AcceptsConnectionsAsync(Port).ConfigureAwait(false))
            {
                return;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        KillQuietly(process);
        throw new TimeoutException(
            $"Azurite did not listen on port {Port} within {StartTimeout.TotalSeconds:0} s. Output:\n{RecentOutput()}\n{InstallHint}");
    }

    private async Task StopGracefullyAsync(Process process)
    {
        if (OperatingSystem.IsWindows())
        {
            // No SIGTERM on Windows: let Azurite's autosave flush recent writes before the hard kill.
            await Task.Delay(AzuriteAutosaveInterval + TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        }
        // SIGTERM lets Azurite close its database cleanly.
        else if (await Signals.Terminate(process.Id).ConfigureAwait(false))
        {
            // Azurite saves its database and reports "closed", but the process can linger for a long time while
            // clients keep idle keep-alive connections open; once the data is safe there is no need to wait for that.
            Task closed;
            lock (_recentOutput)
            {
                closed = _closed.Task;
            }

            await Task.WhenAny(closed, process.WaitForExitAsync(), Task.Delay(GracefulStopTimeout)).ConfigureAwait(false);
        }

        KillQuietly(process);
        await process.WaitForExitAsync().ConfigureAwait(false);
        await WaitUntilPortClosedAsync().ConfigureAwait(false);
    }

    private async Task WaitUntilPortClosedAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < GracefulStopTimeout && await AcceptsConnectionsAsync(Port).ConfigureAwait(false))
        {
            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    private void KillProcess()
    {
        if (_process is { } process)
        {
            KillQuietly(process);
            process.WaitForExit(5000);
            process.Dispose();
            _process = null;
        }
    }

    private void KillOnHostExit(object? sender, EventArgs e)
    {
        if (_process is { } process)
        {
            KillQuietly(process);
        }
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Already gone or disposed.
        }
    }

    private void TryDeleteLocation()
    {
        if (_location is null || !_ownsLocation)
        {
            return;
        }

        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A temp folder left behind is harmless; failing the run for it is not.
        }

        _location = null;
    }

    private void ThrowIfExternal()
    {
        if (IsExternal)
        {
            throw new InvalidOperationException(
                $"Storage comes from {ExternalConnectionVariable}; this fixture cannot stop or start it.");
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_recentOutput)
        {
            // Keep only the tail: enough to explain a failed start.
            if (_recentOutput.Length > 8_000)
            {
                _recentOutput.Remove(0, _recentOutput.Length - 4_000);
            }

            _recentOutput.AppendLine(line);
            if (line.Contains(ClosedMessage, StringComparison.Ordinal))
            {
                _closed.TrySetResult();
            }
        }
    }

    private string RecentOutput()
    {
        lock (_recentOutput)
        {
            return _recentOutput.Length == 0 ? "(none)" : _recentOutput.ToString();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Dispatch.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"Could not find Dispatch.sln above {AppContext.BaseDirectory}, so Azurite in tools/azurite cannot be located. {InstallHint}");
    }
}
