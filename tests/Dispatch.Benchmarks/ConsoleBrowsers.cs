using System.Diagnostics;
using Dispatch.Web.Accounts;
using Dispatch.Web.Testing;
using Microsoft.Playwright;

namespace Dispatch.Benchmarks;

/// <summary>
/// The dispatchers' browsers for the console memory benchmark, in a process of their own: Chromium runs apart anyway,
/// but Playwright's client keeps an object for every context, page, frame, request and socket it drives, and those
/// must not count as the server's memory. This process (the same program, started with <see cref="Command"/>) signs
/// in and opens consoles when the benchmark asks, one line per command on stdin, one answer line on stdout.
/// </summary>
public static class ConsoleBrowsers
{
    /// <summary>The program's first argument that starts it as the browser process; the second is the app's root.</summary>
    public const string Command = "console-memory-browsers";

    /// <summary>Consoles signed in at once: Chromium and the login on 2 cores do not take 50 at a time.</summary>
    public const int Batch = 5;

    /// <summary>Waits in a browser: generous, as 50 pages on 2 cores render slowly.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private const string Answer = "@@ ";

    /// <summary>The browser process: opens consoles (<c>open N</c>), checks a pushed demand reached each (<c>seen ID</c>),
    /// counts queue rows (<c>rows</c>) and closes them all (<c>close</c>), until stdin ends.</summary>
    public static async Task<int> Serve(Uri root)
    {
        var browser = new BrowserFixture();
        await browser.InitializeAsync();
        var consoles = new List<BrowserSession>();
        try
        {
            while (await Console.In.ReadLineAsync() is { } line)
            {
                var (verb, argument) = line.Split(' ', 2) is [var v, var a] ? (v, a) : (line, "");
                try
                {
                    var reply = verb switch
                    {
                        "open" => await Open(browser.Browser, root, consoles, int.Parse(argument, System.Globalization.CultureInfo.InvariantCulture)),
                        "seen" => await Seen(consoles, argument),
                        "rows" => await consoles[0].Page.Locator("[data-test=queue-row]").CountAsync(),
                        "close" => await Close(consoles),
                        _ => throw new ArgumentException($"unknown command '{line}'"),
                    };
                    Console.WriteLine($"{Answer}ok {reply}");
                }
                catch (Exception e) when (e is PlaywrightException or TimeoutException or ArgumentException or FormatException)
                {
                    Console.WriteLine($"{Answer}error {e.Message.ReplaceLineEndings(" ")}");
                }
            }
        }
        finally
        {
            await Close(consoles);
            await browser.DisposeAsync();
        }
        return 0;
    }

    /// <summary>Each console is its own browser context signed in as the dispatcher through the login page, interactive.</summary>
    private static async Task<int> Open(IBrowser browser, Uri root, List<BrowserSession> consoles, int count)
    {
        for (var opened = 0; opened < count; opened += Batch)
        {
            consoles.AddRange(await Task.WhenAll(Enumerable.Range(0, Math.Min(Batch, count - opened))
                .Select(_ => BrowserSession.SignIn(browser, root, DemoUsers.Dispatcher, "console", patience: Patience))));
        }
        return consoles.Count;
    }

    /// <summary>How many consoles show the demand in their queue (each waits for it up to <see cref="Patience"/>).</summary>
    private static async Task<int> Seen(List<BrowserSession> consoles, string demandId)
    {
        var seen = await Task.WhenAll(consoles.Select(async console =>
        {
            try
            {
                await console.Page.Locator($"[data-test=queue-row][data-demand='{demandId}']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
                return true;
            }
            catch (TimeoutException)
            {
                return false;
            }
        }));
        return seen.Count(s => s);
    }

    /// <summary>Closes every console as a user closing the tab would: the page unloads, so Blazor says goodbye to its circuit.</summary>
    private static async Task<int> Close(List<BrowserSession> consoles)
    {
        foreach (var batch in consoles.Chunk(Batch))
        {
            await Task.WhenAll(batch.Select(async console =>
            {
                await console.Page.CloseAsync(new() { RunBeforeUnload = true });
                await console.DisposeAsync();
            }));
        }
        consoles.Clear();
        return 0;
    }

    /// <summary>Starts the browser process for the app at <paramref name="root"/>.</summary>
    public static Client Start(Uri root)
    {
        // The same program, run by the same dotnet host: from dotnet run as from the smoke tests' test host.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { typeof(ConsoleBrowsers).Assembly.Location, Command, root.ToString() })
        {
            start.ArgumentList.Add(argument);
        }
        return new Client(Process.Start(start) ?? throw new InvalidOperationException("the browser process did not start"));
    }

    /// <summary>The benchmark's end of the browser process.</summary>
    public sealed class Client(Process process) : IAsyncDisposable
    {
        public Task<int> Open(int count) => Ask($"open {count}");

        public Task<int> Seen(string demandId) => Ask($"seen {demandId}");

        public Task<int> QueueRows() => Ask("rows");

        public Task<int> Close() => Ask("close");

        private async Task<int> Ask(string command)
        {
            await process.StandardInput.WriteLineAsync(command);
            await process.StandardInput.FlushAsync();
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line.StartsWith(Answer + "ok ", StringComparison.Ordinal))
                {
                    return int.Parse(line[(Answer.Length + 3)..], System.Globalization.CultureInfo.InvariantCulture);
                }
                if (line.StartsWith(Answer + "error ", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"browsers, {command}: {line[(Answer.Length + 6)..]}");
                }
                // Anything else the process prints (a warning from Chromium or Playwright) passes through.
                Console.Error.WriteLine($"browsers: {line}");
            }
            throw new InvalidOperationException($"the browser process ended during '{command}' (exit code {(process.HasExited ? process.ExitCode : -1)})");
        }

        public async ValueTask DisposeAsync()
        {
            process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
            process.Dispose();
        }
    }
}
