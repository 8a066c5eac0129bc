using Dispatch.Testing;

namespace Dispatch.Benchmarks.Tests;

/// <summary>
/// The scale benchmark at a five-hundredth of the province, with three months of closed history (most of it in the
/// monthly archive): the host must start on the written data and serve all of it.
/// </summary>
public sealed class ScaleSmokeTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task The_host_starts_on_the_written_province_and_serves_every_open_demand()
    {
        var result = await ScaleBenchmark.Run(azurite, [0.002], repeats: 2, historyMonths: 3);

        var level = Assert.Single(result.Levels);
        Assert.Equal((9, 10, 100, 200), (level.Size.Stations, level.Size.Workers, level.Size.Communities, level.Size.OpenDemands));
        // Closed history stays out of the backlog: ten workers' month is some sixty demands (DemandHistory's rate).
        Assert.Equal(level.Size.OpenDemands, level.OpenDemandsServed);
        Assert.InRange(level.HistoryDemands, 60, 450);
        // What ended over 30 days ago is in the archive, and its month is listed page by page, each demand once.
        Assert.InRange(level.ArchivedDemands, 1, level.HistoryDemands - 1);
        var month = Assert.IsType<ArchivedMonthPaging>(level.ArchivedMonth);
        Assert.True(month.Demands > 0 && month.Pages == Math.Max(1, (month.Demands + 99) / 100), month.ToString());
        // About a tenth of the demands wait for dispatch, so the dispatcher's queue shows some.
        Assert.InRange(level.ConsoleQueueRows, 1, level.Size.OpenDemands);
        Assert.Equal(2, level.Kpis.Samples);
        Assert.True(level.StartSeconds > 0 && level.FirstKpisMs > 0 && level.ConsoleFirstRenderMs > 0, level.ToString());
        // The restarted host counted what the first did (the benchmark refuses it otherwise).
        Assert.True(level.Restart.StartSeconds > 0 && level.Restart.FirstKpisMs > 0, level.Restart.ToString());
        var report = Reports.Of(RunInfo.Now(["scale"]), result).ToMarkdown();
        Assert.Contains("open demands written · in the KPI backlog | 200 · 200", report);
        Assert.Contains($"closed history written (3 months) · of it archived | {level.HistoryDemands} · {level.ArchivedDemands}", report);
    }
}
