using System.Net;
using System.Net.Http.Json;
using System.Text;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.KeyPersons;
using Dispatch.Web.Spreadsheets;
using Dispatch.Web.Tests.Infrastructure;

namespace Dispatch.Web.Tests.Security;

/// <summary>
/// Oversized bodies are refused with 413 and change nothing, on a real Kestrel port (the in-memory test server enforces
/// no body limit): the API's 256 KB, announced by Content-Length or sent chunked, and the register import's own 5 MB.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class RequestLimitTests(AzuriteFixture azurite, ClassHost host) : IClassFixture<ClassHost>, IAsyncLifetime
{
    private const int ApiLimit = 256 * 1024;

    /// <summary>One host for the class: every body here is refused or only a dry run, so none leaves anything behind.</summary>
    private readonly DispatchAppFactory app = host.App(() =>
    {
        var app = new DispatchAppFactory(azurite);
        app.StartOnKestrel();
        return app;
    });

    private HttpClient dispatcher = null!;

    public async Task InitializeAsync() => dispatcher = await app.ClientFor(DemoUsers.Dispatcher);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_demand_over_the_limit_with_its_length_announced_is_413_and_not_taken_in()
    {
        var body = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(Demand(ApiLimit)));
        var content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } };

        var detail = await ProblemResponses.Detail(await AnnouncedPost(dispatcher, "/api/demands", content), HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("256 KB", detail);
        await AssertNoDemands();
    }

    [Fact]
    public async Task A_chunked_demand_over_the_limit_is_413_and_not_taken_in()
    {
        // JsonContent streams without a length, so the body goes chunked and only reading it finds it too large.
        var content = JsonContent.Create(Demand(ApiLimit));

        var response = await dispatcher.PostAsync("/api/demands", content);

        Assert.Null(response.RequestMessage!.Content!.Headers.ContentLength);
        Assert.Contains("256 KB", await ProblemResponses.Detail(response, HttpStatusCode.RequestEntityTooLarge));
        await AssertNoDemands();
    }

    [Fact]
    public async Task A_body_under_the_limit_is_read_and_judged_on_its_fields()
    {
        var response = await dispatcher.PostAsJsonAsync("/api/demands", Demand(ApiLimit / 2));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await DemandApi.Read(response)).GetProperty("errors").TryGetProperty("description", out _));
    }

    [Fact]
    public async Task The_register_import_takes_a_file_over_the_api_limit_but_not_over_its_own()
    {
        var head = await app.ClientFor(DemoUsers.HeadOf("chengxiang"));
        const string import = "/api/stations/chengxiang/key-persons/import";

        // Over the API's limit: the import reads it (a dry run), so its larger limit applies.
        var readable = await head.PostAsync(import, Upload(ApiLimit * 2));
        Assert.Equal(HttpStatusCode.OK, readable.StatusCode);

        var tooLarge = await AnnouncedPost(head, import, Upload((int)SheetReader.MaxBytes + 128 * 1024));
        Assert.Contains("KB", await ProblemResponses.Detail(tooLarge, HttpStatusCode.RequestEntityTooLarge));
    }

    /// <summary>
    /// Announces the body and waits for the server's go-ahead, as a careful client does: the 413 comes before the body
    /// is sent, where a client that sends it all at once might find the connection already closed.
    /// </summary>
    private static Task<HttpResponseMessage> AnnouncedPost(HttpClient client, string path, HttpContent content) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = content, Headers = { ExpectContinue = true } });

    private static MultipartFormDataContent Upload(int bytes) => new()
    {
        { new ByteArrayContent(new byte[bytes]), RegisterEndpoints.FileField, "register.csv" },
    };

    private static object Demand(int descriptionLength) =>
        DemandApi.NewDemand(description: new string('x', descriptionLength));

    private async Task AssertNoDemands() =>
        Assert.Equal(0, (await DemandApi.Read(await dispatcher.GetAsync("/api/demands"))).GetArrayLength());
}
