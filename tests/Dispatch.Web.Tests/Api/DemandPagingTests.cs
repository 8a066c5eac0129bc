using System.Net;
using System.Text.Json;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.Api;
using Dispatch.Web.Demands;
using Dispatch.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Api;

/// <summary>
/// <c>GET /api/demands</c> a page at a time: each page's <see cref="DemandEndpoints.ContinuationHeader"/> asks for the
/// next, as the same user and for the same filters; a token the service did not issue to that user is a 400.
/// </summary>
public sealed class DemandPagingTests(AzuriteFixture azurite) : ApiTest(azurite)
{
    [Fact]
    public async Task Pages_follow_one_another_through_the_continuation_and_show_each_demand_once_while_new_ones_come_in()
    {
        var reported = await ReportSeveral(7);
        var listed = new List<string>();
        var pages = 0;
        string? continuation = null;
        do
        {
            var (ids, next) = await Page(Api.Http, "/api/demands?limit=3", continuation);
            listed.AddRange(ids);
            Assert.True(++pages <= 10, "paging does not end");
            continuation = next;
            // Reported while the list is read: newer than the first page, so on none of the later ones.
            App.Clock.Advance(TimeSpan.FromMinutes(1));
            await Api.ReportId();
        }
        while (continuation is not null);

        Assert.Equal(Enumerable.Reverse(reported), listed);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task A_continuation_keeps_its_filters_and_refuses_others_sent_beside_it()
    {
        var reported = await ReportSeveral(4, urgency: "Urgent");
        await ReportSeveral(2, urgency: "Routine");
        var (first, continuation) = await Page(Api.Http, "/api/demands?urgency=Urgent&limit=2", null);

        // Without its filters the token still lists only urgent ones; with the same filters too.
        var (rest, last) = await Page(Api.Http, "/api/demands?limit=5", continuation);
        Assert.Equal(Enumerable.Reverse(reported), first.Concat(rest));
        Assert.Null(last);
        Assert.Equal(rest, (await Page(Api.Http, "/api/demands?urgency=Urgent&limit=5", continuation)).Ids);

        var other = await Api.Http.GetAsync($"/api/demands?urgency=Routine&continuation={continuation}");
        await AssertRefused(other, "other filters");
    }

    [Fact]
    public async Task A_continuation_answers_for_an_hour_and_then_asks_to_start_again()
    {
        await ReportSeveral(3);
        var (_, continuation) = await Page(Api.Http, "/api/demands?limit=1", null);
        App.Clock.Advance(DemandContinuations.Lifetime - TimeSpan.FromMinutes(1));
        var (_, next) = await Page(Api.Http, "/api/demands?limit=1", continuation);

        App.Clock.Advance(TimeSpan.FromMinutes(2));
        await AssertRefused(await Api.Http.GetAsync($"/api/demands?continuation={continuation}"), "expired");
        // A token issued later lives its own hour.
        Assert.NotNull(next);
        Assert.Equal(HttpStatusCode.OK, (await Api.Http.GetAsync($"/api/demands?limit=1&continuation={next}")).StatusCode);
    }

    [Fact]
    public async Task A_tampered_malformed_foreign_or_another_user_s_continuation_is_refused_with_400()
    {
        await ReportSeveral(3);
        var (_, continuation) = await Page(Api.Http, "/api/demands?limit=1", null);
        Assert.NotNull(continuation);

        var middle = continuation!.Length / 2;
        var tampered = continuation[..middle] + (continuation[middle] == 'A' ? 'B' : 'A') + continuation[(middle + 1)..];
        await AssertRefused(await Api.Http.GetAsync($"/api/demands?continuation={tampered}"), "not a token this service issued");
        await AssertRefused(await Api.Http.GetAsync("/api/demands?continuation=%25%25not-base64"), "not a token this service issued");

        // The very payload a token carries, sealed by the same key ring for another purpose (say a sign-in cookie).
        var payload = JsonSerializer.SerializeToUtf8Bytes(new
        {
            User = DemoUsers.Dispatcher, State = (string?)null, StationId = (string?)null, Urgency = (string?)null, Overdue = (bool?)null,
            OpenOnly = false, FinishedOnly = false, SortKey = DispatchAppFactory.Start, Id = "x",
        });
        var foreign = WebEncoders.Base64UrlEncode(
            App.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("another purpose").Protect(payload));
        await AssertRefused(await Api.Http.GetAsync($"/api/demands?continuation={foreign}"), "not a token this service issued");

        // The dispatcher's token is theirs alone.
        var head = await Api.AsHeadOf("chengxiang");
        await AssertRefused(await head.Http.GetAsync($"/api/demands?continuation={continuation}"), "not a token this service issued");
    }

    [Fact]
    public async Task A_station_head_pages_through_only_their_station_s_orders_and_a_worker_only_their_own_cases()
    {
        var atChengxiang = await ReportSeveral(3);
        foreach (var id in atChengxiang)
        {
            await Api.Act(id, "dispatch", new { stationId = "chengxiang" });
        }
        foreach (var id in await ReportSeveral(2))
        {
            await Api.Act(id, "dispatch", new { stationId = "liuhe" });
        }
        var assigned = atChengxiang[1];
        await Api.Act(assigned, "accept");
        var workerId = (await Api.Get($"/api/demands/{assigned}/recommendations")).GetProperty("workers")[0].GetProperty("workerId").GetString()!;
        await Api.Act(assigned, "assign", new { workerId });

        var head = await Api.AsHeadOf("chengxiang");
        Assert.Equal(Enumerable.Reverse(atChengxiang), await AllPages(head.Http, "/api/demands?limit=2"));
        Assert.Empty(await AllPages(head.Http, "/api/demands?station=liuhe&limit=2"));
        var worker = await Api.AsWorker(workerId);
        Assert.Equal([assigned], await AllPages(worker.Http, "/api/demands?limit=1"));
    }

    /// <summary>Reports demands a minute apart, so the list (newest first) holds them in the reverse order.</summary>
    private async Task<List<string>> ReportSeveral(int count, string urgency = "Normal")
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            App.Clock.Advance(TimeSpan.FromMinutes(1));
            ids.Add(await Api.ReportId(DemandApi.NewDemand(urgency: urgency)));
        }
        return ids;
    }

    private static async Task<(List<string> Ids, string? Next)> Page(HttpClient http, string path, string? continuation)
    {
        var response = await http.GetAsync(continuation is null ? path : $"{path}&continuation={Uri.EscapeDataString(continuation)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var next = response.Headers.TryGetValues(DemandEndpoints.ContinuationHeader, out var values) ? values.Single() : null;
        return ([.. DemandApi.Ids(await DemandApi.Read(response)).Select(id => id!)], next);
    }

    private static async Task<List<string>> AllPages(HttpClient http, string path)
    {
        var all = new List<string>();
        string? continuation = null;
        do
        {
            var (ids, next) = await Page(http, path, continuation);
            all.AddRange(ids);
            continuation = next;
            // A page that does not move past the one before would loop for ever.
            Assert.True(all.Count <= 100, "paging does not end");
        }
        while (continuation is not null);
        return all;
    }

    private static async Task AssertRefused(HttpResponseMessage response, string reason)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await DemandApi.Read(response)).GetProperty("errors");
        Assert.Contains(reason, Assert.Single(errors.GetProperty("continuation").EnumerateArray()).GetString());
    }
}
