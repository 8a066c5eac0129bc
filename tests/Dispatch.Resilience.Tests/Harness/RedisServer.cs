using System.Diagnostics;

namespace Dispatch.Resilience.Tests.Harness;

/// <summary>
/// A private redis-server (Debian's, at <see cref="Executable"/>) on a free port for the cluster's membership table:
/// in memory only, gone when disposed. <c>scripts/test.sh</c> installs it when missing.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    public const string Executable = "/usr/bin/redis-server";

    private ChildProcess? process;

    public int Port { get; } = FreePorts.Next();

    /// <summary>For StackExchange.Redis (Orleans' Redis clustering).</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public async Task InitializeAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: run the tests with 'bash scripts/test.sh', which installs it (apt-get install redis-server).");
        }
        var start = new ProcessStartInfo(Executable)
        {
            ArgumentList = { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", Path.GetTempPath() },
        };
        process = ChildProcess.Start(start);
        var waiting = Stopwatch.StartNew();
        while (!await FreePorts.Accepts(Port))
        {
            if (process.HasExited || waiting.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException($"redis-server did not listen on {Port}:\n{process.Output}");
            }
            await Task.Delay(100);
        }
    }

    public Task DisposeAsync()
    {
        process?.Dispose();
        return Task.CompletedTask;
    }
}
