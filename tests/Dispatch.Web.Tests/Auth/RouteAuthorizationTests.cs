using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.Audit;
using Dispatch.Web.Testing;
using Dispatch.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Auth;

/// <summary>
/// Every API route × every role (and nobody): who is let through and who is refused, on the real host. An action is
/// tried on a demand in a state that allows it, by every refused user first (each must leave it unchanged), then by the
/// allowed one, so a 403 can only come from authorization. Reads of another station's or worker's demand are 404.
/// Every refusal is in the audit trail, saying whether the role, the station or the assignment stood in the way; so is
/// every request with a bad token or cookie, on every route, with what was wrong with it.
/// </summary>
public sealed class RouteAuthorizationTests(AzuriteFixture azurite) : ApiTest(azurite)
{
    public enum Who { Anonymous, Dispatcher, Leader, Admin, Head, OtherHead, Worker, OtherWorker }

    /// <summary>How far a demand has gone before the request: each action needs the state that allows it.</summary>
    public enum Stage { None, Reported, Dispatched, Accepted, Assigned, InService, Referred, AllSteps, Closed }

    private const string Station = "chengxiang";
    private const string OtherStation = "shaxi";
    private const string AssignedWorker = "w001";
    private const string OtherWorker = "w002";

    private static readonly Who[] Everyone = Enum.GetValues<Who>();

    private static readonly Who[] SignedIn = [.. Everyone.Where(w => w != Who.Anonymous)];

    private static readonly object KeyPersonEntry = new
    {
        name = "王秀英",
        idNumber = "11010519491231002X",
        communityId = "chengxiang-c01",
        categories = new[] { new { categoryId = "elderly-alone", since = "2026-01-01" } },
    };

    /// <summary>The table: method, route, the demand it needs, the body, and who gets through (everyone else is refused).</summary>
    private static readonly Row[] Table =
    [
        Read("/api/communities", "/api/communities", SignedIn),
        Read("/api/categories", "/api/categories", SignedIn),
        Read("/api/coverage", "/api/coverage", SignedIn),
        Read("/api/stations", "/api/stations", SignedIn),
        Read("/api/stations/{id}", $"/api/stations/{Station}", SignedIn),
        Read("/api/workers", "/api/workers", SignedIn),
        Read("/api/workers/{id}", $"/api/workers/{AssignedWorker}", SignedIn),
        Read("/api/kpis", "/api/kpis", [Who.Dispatcher, Who.Leader, Who.Admin, Who.Head, Who.OtherHead]),
        Read("/api/kpis/stations", "/api/kpis/stations", [Who.Dispatcher, Who.Leader, Who.Admin, Who.Head, Who.OtherHead]),
        Read("/api/kpis/workers", "/api/kpis/workers", [Who.Dispatcher, Who.Leader, Who.Admin, Who.Head, Who.OtherHead]),
        Read("/api/reports/{month}", "/api/reports/2026-11", [Who.Dispatcher, Who.Leader, Who.Admin]),
        Read("/api/reports/{month}/stations/{stationId}", $"/api/reports/2026-11/stations/{Station}", [Who.Dispatcher, Who.Leader, Who.Admin, Who.Head]),
        Read("/api/key-persons", "/api/key-persons", SignedIn),
        // Nobody is registered on this host: a person looked up or visited is unknown to everyone (the API tests cover visits).
        new("GET", "/api/key-persons/{id}", Stage.None, null, [], Denied: HttpStatusCode.NotFound, Path: "/api/key-persons/kp-nobody"),
        new("POST", "/api/key-persons/{id}/visits", Stage.None, new { on = "2026-11-02", found = true, observations = "走访" }, [],
            Denied: HttpStatusCode.NotFound, Path: "/api/key-persons/kp-nobody/visits"),
        new("POST", "/api/key-persons", Stage.None, KeyPersonEntry, [Who.Admin, Who.Head]),
        new("POST", "/api/stations/{stationId}/key-persons/import", Stage.None, new { }, [Who.Admin, Who.Head],
            Success: HttpStatusCode.BadRequest, Path: $"/api/stations/{Station}/key-persons/import"),
        Read("/api/stations/{stationId}/key-persons/export.xlsx", $"/api/stations/{Station}/key-persons/export.xlsx", [Who.Admin, Who.Head]),
        Read("/api/stations/{stationId}/key-persons/export.csv", $"/api/stations/{Station}/key-persons/export.csv", [Who.Admin, Who.Head]),
        Read("/api/reports/{month}.xlsx", "/api/reports/2026-11.xlsx", [Who.Dispatcher, Who.Leader, Who.Admin]),
        Read("/api/reports/{month}/stations/{stationId}.xlsx", $"/api/reports/2026-11/stations/{Station}.xlsx", [Who.Dispatcher, Who.Leader, Who.Admin, Who.Head]),
        Read("/api/visits/plan", "/api/visits/plan", SignedIn),
        Read("/api/visits/rates", "/api/visits/rates", SignedIn),
        Read("/api/audit", "/api/audit", [Who.Admin]),
        Read("/api/demands", "/api/demands", SignedIn),
        new("POST", "/api/demands", Stage.None, DemandApi.NewDemand(), [Who.Dispatcher, Who.Worker, Who.OtherWorker], HttpStatusCode.Created),
        // Reads of one demand: those who may not see it cannot tell it from a missing one.
        new("GET", "/api/demands/{id}", Stage.Assigned, null, [Who.Dispatcher, Who.Leader, Who.Admin, Who.Head, Who.Worker], Denied: HttpStatusCode.NotFound),
        new("GET", "/api/demands/{id}/recommendations", Stage.Dispatched, null, [Who.Dispatcher, Who.Head], Denied: HttpStatusCode.NotFound),
        Action("dispatch", Stage.Reported, new { stationId = Station }, Who.Dispatcher),
        Action("cancel", Stage.Reported, new { reason = "重复上报" }, Who.Dispatcher),
        Action("accept", Stage.Dispatched, new { }, Who.Head),
        Action("return", Stage.Dispatched, new { reason = "不属于本站服务范围" }, Who.Head),
        Action("assign", Stage.Accepted, new { workerId = AssignedWorker }, Who.Head),
        Action("contact", Stage.Assigned, new { note = "已电话联系" }, Who.Worker),
        Action("steps", Stage.InService, DemandApi.StepBody("Assessment", FollowUpPolicy.ChinaDate(DispatchAppFactory.Start)), Who.Worker),
        Action("refer", Stage.InService, new { department = "镇司法所", reason = "需司法调解" }, Who.Worker),
        // The answer often comes back through the center; each who may answers one of the open referrals.
        new("POST", "/api/demands/{id}/referrals/{referralId}/answer", Stage.Referred, new { answer = "已受理" }, [Who.Dispatcher, Who.Worker]),
        Action("close", Stage.AllSteps, new { summary = "服务完成" }, Who.Worker),
        Action("callback", Stage.Closed, new { rating = 5 }, Who.Dispatcher),
    ];

    [Fact]
    public async Task Every_route_lets_through_exactly_the_roles_it_should()
    {
        var mismatches = new List<string>();
        var refusals = new List<(string User, string Action, AuditOutcome Outcome, AuditReason? Reason)>();
        foreach (var row in Table)
        {
            var id = row.Stage == Stage.None ? null : await DemandIn(row.Stage);
            var versionBefore = id is null ? 0 : await Version(id);
            // The refused go first: the demand must still be in the state that allows the action when its user comes.
            foreach (var who in Everyone.OrderBy(w => row.Allowed.Contains(w)))
            {
                var expected = row.Allowed.Contains(who) ? row.Success : who == Who.Anonymous ? HttpStatusCode.Unauthorized : row.Denied;
                var response = await Send(await Client(who), row, id);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    refusals.Add(Refusal(row, who, response));
                }
                if (response.StatusCode != expected)
                {
                    mismatches.Add($"{row.Method} {row.Pattern} as {who}: expected {(int)expected}, got {(int)response.StatusCode} {body}");
                }
                else if ((int)expected >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    mismatches.Add($"{row.Method} {row.Pattern} as {who}: {(int)expected} is not problem+json");
                }
                if (row.Method == "POST" && id is not null && !row.Allowed.Contains(who) && await Version(id) != versionBefore)
                {
                    mismatches.Add($"{row.Method} {row.Pattern} as {who}: a refused request changed the demand");
                }
            }
        }
        mismatches.AddRange(AuditReader.Missing(await AuditReader.Read(App), refusals));
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    /// <summary>
    /// The audit entry a refusal should leave. A head refused what their own station's head may do was refused for the
    /// station; a worker refused what the assigned worker may do, for the assignment; anyone else, for their role.
    /// </summary>
    private static (string, string, AuditOutcome, AuditReason?) Refusal(Row row, Who who, HttpResponseMessage response)
    {
        var action = $"{row.Method} {response.RequestMessage!.RequestUri!.AbsolutePath}";
        if (who == Who.Anonymous)
        {
            return (AuditEntry.Anonymous, action, AuditOutcome.Unauthenticated, AuditReason.NoCredentials);
        }
        var reason = who == Who.OtherHead && row.Allowed.Contains(Who.Head) ? AuditReason.Station
            : who == Who.OtherWorker && row.Allowed.Contains(Who.Worker) ? AuditReason.Worker
            : AuditReason.Role;
        return (UserName(who), action, AuditOutcome.Forbidden, reason);
    }

    [Fact]
    public async Task Bad_tokens_and_cookies_are_401_problems_on_every_route_and_audited_with_what_was_wrong()
    {
        var revoked = await RevokedTokens();
        var forged = ForgedTokens.From(await App.TokenFor(DemoUsers.Dispatcher));
        var cookie = await AlteredCookie();
        var bad = forged.Select(t => (t.Kind, Credential: Bearer(t.Token), AuditEntry.Anonymous, t.Reason))
            .Concat(revoked.Select(t => (t.Kind, Credential: Bearer(t.Token), t.User, t.Reason)))
            .Append(("altered sign-in cookie", Cookie(cookie), AuditEntry.Anonymous, AuditReason.BadSession))
            .ToList();
        var mismatches = new List<string>();
        var expected = new List<(string User, string Action, AuditOutcome Outcome, AuditReason? Reason)>();
        foreach (var (kind, credential, user, reason) in bad)
        {
            foreach (var row in Table)
            {
                var path = row.Path ?? row.Pattern.Replace("{id}", "20261102-NOSUCH").Replace("{referralId}", "R1");
                using var request = new HttpRequestMessage(new HttpMethod(row.Method), path)
                {
                    Content = row.Method == "GET" ? null : JsonContent.Create(row.Body),
                };
                credential(request);
                var response = await App.Anonymous().SendAsync(request);
                if (response.StatusCode != HttpStatusCode.Unauthorized || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    mismatches.Add($"{row.Method} {path} with {kind}: {(int)response.StatusCode} {response.Content.Headers.ContentType}");
                }
                expected.Add((user, $"{row.Method} {path}", AuditOutcome.Unauthenticated, reason));
            }
        }
        var trail = await AuditReader.Read(App);
        mismatches.AddRange(AuditReader.Missing(trail, expected));
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        // Nothing of any credential went into the trail, only what was wrong with it.
        var secrets = forged.Select(t => t.Token).Concat(revoked.Select(t => t.Token)).SelectMany(t => t.Split('.'))
            .Where(part => part.Length > 8).Append(cookie.Split('=', 2)[1]).ToList();
        Assert.DoesNotContain(trail, e => secrets.Any(secret => e.ToString().Contains(secret)));
    }

    /// <summary>Real tokens whose accounts changed after they were issued: disabled, password reset, or gone.</summary>
    private async Task<IReadOnlyList<(string Kind, string Token, string User, AuditReason Reason)>> RevokedTokens()
    {
        var accounts = App.Services.GetRequiredService<AccountService>();
        var admin = new DispatchUser(DemoUsers.Admin, "admin", ActorRole.Admin);
        var disabled = await App.WorkerUser("w003");
        var disabledToken = await App.TokenFor(disabled);
        Assert.Null(await accounts.SetEnabled(admin, disabled, enabled: false));
        var reset = await App.WorkerUser("w004");
        var resetToken = await App.TokenFor(reset);
        Assert.Null(await accounts.ResetPassword(admin, reset, "a-brand-new-password"));
        // There is no deleting accounts: a well-signed token naming one that is not there stands in for it.
        var gone = ForgedTokens.Sign(new Dictionary<string, object>(ForgedTokens.ClaimsOf(resetToken)) { ["sub"] = "no-such-user" }, DateTime.UtcNow.AddHours(1));
        return
        [
            ("token of a disabled user", disabledToken, disabled, AuditReason.AccountDisabled),
            ("token from before a password reset", resetToken, reset, AuditReason.PasswordChanged),
            ("token of a user who is gone", gone, "no-such-user", AuditReason.AccountGone),
        ];
    }

    /// <summary>A real sign-in cookie with one character of its protected ticket changed.</summary>
    private async Task<string> AlteredCookie()
    {
        var browser = App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var page = await browser.GetAsync("/account/login");
        var form = CookieSignIn.Form(DemoUsers.Dispatcher, DemoUsers.Password, CookieSignIn.AntiforgeryToken(await CookieSignIn.Html(page)));
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login") { Content = form };
        post.Headers.Add("Cookie", string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        var signedIn = await browser.SendAsync(post);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("dispatch.auth="));
        // The same cookie unaltered is let in: the refusal can only be the alteration.
        using var check = new HttpRequestMessage(HttpMethod.Get, "/api/demands");
        Cookie(cookie)(check);
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(check)).StatusCode);
        var middle = cookie.Length / 2;
        return cookie[..middle] + (cookie[middle] == 'A' ? 'B' : 'A') + cookie[(middle + 1)..];
    }

    private static Action<HttpRequestMessage> Bearer(string token) =>
        request => request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

    private static Action<HttpRequestMessage> Cookie(string cookie) => request => request.Headers.Add("Cookie", cookie);

    [Fact]
    public async Task The_table_covers_every_api_route_and_only_the_token_route_is_open()
    {
        var mapped = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api") == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(method => $"{method} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .ToHashSet();
        var tabled = Table.Select(r => $"{r.Method} {r.Pattern}").Append("POST /api/auth/token").ToHashSet();
        Assert.True(mapped.SetEquals(tabled),
            $"not in the table: {string.Join(", ", mapped.Except(tabled))}; in the table but not mapped: {string.Join(", ", tabled.Except(mapped))}");

        var anonymous = App.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
        // Not even a route that does not exist answers an anonymous caller with anything but 401.
        var unknown = await anonymous.GetAsync("/api/no-such-route");
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Null(unknown.Headers.Location);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.GetAsync("/api/no-such-route")).StatusCode);
    }

    [Fact]
    public async Task A_station_head_and_a_worker_see_only_their_own_orders_everywhere_they_are_listed()
    {
        var assigned = await DemandIn(Stage.Assigned);
        var elsewhere = await Api.ReportId(DemandApi.NewDemand("shaxi-c01"));
        await Api.Act(elsewhere, "dispatch", new { stationId = OtherStation });

        async Task<HashSet<string>> Ids(Who who, string path)
        {
            var json = await DemandApi.Read(await (await Client(who)).GetAsync(path));
            var list = json.ValueKind == JsonValueKind.Array ? json
                : json.TryGetProperty("openOrders", out var orders) ? orders : json.GetProperty("openCases");
            return [.. list.EnumerateArray().Select(d => d.GetProperty("id").GetString()!)];
        }

        Assert.Superset(new HashSet<string> { assigned, elsewhere }, await Ids(Who.Dispatcher, "/api/demands"));
        Assert.Equal([assigned], await Ids(Who.Head, "/api/demands"));
        Assert.Equal([elsewhere], await Ids(Who.OtherHead, "/api/demands"));
        Assert.Equal([assigned], await Ids(Who.Worker, "/api/demands"));
        Assert.Empty(await Ids(Who.OtherWorker, "/api/demands"));
        // The directory is open to every role, but not the orders it lists.
        Assert.Equal([assigned], await Ids(Who.Head, $"/api/stations/{Station}"));
        Assert.Empty(await Ids(Who.OtherHead, $"/api/stations/{Station}"));
        Assert.Equal([assigned], await Ids(Who.Worker, $"/api/workers/{AssignedWorker}"));
        Assert.Empty(await Ids(Who.OtherWorker, $"/api/workers/{AssignedWorker}"));
        Assert.Equal([assigned], await Ids(Who.Leader, $"/api/workers/{AssignedWorker}"));

        // A station head's KPIs are their own station's only.
        var kpis = await DemandApi.Read(await (await Client(Who.OtherHead)).GetAsync("/api/kpis/stations"));
        Assert.Equal([OtherStation], kpis.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("stationId").GetString()));
    }

    [Fact]
    public async Task Acting_on_an_id_one_cannot_see_is_403_whether_or_not_it_exists_and_the_body_is_not_checked_first()
    {
        var accepted = await DemandIn(Stage.Accepted);
        var otherHead = await Client(Who.OtherHead);
        // A worker of the other station would be a field error on the head's own order, naming the station holding it.
        var shaxiWorker = (await Api.Get($"/api/workers?station={OtherStation}"))[0].GetProperty("id").GetString();
        var onOthers = await otherHead.PostAsJsonAsync($"/api/demands/{accepted}/assign", new { workerId = shaxiWorker });
        Assert.Equal(HttpStatusCode.Forbidden, onOthers.StatusCode);
        Assert.DoesNotContain(Station, await onOthers.Content.ReadAsStringAsync());
        var onMissing = await otherHead.PostAsJsonAsync("/api/demands/20260101-NOSUCH/accept", new { });
        Assert.Equal(HttpStatusCode.Forbidden, onMissing.StatusCode);
        var workerOnMissing = await (await Client(Who.Worker)).PostAsJsonAsync("/api/demands/20260101-NOSUCH/contact", new { note = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, workerOnMissing.StatusCode);
    }

    private static Row Read(string pattern, string path, Who[] allowed) =>
        new("GET", pattern, Stage.None, null, allowed, Path: path);

    private static Row Action(string action, Stage stage, object body, Who allowed) =>
        new("POST", $"/api/demands/{{id}}/{action}", stage, body, [allowed]);

    private async Task<HttpResponseMessage> Send(HttpClient client, Row row, string? id)
    {
        var path = row.Path ?? row.Pattern.Replace("{id}", id);
        if (path.Contains("{referralId}"))
        {
            var open = (await Api.Demand(id!)).GetProperty("demand").GetProperty("openReferrals");
            path = path.Replace("{referralId}", open.GetArrayLength() == 0 ? "R1" : open[0].GetProperty("id").GetString());
        }
        return row.Method == "GET" ? await client.GetAsync(path) : await client.PostAsJsonAsync(path, row.Body);
    }

    private async Task<HttpClient> Client(Who who) => who == Who.Anonymous ? App.Anonymous() : await App.ClientFor(UserName(who));

    private static string UserName(Who who) => who switch
    {
        Who.Dispatcher => DemoUsers.Dispatcher,
        Who.Leader => DemoUsers.Leader,
        Who.Admin => DemoUsers.Admin,
        Who.Head => DemoUsers.HeadOf(Station),
        Who.OtherHead => DemoUsers.HeadOf(OtherStation),
        Who.Worker => DemoUsers.WorkerUser(AssignedWorker),
        Who.OtherWorker => DemoUsers.WorkerUser(OtherWorker),
        _ => throw new ArgumentOutOfRangeException(nameof(who), who, "Nobody signs in as anonymous."),
    };

    /// <summary>A fresh demand of <see cref="Station"/>'s, walked by the flow's own users to <paramref name="stage"/>.</summary>
    private async Task<string> DemandIn(Stage stage)
    {
        var id = await Api.ReportId();
        var steps = new (Stage Reached, string Action, object Body)[]
        {
            (Stage.Dispatched, "dispatch", new { stationId = Station }),
            (Stage.Accepted, "accept", new { }),
            (Stage.Assigned, "assign", new { workerId = AssignedWorker }),
            (Stage.InService, "contact", new { note = "已联系" }),
        };
        foreach (var (reached, action, body) in steps.TakeWhile(s => s.Reached <= stage))
        {
            await Api.Act(id, action, body);
        }
        if (stage == Stage.Referred)
        {
            await Api.Act(id, "refer", new { department = "镇司法所", reason = "赡养纠纷" });
            await Api.Act(id, "refer", new { department = "镇民政办", reason = "申请低保" });
        }
        if (stage >= Stage.AllSteps)
        {
            foreach (var step in DemandApi.Steps)
            {
                await Api.Step(id, step, risk: "Low");
            }
        }
        if (stage >= Stage.Closed)
        {
            await Api.Act(id, "close", new { summary = "服务完成" });
        }
        return id;
    }

    private async Task<int> Version(string id) => (await Api.Demand(id)).GetProperty("demand").GetProperty("version").GetInt32();

    private sealed record Row(
        string Method, string Pattern, Stage Stage, object? Body, Who[] Allowed,
        HttpStatusCode Success = HttpStatusCode.OK, HttpStatusCode Denied = HttpStatusCode.Forbidden, string? Path = null);
}
