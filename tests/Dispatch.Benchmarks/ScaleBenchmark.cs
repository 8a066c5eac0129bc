using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dispatch.BlobStorage;
using Dispatch.Contracts.Demands;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.Api;
using Dispatch.Web.Testing;

namespace Dispatch.Benchmarks;

/// <summary>One size of the province: how long it took to write, to start on, and to serve, and what it held in memory.</summary>
public sealed record ScaleLevel(
    ProvinceSize Size,
    double WriteSeconds,
    double StartSeconds,
    double FirstKpisMs,
    LatencySummary Kpis,
    LatencySummary DemandList,
    MemorySample Memory,
    double ConsoleFirstRenderMs,
    double ConsoleSecondRenderMs,
    int ConsoleQueueRows,
    int OpenDemandsServed,
    long KpiResponseBytes,
    int HistoryDemands,
    int ArchivedDemands,
    ArchivedMonthPaging? ArchivedMonth,
    Restart Restart);

/// <summary>A second host started on the same storage after the first stopped: its start and its first <c>/api/kpis</c>.</summary>
public sealed record Restart(double StartSeconds, double FirstKpisMs);

/// <summary>A whole archived month read page by page (<c>/api/demands?month=&amp;limit=100</c>, following the continuation).</summary>
public sealed record ArchivedMonthPaging(string Month, int Pages, int Demands, double TotalMs, LatencySummary PerPage);

public sealed record ScaleResult(MemorySample Baseline, int RepeatsPerLatency, IReadOnlyList<ScaleLevel> Levels)
{
    /// <summary>Months of closed history written with each level (<c>--history-months</c>).</summary>
    public int HistoryMonths { get; init; }
}

/// <summary>
/// The real web host (silo, Blob storage on Azurite, API, Blazor console) started on a province-sized dataset already
/// in storage, at growing shares of the province: the time to start and to answer the first KPI request (which loads
/// the directory and every index shard), warm <c>/api/kpis</c> and demand-list latency, memory, and the time a
/// dispatcher's console takes to show its queue in headless Chromium; optionally over months of closed history.
/// </summary>
public static class ScaleBenchmark
{
    public const string Name = "scale";
    public const int DefaultRepeats = 20;
    public static readonly IReadOnlyList<double> DefaultFractions = [0.1, 0.5, 1.0];

    public static async Task<ScaleResult> Run(AzuriteFixture azurite, IReadOnlyList<double> fractions, int repeats, int historyMonths = 0)
    {
        var baseline = MemorySample.Take();
        var browser = new BrowserFixture();
        await browser.InitializeAsync();
        try
        {
            var levels = new List<ScaleLevel>();
            foreach (var fraction in fractions)
            {
                levels.Add(await Measure(azurite, browser, ProvinceSize.Of(fraction), repeats, historyMonths));
            }
            return new ScaleResult(baseline, repeats, levels) { HistoryMonths = historyMonths };
        }
        finally
        {
            await browser.DisposeAsync();
        }
    }

    private static async Task<ScaleLevel> Measure(AzuriteFixture azurite, BrowserFixture browser, ProvinceSize size, int repeats, int historyMonths)
    {
        var storage = StorageNames.Unique();
        // Writing hundreds of thousands of blobs 32 at a time can keep Azurite past the product's 6 s try: a create retried
        // after a try that did land is refused as a conflict, so the dataset writer waits longer instead.
        var options = new BlobStorageOptions
        {
            ConnectionString = azurite.ConnectionString, ContainerName = storage.State, ReminderContainerName = storage.Reminders,
            TryTimeout = TimeSpan.FromMinutes(2),
        };
        var clock = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        var (history, archived) = await ProvinceDataset.Write(size, options, now, historyMonths);
        var writeSeconds = clock.Elapsed.TotalSeconds;
        try
        {
            ScaleLevel level;
            int reported;
            await using (var app = new DispatchAppFactory(azurite, storage) { RealTime = true })
            {
                var (root, http, startSeconds, firstKpis, firstKpisMs) = await StartAndAsk(app);
                // What the host serves must be the dataset written: every open demand in the backlog.
                using var figures = JsonDocument.Parse(firstKpis);
                var served = figures.RootElement.GetProperty("overall").GetProperty("backlog").GetProperty("open").GetInt32();
                reported = figures.RootElement.GetProperty("overall").GetProperty("reported").GetInt32();
                var kpis = await Repeat(repeats, () => Get(http, "/api/kpis"));
                var list = await Repeat(repeats, () => Get(http, "/api/demands?limit=100"));
                var month = archived > 0 ? await PageThrough(http, DemandMonths.Of(now).AddMonths(-3)) : null;
                var memory = MemorySample.Take();

                await using var session = await BrowserSession.SignIn(browser.Browser, root, DemoUsers.Dispatcher, "");
                var first = await OpenConsole(session);
                var second = await OpenConsole(session);
                var rows = await session.Page.Locator("[data-test=queue-row]").CountAsync();
                level = new ScaleLevel(
                    size, writeSeconds, startSeconds, firstKpisMs, kpis, list, memory, first, second, rows, served, firstKpis.Length, history,
                    archived, month, new Restart(0, 0));
            }
            return level with { Restart = await MeasureRestart(azurite, storage, reported) };
        }
        finally
        {
            var service = azurite.CreateServiceClient();
            await service.GetBlobContainerClient(storage.State).DeleteIfExistsAsync();
            await service.GetBlobContainerClient(storage.Reminders).DeleteIfExistsAsync();
        }
    }

    /// <summary>
    /// A second host on the storage the first left: the shards start from the KPI ledgers the first stored (after its
    /// fold), not from every archived demand. It must count the same demands.
    /// </summary>
    private static async Task<Restart> MeasureRestart(AzuriteFixture azurite, StorageNames storage, int reported)
    {
        await using var app = new DispatchAppFactory(azurite, storage) { RealTime = true };
        var (_, _, startSeconds, firstKpis, firstKpisMs) = await StartAndAsk(app);
        using var figures = JsonDocument.Parse(firstKpis);
        var again = figures.RootElement.GetProperty("overall").GetProperty("reported").GetInt32();
        return again == reported
            ? new Restart(startSeconds, firstKpisMs)
            : throw new InvalidOperationException($"The restarted host counts {again} demands reported, the first {reported}.");
    }

    /// <summary>Starts the host on Kestrel and asks its first <c>/api/kpis</c> as the dispatcher, timing both.</summary>
    private static async Task<(Uri Root, HttpClient Http, double StartSeconds, byte[] FirstKpis, double FirstKpisMs)> StartAndAsk(DispatchAppFactory app)
    {
        var clock = Stopwatch.StartNew();
        var root = app.StartOnKestrel();
        var startSeconds = clock.Elapsed.TotalSeconds;
        var http = await app.ClientFor(DemoUsers.Dispatcher);
        clock.Restart();
        var firstKpis = await Get(http, "/api/kpis");
        return (root, http, startSeconds, firstKpis, clock.Elapsed.TotalMilliseconds);
    }

    private static async Task<ArchivedMonthPaging> PageThrough(HttpClient http, DateOnly month)
    {
        var name = month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var (pages, demands, ticks) = (0, 0, new List<long>());
        string? continuation = null;
        do
        {
            var started = Stopwatch.GetTimestamp();
            var response = await http.GetAsync($"/api/demands?month={name}&limit=100" + (continuation is null ? "" : $"&continuation={continuation}"));
            var body = await response.Content.ReadAsByteArrayAsync();
            ticks.Add(Stopwatch.GetTimestamp() - started);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"GET month {name}: {(int)response.StatusCode}");
            }
            using var page = JsonDocument.Parse(body);
            (pages, demands) = (pages + 1, demands + page.RootElement.GetArrayLength());
            continuation = response.Headers.TryGetValues(DemandEndpoints.ContinuationHeader, out var next) ? next.Single() : null;
        }
        while (continuation is not null);
        var total = ticks.Sum() * 1000.0 / Stopwatch.Frequency;
        return new ArchivedMonthPaging(name, pages, demands, total, LatencySummary.Of(ticks));
    }

    /// <summary>From navigation to the queue on screen: the circuit is up and its first row (or "no orders") shows.</summary>
    private static async Task<double> OpenConsole(BrowserSession session)
    {
        var clock = Stopwatch.StartNew();
        await session.Open("console");
        await session.Page.WaitForSelectorAsync("[data-test=queue-row], [data-test=queue-empty]");
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task<byte[]> Get(HttpClient http, string path)
    {
        var response = await http.GetAsync(path);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task<LatencySummary> Repeat(int times, Func<Task> call)
    {
        var ticks = new List<long>(times);
        for (var i = 0; i < times; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await call();
            ticks.Add(Stopwatch.GetTimestamp() - started);
        }
        return LatencySummary.Of(ticks);
    }
}
