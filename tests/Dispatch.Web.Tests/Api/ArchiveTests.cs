using System.Net;
using System.Text.Json;
using Dispatch.BlobStorage;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Grains;
using Dispatch.Testing;
using Dispatch.Web.Api;
using Dispatch.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dispatch.Web.Tests.Api;

/// <summary>
/// Finished demands move from the index shards to the monthly archive in Blob storage: out of the recent list, still in
/// their month's list, readable by id, counted in the KPIs and the monthly reports as before; and when the host dies in
/// the middle of a move, each is listed exactly once after the restart.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ArchiveTests(AzuriteFixture azurite)
{
    /// <summary>Monday 20 October 2026, 09:00 China time.</summary>
    private static readonly DateTimeOffset October20 = new(2026, 10, 20, 9, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task A_move_cut_short_by_a_dying_host_leaves_every_demand_listed_once_and_counted_once()
    {
        var storage = StorageNames.Unique();
        var clock = new FakeTimeProvider(October20);
        var dying = new DyingRecordLog.Switch();
        Demands demands;
        Figures before;

        await using (var first = new DispatchAppFactory(azurite, storage, clock) { TestServices = dying.Install })
        {
            var api = await DemandApi.For(first);
            demands = await Report(api, clock);
            clock.SetUtcNow(new DateTimeOffset(2026, 12, 15, 9, 0, 0, TimeSpan.FromHours(8)));
            before = await Read(api);

            // The host dies after the archive holds the demands and before the shards have marked them gone.
            dying.On = true;
            await Assert.ThrowsAnyAsync<Exception>(() => ArchiveAll(first, clock));
            Assert.True(dying.Refused > 0, "no shard got as far as marking a demand archived");
        }

        await using (var second = new DispatchAppFactory(azurite, storage, clock))
        {
            var api = await DemandApi.For(second);
            // Both the archive and the shards hold the moved demands now: each is listed and counted once.
            Assert.Equal(before, await Read(api));
            Assert.Equal(demands.All.Order(), Ids(await api.Get("/api/demands")).Order());

            Assert.Equal(demands.Finished.Length, await ArchiveAll(second, clock));
            Assert.Equal([demands.Open], Ids(await api.Get("/api/demands")));
            Assert.Equal(before, await Read(api));
            var october = await api.Get("/api/demands?month=2026-10");
            Assert.All(october.EnumerateArray().Where(d => d.GetProperty("id").GetString() != demands.Open),
                d => Assert.True(d.GetProperty("archived").GetBoolean()));
            Assert.Equal(demands.Closed, (await api.Demand(demands.Closed)).GetProperty("demand").GetProperty("id").GetString());

            // Paging through an archived month: the continuation carries the month.
            var paged = new List<string>();
            string? continuation = null;
            do
            {
                var response = await api.Http.GetAsync("/api/demands?month=2026-10&limit=1" + (continuation is null ? "" : $"&continuation={continuation}"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                paged.AddRange(Ids(await DemandApi.Read(response)));
                continuation = response.Headers.TryGetValues(DemandEndpoints.ContinuationHeader, out var next) ? next.Single() : null;
            }
            while (continuation is not null);
            Assert.Equal(Ids(october), paged);

            // A callback after the move (the resident reached late) goes to the archive and into the figures.
            await api.Act(demands.Closed, "callback", new { rating = 2, note = "回访：不太满意" });
            Assert.Equal(2, (await api.Get("/api/demands?month=2026-10")).EnumerateArray()
                .Single(d => d.GetProperty("id").GetString() == demands.Closed).GetProperty("satisfactionRating").GetInt32());
            before = await Read(api);
            Assert.Equal(2, Overall(before.Kpis).GetProperty("satisfaction").GetProperty("meanRating").GetDouble());
        }

        // The figures of archived demands are folded from the archive on the next start: none lives in memory.
        await using var third = new DispatchAppFactory(azurite, storage, clock);
        Assert.Equal(before, await Read(await DemandApi.For(third)));
        Assert.Equal(0, await ArchiveAll(third, clock));
    }

    [Fact]
    public async Task A_month_must_be_a_year_and_a_month()
    {
        await using var app = new DispatchAppFactory(azurite);
        var api = await DemandApi.For(app);
        foreach (var bad in new[] { "2026-13", "2026", "March", "2026-03-01" })
        {
            var response = await api.Http.GetAsync($"/api/demands?month={bad}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("month", (await DemandApi.Read(response)).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        }
    }

    /// <summary>The demands of the test: reported in October (one across into November) and November.</summary>
    private sealed record Demands(string Open, string Closed, string[] Finished, string[] October)
    {
        public IEnumerable<string> All => Finished.Append(Open);
    }

    private static async Task<Demands> Report(DemandApi api, FakeTimeProvider clock)
    {
        var worker = (await api.Get("/api/workers?station=liuhe"))[0].GetProperty("id").GetString();
        var cancelled = await api.ReportId(DemandApi.NewDemand("liuhe-c01", "Routine", "十月：求助后已自行解决"));
        await api.Act(cancelled, "cancel", new { reason = "求助人已自行解决" });

        var closed = await api.ReportId(DemandApi.NewDemand("liuhe-c01", "Urgent", "十月：独居老人需要助餐"));
        clock.Advance(TimeSpan.FromMinutes(20));
        await api.Act(closed, "dispatch", new { stationId = "liuhe" });
        clock.Advance(TimeSpan.FromMinutes(10));
        await api.Act(closed, "accept");
        await api.Act(closed, "assign", new { workerId = worker });
        clock.Advance(TimeSpan.FromHours(1));
        await api.Act(closed, "contact", new { note = "已电话联系" });
        foreach (var step in DemandApi.Steps)
        {
            await api.Step(closed, step);
        }
        await api.Act(closed, "close", new { summary = "已落实助餐服务" });

        var open = await api.ReportId(DemandApi.NewDemand("liuhe-c01", "Normal", "十月：仍在处理"));
        await api.Act(open, "dispatch", new { stationId = "liuhe" });

        clock.SetUtcNow(new DateTimeOffset(2026, 10, 31, 22, 0, 0, TimeSpan.FromHours(8)));
        var acrossMonths = await api.ReportId(DemandApi.NewDemand("liuhe-c01", "Normal", "十月底报告，十一月取消"));
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.FromHours(8)));
        await api.Act(acrossMonths, "cancel", new { reason = "重复上报" });
        var november = await api.ReportId(DemandApi.NewDemand("liuhe-c01", "Routine", "十一月：咨询政策"));
        await api.Act(november, "cancel", new { reason = "已电话答复" });
        return new Demands(open, closed, [cancelled, closed, acrossMonths, november], [cancelled, closed, open, acrossMonths]);
    }

    /// <summary>What must not change when demands move: the lists by month, the overall KPIs, the monthly reports.</summary>
    private sealed record Figures(string October, string November, string Kpis, string OctoberReport, string NovemberReport);

    private static async Task<Figures> Read(DemandApi api)
    {
        var october = await api.Get("/api/demands?month=2026-10");
        var november = await api.Get("/api/demands?month=2026-11");
        // Each listed once: a demand in both the archive and its shard is taken once.
        Assert.Equal(Ids(october).Distinct(), Ids(october));
        return new Figures(
            string.Join(",", Ids(october).Order()),
            string.Join(",", Ids(november).Order()),
            Overall(await api.Get("/api/kpis")).GetRawText(),
            (await api.Get("/api/reports/2026-10")).GetRawText(),
            (await api.Get("/api/reports/2026-11")).GetRawText());
    }

    private static JsonElement Overall(JsonElement kpis) => kpis.GetProperty("overall");

    private static JsonElement Overall(string kpis) => JsonDocument.Parse(kpis).RootElement;

    private static IEnumerable<string> Ids(JsonElement list) => DemandApi.Ids(list).Select(id => id!);

    /// <summary>Asks every shard to move what ended more than 30 days ago; how many moved.</summary>
    private static async Task<int> ArchiveAll(DispatchAppFactory app, FakeTimeProvider clock)
    {
        var moved = await Task.WhenAll(Enumerable.Range(0, DemandIndex.ShardCount)
            .Select(shard => app.Grains.GetGrain<IDemandIndexGrain>(shard).ArchiveFinishedBefore(clock.GetUtcNow().AddDays(-30))));
        return moved.Sum();
    }

    /// <summary>The host's record log, except that it dies (throws) instead of storing a shard's mark that demands moved.</summary>
    private sealed class DyingRecordLog(IRecordLog inner, DyingRecordLog.Switch dying) : IRecordLog
    {
        public sealed class Switch
        {
            public bool On { get; set; }

            public int Refused;

            public void Install(IServiceCollection services)
            {
                var blob = services.Last(d => d.ServiceType == typeof(IRecordLog));
                services.AddSingleton<IRecordLog>(sp => new DyingRecordLog((IRecordLog)blob.ImplementationFactory!(sp), this));
            }
        }

        public Task<LoadedRecords<T>> Load<T>(string name) => inner.Load<T>(name);

        public Task<RecordLogPosition> Append<T>(string name, IReadOnlyList<T> records, RecordLogPosition position)
        {
            if (dying.On && name.StartsWith("demand-index-", StringComparison.Ordinal) && records.OfType<DemandSummary>().Any(d => d.Archived))
            {
                Interlocked.Increment(ref dying.Refused);
                throw new IOException("the host died");
            }
            return inner.Append(name, records, position);
        }

        public Task<RecordLogPosition?> Compact<T>(string name, IReadOnlyCollection<T> records, RecordLogPosition position) =>
            inner.Compact(name, records, position);
    }
}
