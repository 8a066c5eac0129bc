using System.Net;
using Dispatch.Testing;
using Dispatch.Web.Tests.Infrastructure;

namespace Dispatch.Web.Tests.Api;

public sealed class HostTests(AzuriteFixture azurite) : ApiTest(azurite)
{

    [Fact]
    public async Task The_directory_holds_the_Taicang_demo_data()
    {
        Assert.Equal(8, (await Api.Get("/api/stations")).GetArrayLength());
        Assert.Equal(157, (await Api.Get("/api/communities")).GetArrayLength());
        Assert.Equal(80, (await Api.Get("/api/workers")).GetArrayLength());
        Assert.Equal(16, (await Api.Get("/api/categories")).GetArrayLength());
        var station = await Api.Get("/api/stations/chengxiang");
        Assert.Equal("城厢镇社工站", station.GetProperty("station").GetProperty("station").GetProperty("name").GetString());
        Assert.Equal(22, station.GetProperty("station").GetProperty("communities").GetArrayLength());
        var worker = await Api.Get("/api/workers/w001");
        Assert.True(worker.GetProperty("onDuty").GetBoolean());
        Assert.InRange(worker.GetProperty("worker").GetProperty("communityIds").GetArrayLength(), 2, 3);
    }

    [Fact]
    public async Task The_root_sends_a_visitor_to_sign_in_and_shared_assets_are_served()
    {
        var client = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.OriginalString.TrimStart('.').Replace("http://localhost", ""));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dispatch.css")).StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_route()
    {
        var paths = (await Api.Get("/openapi/v1.json")).GetProperty("paths");
        foreach (var path in new[]
                 {
                     "/health", "/api/communities", "/api/stations", "/api/stations/{id}", "/api/workers", "/api/workers/{id}",
                     "/api/categories", "/api/demands", "/api/demands/{id}", "/api/demands/{id}/recommendations",
                     "/api/demands/{id}/dispatch", "/api/demands/{id}/accept", "/api/demands/{id}/return",
                     "/api/demands/{id}/assign", "/api/demands/{id}/contact", "/api/demands/{id}/steps",
                     "/api/demands/{id}/close", "/api/demands/{id}/cancel", "/api/demands/{id}/callback", "/api/kpis",
                     "/api/kpis/stations", "/api/kpis/workers",
                     "/api/demands/{id}/refer", "/api/demands/{id}/referrals/{referralId}/answer",
                     "/api/auth/token",
                 })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} missing from the OpenAPI document");
        }
    }

    [Fact]
    public async Task Health_is_200_while_storage_answers_and_503_with_the_reason_when_it_does_not()
    {
        Assert.Equal(HttpStatusCode.OK, (await Api.Http.GetAsync("/health")).StatusCode);
        await Azurite.StopAsync();
        try
        {
            var response = await Api.Http.GetAsync("/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains("storage", (await DemandApi.Read(response)).GetProperty("detail").GetString());
        }
        finally
        {
            await Azurite.StartAsync();
        }
        Assert.Equal(HttpStatusCode.OK, (await Api.Http.GetAsync("/health")).StatusCode);
    }
}
