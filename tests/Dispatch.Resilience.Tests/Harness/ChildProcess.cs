using System.Diagnostics;
using System.Net;
using System.Text;
using Dispatch.Testing;

namespace Dispatch.Resilience.Tests.Harness;

/// <summary>A process the tests start and own: its output's tail kept to explain a failure, killed if the test host exits.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly StringBuilder tail = new();
    private readonly Process process;

    private ChildProcess(Process process)
    {
        this.process = process;
        AppDomain.CurrentDomain.ProcessExit += KillOnHostExit;
    }

    public static ChildProcess Start(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start");
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => child.Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public string Output
    {
        get
        {
            lock (tail)
            {
                return tail.ToString();
            }
        }
    }

    /// <summary>Waits until the process exits; false if it still runs after <paramref name="timeout"/>.</summary>
    public async Task<bool> Exited(TimeSpan timeout)
    {
        using var waiting = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(waiting.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Waits until the host this process runs answers 200 on <c>/health</c> at <paramref name="root"/>, failing with its output if it exits or takes longer than <paramref name="timeout"/>.</summary>
    public async Task UntilHealthy(Uri root, TimeSpan timeout, string name)
    {
        using var http = new HttpClient { BaseAddress = root, Timeout = TimeSpan.FromSeconds(10) };
        var waiting = Stopwatch.StartNew();
        while (true)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"{name} exited while starting:\n{Output}");
            }
            try
            {
                if ((await http.GetAsync("health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            if (waiting.Elapsed > timeout)
            {
                throw new TimeoutException($"{name} was not healthy within {timeout.TotalSeconds:0} s:\n{Output}");
            }
            await Task.Delay(250);
        }
    }

    /// <summary>SIGKILL, as <c>kill -9</c>: no shutdown code runs, nothing is flushed, the silo does not leave its cluster.</summary>
    public void KillHard()
    {
        try
        {
            process.Kill(entireProcessTree: false);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        process.WaitForExit(10_000);
    }

    /// <summary>
    /// SIGTERM, as Ctrl+C or a service manager's stop, then waits for the process to end by itself; its exit code, or null
    /// when it was still running after <paramref name="within"/> (it is then left running for the caller to judge).
    /// </summary>
    public async Task<int?> Terminate(TimeSpan within)
    {
        Assert.True(await Signals.Terminate(process.Id), $"could not send SIGTERM to process {process.Id}");
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        return process.ExitCode;
    }

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnHostExit;
        KillHard();
        process.Dispose();
    }

    private void KillOnHostExit(object? sender, EventArgs e) => KillHard();

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (tail)
        {
            if (tail.Length > 20_000)
            {
                tail.Remove(0, tail.Length - 10_000);
            }
            tail.AppendLine(line);
        }
    }
}
