using System.Net;
using System.Net.Http.Json;
using Dispatch.Contracts.Grains;
using Dispatch.Testing;
using Dispatch.Web.Tests.Infrastructure;

namespace Dispatch.Web.Tests.Api;

/// <summary>
/// <c>/api/kpis</c> on a host whose directory is a whole province (4,500 stations, 5,000 workers, 50,000 communities, as
/// the scale benchmark sizes it): the default answer stays small, and the rows come a page at a time.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class KpiProvinceTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const int MostBytes = 200 * 1024;

    private readonly DispatchAppFactory app = new(azurite, settings: new Dictionary<string, string> { ["Dispatch:DemoData:Enabled"] = "false" });

    public async Task InitializeAsync() =>
        Assert.True(await app.Grains.GetGrain<ICityDirectoryGrain>(ICityDirectoryGrain.Key).SeedIfEmpty(ScaledCity.Build(4_500, 5_000, 50_000)));

    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    [Fact]
    public async Task The_default_answer_of_a_province_is_at_most_200_KB_and_its_rows_come_in_pages()
    {
        var api = await DemandApi.For(app);
        for (var i = 1; i <= 5; i++)
        {
            var reported = await api.Http.PostAsJsonAsync("/api/demands", new
            {
                communityId = $"bench-c{i * 997}",
                categoryId = ScaledCity.Category,
                serviceType = "ElderlyAndChildCare",
                urgency = "Urgent",
                description = "独居老人近日未出门，需上门查看。",
                person = new { name = "钱阿婆", phone = "13900000000", address = "3 号楼 201" },
                reporter = new { name = "孙网格", channel = "GridWorker", phone = "13700000000" },
            });
            Assert.Equal(HttpStatusCode.Created, reported.StatusCode);
        }

        var response = await api.Http.GetAsync("/api/kpis");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(body.Length <= MostBytes, $"/api/kpis answered {body.Length:N0} bytes for a province");
        var report = await DemandApi.Read(new HttpResponseMessage { Content = new ByteArrayContent(body) });
        Assert.Equal(5, report.GetProperty("overall").GetProperty("reported").GetInt32());
        // 5,000 workers covering two communities each leave 40,000 of the 50,000 uncovered: counted, not listed.
        Assert.Equal(40_000, report.GetProperty("coverage").GetProperty("uncoveredCommunities").GetInt32());

        var stations = await api.Get("/api/kpis/stations?offset=4400&limit=500");
        Assert.Equal(100, stations.GetProperty("items").GetArrayLength());
        Assert.Equal("bench-st4401", stations.GetProperty("items")[0].GetProperty("stationId").GetString());
        var workers = await api.Get("/api/kpis/workers?limit=500");
        Assert.Equal(500, workers.GetProperty("items").GetArrayLength());
        Assert.Equal(500, workers.GetProperty("nextOffset").GetInt32());
    }
}
