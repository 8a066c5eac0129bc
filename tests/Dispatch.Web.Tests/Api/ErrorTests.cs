using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dispatch.Testing;
using Dispatch.Web.Tests.Infrastructure;

namespace Dispatch.Web.Tests.Api;

/// <summary>
/// Every refusal is a problem+json with a status that says why, and changes nothing. One host for the class: each test
/// refuses requests about demands of its own or about none.
/// </summary>
public sealed class ErrorTests(AzuriteFixture azurite, ClassHost host) : ApiTest(azurite, host.App(() => new(azurite))), IClassFixture<ClassHost>
{
    private HttpClient Http => Api.Http;

    public static TheoryData<string, string> InvalidReports => new()
    {
        { """{"categoryId":"dibao","serviceType":"SocialAssistance","urgency":"Normal","description":"x","person":{"name":"a"},"reporter":{"name":"b","channel":"Hotline12345"}}""", "communityId" },
        { """{"communityId":"nowhere","categoryId":"dibao","serviceType":"SocialAssistance","urgency":"Normal","description":"x","person":{"name":"a"},"reporter":{"name":"b","channel":"Hotline12345"}}""", "communityId" },
        { """{"communityId":"chengxiang-c01","categoryId":"unknown","serviceType":"SocialAssistance","urgency":"Normal","description":"x","person":{"name":"a"},"reporter":{"name":"b","channel":"Hotline12345"}}""", "categoryId" },
        { """{"communityId":"chengxiang-c01","categoryId":"dibao","urgency":"Normal","description":"x","person":{"name":"a"},"reporter":{"name":"b","channel":"Hotline12345"}}""", "serviceType" },
        { """{"communityId":"chengxiang-c01","categoryId":"dibao","serviceType":"SocialAssistance","description":"x","person":{"name":"a"},"reporter":{"name":"b","channel":"Hotline12345"}}""", "urgency" },
        { """{"communityId":"chengxiang-c01","categoryId":"dibao","serviceType":"SocialAssistance","urgency":"Normal","description":"  ","person":{"name":"a"},"reporter":{"name":"b","channel":"Hotline12345"}}""", "description" },
        { """{"communityId":"chengxiang-c01","categoryId":"dibao","serviceType":"SocialAssistance","urgency":"Normal","description":"x","reporter":{"name":"b","channel":"Hotline12345"}}""", "person" },
        { """{"communityId":"chengxiang-c01","categoryId":"dibao","serviceType":"SocialAssistance","urgency":"Normal","description":"x","person":{"name":""},"reporter":{"name":"b","channel":"Hotline12345"}}""", "person.name" },
        { """{"communityId":"chengxiang-c01","categoryId":"dibao","serviceType":"SocialAssistance","urgency":"Normal","description":"x","person":{"name":"a","phone":"call me"},"reporter":{"name":"b","channel":"Hotline12345"}}""", "person.phone" },
        { """{"communityId":"chengxiang-c01","categoryId":"dibao","serviceType":"SocialAssistance","urgency":"Normal","description":"x","person":{"name":"a"},"reporter":{"name":"b"}}""", "reporter.channel" },
        { """{"communityId":"chengxiang-c01","categoryId":"dibao","serviceType":"SocialAssistance","urgency":"Normal","description":"x\u0007","person":{"name":"a"},"reporter":{"name":"b","channel":"Hotline12345"}}""", "description" },
    };

    [Theory]
    [MemberData(nameof(InvalidReports))]
    public async Task An_invalid_report_is_400_naming_the_field_and_creates_nothing(string body, string field)
    {
        var before = (await Api.Get("/api/demands")).GetArrayLength();
        var response = await Http.PostAsync("/api/demands", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"expected an error on {field}: {problem}");
        Assert.Equal(before, (await Api.Get("/api/demands")).GetArrayLength());
    }

    public static TheoryData<string, string> UnreadableBodies => new()
    {
        { "{\"communityId\":", "malformed JSON" },
        { "[1,2,3]", "an array instead of an object" },
        { """{"communityId":42}""", "a number for a string" },
        { """{"urgency":"Whenever"}""", "an unknown enum value" },
        { """{"urgency":1}""", "an enum as a number" },
        { """{"communityId":"chengxiang-c01","surprise":true}""", "an unknown field" },
    };

    [Theory]
    [MemberData(nameof(UnreadableBodies))]
    public async Task An_unreadable_body_is_400_with_a_message(string body, string what)
    {
        var response = await Http.PostAsync("/api/demands", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), what);
    }

    [Fact]
    public async Task Unknown_ids_are_404()
    {
        await AssertProblem(await Http.GetAsync("/api/demands/20260101-NOSUCH"), HttpStatusCode.NotFound);
        await AssertProblem(await Http.GetAsync("/api/demands/20260101-NOSUCH/recommendations"), HttpStatusCode.NotFound);
        // The dispatcher may dispatch any demand, so only the missing demand can refuse it. (A station head or worker
        // acting on an id they cannot see is refused with 403 whether it exists or not: see the authorization tests.)
        await AssertProblem(await Api.Post("20260101-NOSUCH", "dispatch", new { stationId = "chengxiang" }), HttpStatusCode.NotFound);
        await AssertProblem(await Http.GetAsync("/api/stations/atlantis"), HttpStatusCode.NotFound);
        await AssertProblem(await Http.GetAsync("/api/workers/w999"), HttpStatusCode.NotFound);
        // A refused action on an unknown demand must not bring it into existence.
        await AssertProblem(await Http.GetAsync("/api/demands/20260101-NOSUCH"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_transition_the_state_refuses_is_409_with_the_state_and_what_is_allowed_and_changes_nothing()
    {
        var id = await Api.ReportId();
        var before = await Api.Demand(id);

        // The dispatcher may call back, but not before the case is closed.
        var problem = await AssertProblem(await Api.Post(id, "callback", new { rating = 4 }), HttpStatusCode.Conflict);
        Assert.Equal("Reported", problem.GetProperty("currentState").GetString());
        Assert.Equal(["Dispatch", "Cancel"], problem.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()));
        Assert.Contains("Reported", problem.GetProperty("detail").GetString());

        await Api.Act(id, "dispatch", new { stationId = "chengxiang" });
        await Api.Act(id, "accept");
        var twice = await AssertProblem(await Api.Post(id, "accept"), HttpStatusCode.Conflict);
        Assert.Contains("Accepted by 顾建华", twice.GetProperty("detail").GetString());

        await AssertProblem(await Api.Post(id, "dispatch", new { stationId = "shaxi" }), HttpStatusCode.Conflict);
        Assert.Equal(3, (await Api.Demand(id)).GetProperty("demand").GetProperty("version").GetInt32());
        Assert.Equal(1, before.GetProperty("demand").GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Action_bodies_are_validated_before_anything_changes()
    {
        var id = await Api.ReportId();
        await AssertField(await Api.Post(id, "dispatch", new { }), "stationId");
        await AssertField(await Api.Post(id, "dispatch", new { stationId = "atlantis" }), "stationId");
        await Api.Act(id, "dispatch", new { stationId = "chengxiang" });
        await AssertField(await Api.Post(id, "return", new { reason = "" }), "reason");
        await Api.Act(id, "accept");
        await AssertField(await Api.Post(id, "assign", new { workerId = "w999" }), "workerId");
        var otherStationWorker = (await Api.Get("/api/workers?station=shaxi"))[0].GetProperty("id").GetString();
        await AssertField(await Api.Post(id, "assign", new { workerId = otherStationWorker }), "workerId");
        var worker = (await Api.Get("/api/workers?station=chengxiang"))[0].GetProperty("id").GetString();
        await Api.Act(id, "assign", new { workerId = worker });
        await AssertField(await Api.Post(id, "contact", new { note = "" }), "note");
        await Api.Act(id, "contact", new { note = "已联系" });
        await AssertField(await Api.Post(id, "steps", new { note = "no step" }), "step");
        await AssertProblem(await Api.Post(id, "steps", DemandApi.StepBody("Plan", Api.Today)), HttpStatusCode.Conflict);
        await Api.Step(id, "Assessment");
        await AssertField(await Api.Post(id, "steps", new { step = "Grading", note = "no form" }), "form");
        await AssertField(await Api.Post(id, "steps", new { step = "Grading", grading = new { reason = "no risk" } }), "form.riskLevel");
        await AssertField(await Api.Post(id, "steps", new { step = "Grading", grading = new { riskLevel = "High" } }), "form.reason");
        await AssertField(await Api.Post(id, "steps", new { step = "Grading", followUp = new { result = "另一步骤的表单" } }), "form");
        Assert.Equal(6, (await Api.Demand(id)).GetProperty("demand").GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_callback_rating_must_be_1_to_5()
    {
        var id = await Api.ReportId();
        await AssertProblem(await Api.Post(id, "callback", new { rating = 4 }), HttpStatusCode.Conflict);
        await AssertField(await Api.Post(id, "callback", new { rating = 0 }), "rating");
        await AssertField(await Api.Post(id, "callback", new { rating = 6 }), "rating");
        await AssertField(await Api.Post(id, "callback", new { }), "rating");
    }

    [Fact]
    public async Task Query_parameters_are_checked()
    {
        await AssertField(await Http.GetAsync("/api/demands?limit=0"), "limit");
        await AssertField(await Http.GetAsync("/api/demands?limit=100000"), "limit");
        await AssertProblem(await Http.GetAsync("/api/demands?state=Sleeping"), HttpStatusCode.BadRequest);
        await AssertField(await Http.GetAsync("/api/kpis?from=2026-11-03T00:00:00Z&to=2026-11-02T00:00:00Z"), "from");
        await AssertProblem(await Http.GetAsync("/api/kpis?from=yesterday"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Huge_text_is_refused_with_its_length()
    {
        var body = DemandApi.NewDemand(description: new string('长', 5000));
        var problem = await AssertProblem(await Http.PostAsJsonAsync("/api/demands", body), HttpStatusCode.BadRequest);
        Assert.Contains("5000", problem.GetProperty("errors").GetProperty("description")[0].GetString());
    }

    private static async Task AssertField(HttpResponseMessage response, string field)
    {
        var problem = await AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"expected an error on {field}: {problem}");
    }

    private static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }
}
