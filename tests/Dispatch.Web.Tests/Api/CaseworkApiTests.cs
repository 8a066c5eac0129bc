using System.Net;
using System.Text.Json;
using Dispatch.Testing;
using Dispatch.Web.Tests.Infrastructure;

namespace Dispatch.Web.Tests.Api;

/// <summary>
/// Casework steps with their forms, and referral (转介), through the HTTP API on the real host and Azurite. One host for
/// the class: each test walks a demand of its own.
/// </summary>
public sealed class CaseworkApiTests(AzuriteFixture azurite, ClassHost host) : ApiTest(azurite, host.App(() => new(azurite))), IClassFixture<ClassHost>
{
    [Fact]
    public async Task Steps_keep_their_forms_and_a_referral_is_answered_before_the_case_closes()
    {
        var id = await InService();
        var today = Api.Today;
        foreach (var step in DemandApi.Steps)
        {
            await Api.Step(id, step, risk: "High");
        }

        var demand = (await Api.Demand(id)).GetProperty("demand");
        var plan = demand.GetProperty("timeline").EnumerateArray().Single(e => e.GetProperty("step").GetString() == "Plan").GetProperty("form");
        Assert.Equal("Plan", plan.GetProperty("$type").GetString());
        Assert.Equal("每周两次助餐到户", plan.GetProperty("goals")[0].GetString());
        Assert.Equal("镇慈善基金", plan.GetProperty("actions")[0].GetProperty("resource").GetString());
        Assert.Equal(Day(today.AddDays(14)), plan.GetProperty("actions")[0].GetProperty("due").GetString());
        Assert.Equal("High", demand.GetProperty("riskLevel").GetString());
        Assert.Equal(2, demand.GetProperty("services")[0].GetProperty("personTimes").GetInt32());
        Assert.Equal(Day(today.AddDays(7)), demand.GetProperty("nextFollowUpOn").GetString());

        // 转介: the assigned worker refers; the case stays in service and cannot close until the department answers.
        var referred = (await Api.Act(id, "refer", new { department = "镇司法所", reason = "赡养纠纷，需司法调解" })).GetProperty("demand");
        Assert.Equal("InService", referred.GetProperty("state").GetString());
        Assert.Equal("R1", referred.GetProperty("referrals")[0].GetProperty("id").GetString());
        var close = await Api.Post(id, "close", new { summary = "结案" });
        Assert.Equal(HttpStatusCode.Conflict, close.StatusCode);
        Assert.Contains("R1 (镇司法所)", (await DemandApi.Read(close)).GetProperty("detail").GetString());
        var unknown = await Api.Post(id, "referrals/R9/answer", new { answer = "已受理" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await DemandApi.Read(unknown)).GetProperty("errors").TryGetProperty("referralId", out _));

        // The department's answer comes back through the dispatcher.
        var answered = (await Api.Act(id, "referrals/R1/answer", new { answer = "已受理，安排调解" })).GetProperty("demand");
        Assert.Equal("已受理，安排调解", answered.GetProperty("referrals")[0].GetProperty("answer").GetString());
        var summary = (await Api.Get("/api/demands")).EnumerateArray().Single(d => d.GetProperty("id").GetString() == id);
        Assert.Equal(0, summary.GetProperty("openReferrals").GetInt32());
        Assert.Equal("ElderlyAndChildCare", summary.GetProperty("services")[0].GetProperty("serviceType").GetString());
        Assert.Equal("镇慈善基金", summary.GetProperty("resourcesLinked")[0].GetProperty("name").GetString());
        await Api.Act(id, "close", new { summary = "结案" });
    }

    // One host and one demand for all the cases: a host per case would cost seconds each, and a refused step changes nothing.
    private static readonly (string Body, string Field)[] MissingParts =
    [
        ("""{"step":"Assessment"}""", "form"),
        ("""{"step":"Assessment","note":"只有备注"}""", "form"),
        ("""{"step":"Assessment","assessment":{}}""", "form.needs"),
        ("""{"step":"Assessment","assessment":{"needs":[]}}""", "form.needs"),
        ("""{"step":"Assessment","assessment":{"needs":[null]}}""", "form.needs[0]"),
        ("""{"step":"Assessment","assessment":{"needs":[{"description":"需要助餐"}]}}""", "form.needs[0].serviceType"),
        ("""{"step":"Assessment","assessment":{"needs":[{"serviceType":"SocialAssistance"}]}}""", "form.needs[0].description"),
        ("""{"step":"Assessment","grading":{"riskLevel":"High","reason":"另一步骤"}}""", "form"),
        ("""{"step":"Assessment","assessment":{"needs":[{"serviceType":"SocialAssistance","description":"x"}]},"plan":{"goals":["另一步骤"]}}""", "form"),
    ];

    [Fact]
    public async Task A_form_missing_a_part_is_400_naming_the_field_and_changes_nothing()
    {
        var id = await InService();
        var version = await Version(id);
        foreach (var (body, field) in MissingParts)
        {
            var response = await Api.Post(id, "steps", JsonDocument.Parse(body).RootElement);

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body}: {(int)response.StatusCode}");
            var problem = await DemandApi.Read(response);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{body}: expected an error on {field}: {problem}");
        }
        Assert.Equal(version, await Version(id));
    }

    private static readonly string[] MalformedForms =
    [
        """{"step":"Assessment","assessment":"needs"}""",
        """{"step":"Assessment","assessment":{"needs":[{"serviceType":"Bogus","description":"x"}]}}""",
        """{"step":"Assessment","assessment":{"needz":[]}}""",
        """{"step":"Execution","execution":{"services":[{"serviceType":"SocialAssistance","personTimes":"many","on":"2026-11-02","description":"x"}]}}""",
        """{"step":"Plan","plan":{"goals":["a"],"actions":[{"description":"a","due":"next week"}]}}""",
    ];

    [Fact]
    public async Task A_malformed_form_is_400_with_the_readers_message_never_500()
    {
        var id = await InService();
        foreach (var body in MalformedForms)
        {
            var response = await Api.Post(id, "steps", JsonDocument.Parse(body).RootElement);

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.False(string.IsNullOrWhiteSpace((await DemandApi.Read(response)).GetProperty("detail").GetString()), body);
        }
    }

    [Fact]
    public async Task The_next_follow_up_beyond_the_risks_interval_is_400_on_its_field()
    {
        var id = await InService();
        foreach (var step in DemandApi.Steps[..^1])
        {
            await Api.Step(id, step, risk: "High");
        }

        var late = await Api.Post(id, "steps", new
        {
            step = "FollowUp",
            followUp = new { result = "状况稳定", nextFollowUpOn = Api.Today.AddDays(8) },
        });

        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        var message = (await DemandApi.Read(late)).GetProperty("errors").GetProperty("form.nextFollowUpOn")[0].GetString();
        Assert.Contains("within 7 days", message);
    }

    /// <summary>A fresh demand walked by the flow's own users to first contact.</summary>
    private async Task<string> InService()
    {
        var id = await Api.ReportId();
        await Api.Act(id, "dispatch", new { stationId = "chengxiang" });
        await Api.Act(id, "accept");
        await Api.Act(id, "assign", new { workerId = "w001" });
        await Api.Act(id, "contact", new { note = "已联系" });
        return id;
    }

    private async Task<int> Version(string id) => (await Api.Demand(id)).GetProperty("demand").GetProperty("version").GetInt32();

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd");
}
