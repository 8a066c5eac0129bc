using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.DemoData;
using Dispatch.Web.Demands;
using Dispatch.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Dispatch.Web.Tests.Fuzz;

/// <summary>
/// Generated hostile requests against every write route and every read route's parameters, on the real host and
/// storage, each sent by a user the route lets through so that validation, not authorization, answers. Whatever comes
/// in, nothing answers 5xx; every refusal is a problem with a message; a request wrong by construction is refused and
/// changes nothing anywhere (demands, directory, register, accounts, KPIs). The cases come from a seeded generator:
/// set DISPATCH_FUZZ_SEED to explore other cases; a failure prints the seed that reproduces it.
/// </summary>
public sealed class ApiFuzzTests(AzuriteFixture azurite, ITestOutputHelper output) : ApiTest(azurite)
{
    private const int DefaultSeed = 20261102;
    private const string Station = "chengxiang";
    private const string Worker = "w001";
    private static readonly string Head = DemoUsers.HeadOf(Station);
    private static readonly string WorkerUser = DemoUsers.WorkerUser(Worker);

    /// <summary>Several requests at once: the host must hold up under concurrent garbage too, and the run stays short.</summary>
    private const int Parallelism = 4;

    private static readonly int Seed =
        int.TryParse(Environment.GetEnvironmentVariable("DISPATCH_FUZZ_SEED"), CultureInfo.InvariantCulture, out var seed) ? seed : DefaultSeed;

    /// <summary>
    /// The demand flow in order, each with a valid body: a demand a route is fuzzed on has gone through the steps
    /// before the route's own, so it is in the state the route needs. The bodies are the seeds of the fuzzing.
    /// </summary>
    private static IReadOnlyList<FlowStep> Flow(DateOnly today) =>
    [
        new("dispatch", Who.Dispatcher, BodyShape.Of(new { stationId = Station, note = "请尽快联系" }, optional: ["note"])),
        new("accept", Who.Head, BodyShape.Of(new { note = "收到" }, optional: ["note"], bodyOptional: true)),
        new("assign", Who.Head, BodyShape.Of(new { workerId = Worker, note = "熟悉该户" }, optional: ["note"])),
        new("contact", Who.Worker, BodyShape.Of(new { note = "已电话联系" })),
        .. DemandApi.Steps.Select(step => new FlowStep("steps", Who.Worker, BodyShape.Of(DemandApi.StepBody(step, today),
            optional: ["followUp.revisedRiskLevel", "plan.actions[0].resource"],
            enums: ["step", "assessment.needs[0].serviceType", "grading.riskLevel", "execution.services[0].serviceType"]))),
        new("close", Who.Worker, BodyShape.Of(new { summary = "服务完成，状况稳定" })),
        new("callback", Who.Dispatcher, BodyShape.Of(new { rating = 5, note = "满意" }, optional: ["note"])),
    ];

    /// <summary>Routes off the straight flow: where on it their demand stands (how many flow steps it has had) and the body.</summary>
    private static readonly (int After, FlowStep Step)[] Branches =
    [
        (0, new("cancel", Who.Dispatcher, BodyShape.Of(new { reason = "重复上报" }))),
        (1, new("return", Who.Head, BodyShape.Of(new { reason = "不属于本站服务范围" }))),
        (4, new("refer", Who.Worker, BodyShape.Of(new { department = "镇司法所", reason = "需司法调解" }))),
        (4, new("referrals/{referralId}/answer", Who.Dispatcher, BodyShape.Of(new { answer = "已受理，下周上门" }))),
    ];

    public enum Who { Anonymous, Dispatcher, Head, Worker }

    public sealed record FlowStep(string Action, Who Who, BodyShape Shape);

    /// <summary>A route and the cases sent to it, with the path filled in.</summary>
    private sealed record Target(string Method, string Pattern, string Path, Who Who, IReadOnlyList<FuzzCase> Cases);

    [Fact]
    public async Task Every_generated_request_is_answered_below_500_and_the_wrong_ones_are_refused_and_change_nothing()
    {
        var random = new Random(Seed);
        var (targets, watched) = await WriteTargets(random);
        var reads = ReadTargets(random, watched);

        var unfuzzed = MappedWrites().Except(targets.Select(t => $"{t.Method} {t.Pattern}")).ToList();
        Assert.True(unfuzzed.Count == 0, $"write routes without a fuzz seed: {string.Join(", ", unfuzzed)}");

        var invalid = targets.Concat(reads).SelectMany(t => t.Cases.Where(c => c.Invalid).Select(c => (t, c))).ToList();
        var valid = targets.Concat(reads).SelectMany(t => t.Cases.Where(c => !c.Invalid).Select(c => (t, c))).ToList();
        var before = await Snapshot(watched);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var failures = await Send(invalid);
        var after = await Snapshot(watched);
        // The cases that may be accepted go last: what they store must not be taken for a change made by a wrong one.
        foreach (var failure in await Send(valid))
        {
            failures.Enqueue(failure);
        }
        foreach (var failure in failures)
        {
            output.WriteLine(failure);
        }
        output.WriteLine($"seed {Seed}: {invalid.Count} wrong and {valid.Count} maybe-valid cases on {targets.Count + reads.Count} routes in {started.Elapsed.TotalSeconds:F1} s");

        var changed = before.Where(b => after[b.Key] != b.Value).Select(b => $"{b.Key}:\n  before {Shown(b.Value)}\n  after  {Shown(after[b.Key])}").ToList();
        Assert.True(failures.IsEmpty && changed.Count == 0, $"seed {Seed} (set DISPATCH_FUZZ_SEED to repeat): {failures.Count} wrong answers\n"
            + $"{string.Join("\n", failures.Take(40))}\nwrong requests changed {changed.Count} reads:\n{string.Join("\n", changed)}");
    }

    /// <summary>
    /// Every POST route with its generated bodies, each on its own demand or person in the state the route needs; and the
    /// paths whose reads make up the snapshot of what must not change.
    /// </summary>
    private async Task<(List<Target> Targets, List<string> Watched)> WriteTargets(Random random)
    {
        // Every token first: signing in is itself fuzzed, and may be rate-limited once it is.
        foreach (var who in Enum.GetValues<Who>().Where(w => w != Who.Anonymous))
        {
            await Client(who);
        }
        var flow = Flow(Api.Today);
        var targets = new List<Target>();
        var watched = new List<string>();
        for (var i = 0; i < flow.Count; i++)
        {
            targets.Add(await DemandTarget(await DemandAfter(flow, i), flow[i], random, watched));
        }
        foreach (var (after, step) in Branches)
        {
            var id = await DemandAfter(flow, after);
            if (step.Action.Contains("{referralId}"))
            {
                await Api.Act(id, "refer", Branches.Single(b => b.Step.Action == "refer").Step.Shape.Seed);
            }
            targets.Add(await DemandTarget(id, step, random, watched));
        }
        targets.Add(Fuzz("/api/demands", "/api/demands", Who.Dispatcher,
            BodyShape.Of(DemandApi.NewDemand(), optional: ["person.phone", "person.address", "reporter.phone"],
                enums: ["serviceType", "urgency", "reporter.channel"]), random));
        // Beyond any body limit: refused whole, before a field is looked at.
        targets.Add(new Target("POST", "/api/demands", "/api/demands", Who.Dispatcher,
            [FuzzCase.Text("huge string", "a 31 MB description", JsonSerializer.Serialize(DemandApi.NewDemand(description: FuzzPayloads.Huge(31_000_000 / 3, random))), invalid: true)]));
        targets.Add(Fuzz("/api/auth/token", "/api/auth/token", Who.Anonymous,
            // Nobody of that name: a wrong password for a real user would count towards locking them out.
            BodyShape.Of(new { userName = "fuzz-nobody", password = DemoUsers.Password }), random));

        var entry = BodyShape.Of(new
        {
            name = "王秀英",
            idNumber = KeyPersonDemoData.NextIdNumber(new Random(Seed)),
            phone = "13800000000",
            communityId = Community,
            categories = new[] { new { categoryId = "elderly-alone", since = "2026-01-01" } },
            riskLevel = "Medium",
            notes = "独居，子女在外地",
        }, optional: ["phone", "riskLevel", "notes"], enums: ["riskLevel"]);
        var registered = await (await Client(Who.Head)).PostAsJsonAsync("/api/key-persons", entry.Seed);
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        var personId = (await DemandApi.Read(registered)).GetProperty("id").GetString()!;
        watched.Add($"/api/key-persons/{personId}");
        targets.Add(Fuzz("/api/key-persons", "/api/key-persons", Who.Head, entry, random));
        targets.Add(Fuzz("/api/key-persons/{id}/visits", $"/api/key-persons/{personId}/visits", Who.Worker, BodyShape.Of(new
        {
            on = Api.Today,
            found = true,
            observations = "老人精神尚可",
            needs = new[] { new { description = "需要助餐", serviceType = "ElderlyAndChildCare", urgency = "Normal" } },
        }, optional: ["needs"], enums: ["needs[0].serviceType", "needs[0].urgency"]), random));
        var import = $"/api/stations/{Station}/key-persons/import";
        targets.Add(new Target("POST", "/api/stations/{stationId}/key-persons/import", import + "?dryRun=false", Who.Head, await RegisterUploads.Cases(random)));
        foreach (var (query, cases) in await RegisterUploads.QueryCases(random))
        {
            targets.Add(new Target("POST", "/api/stations/{stationId}/key-persons/import", import + query, Who.Head, cases));
        }
        return (targets, watched);
    }

    private async Task<Target> DemandTarget(string id, FlowStep step, Random random, List<string> watched)
    {
        watched.Add($"/api/demands/{id}");
        var path = $"/api/demands/{id}/{step.Action}";
        if (step.Action.Contains("{referralId}"))
        {
            var referral = (await Api.Demand(id)).GetProperty("demand").GetProperty("openReferrals")[0].GetProperty("id").GetString();
            path = path.Replace("{referralId}", referral);
        }
        return Fuzz($"/api/demands/{{id}}/{step.Action}", path, step.Who, step.Shape, random);
    }

    private static Target Fuzz(string pattern, string path, Who who, BodyShape shape, Random random) =>
        new("POST", pattern, path, who, [.. new BodyFuzzer(shape, random).Cases()]);

    /// <summary>A fresh demand of the station's that has had the first <paramref name="steps"/> steps of the flow.</summary>
    private async Task<string> DemandAfter(IReadOnlyList<FlowStep> flow, int steps)
    {
        var id = await Api.ReportId();
        foreach (var step in flow.Take(steps))
        {
            await Api.Act(id, step.Action, step.Shape.Seed);
        }
        return id;
    }

    /// <summary>
    /// Every GET route's query and route parameters from the API description, so a new parameter is fuzzed without a
    /// line here: typed ones with values their type cannot hold, every one with hostile text.
    /// </summary>
    private List<Target> ReadTargets(Random random, List<string> watched)
    {
        var personId = watched.Single(w => w.StartsWith("/api/key-persons/", StringComparison.Ordinal))["/api/key-persons/".Length..];
        var demandId = watched.First()["/api/demands/".Length..];
        var targets = new List<Target>();
        var descriptions = App.Services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items
            .SelectMany(g => g.Items)
            .Where(d => d.HttpMethod == "GET" && d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true);
        foreach (var description in descriptions)
        {
            var pattern = "/" + description.RelativePath!;
            var parameters = description.ParameterDescriptions
                .Where(p => p.Source == BindingSource.Query || p.Source == BindingSource.Path).ToList();
            string Valid(ApiParameterDescription p) => p.Name switch
            {
                "month" => "2026-11",
                "stationId" => Station,
                "id" when pattern.StartsWith("/api/demands", StringComparison.Ordinal) => demandId,
                "id" when pattern.StartsWith("/api/workers", StringComparison.Ordinal) => Worker,
                "id" when pattern.StartsWith("/api/key-persons", StringComparison.Ordinal) => personId,
                _ => Station,
            };
            var who = pattern.Contains("/key-persons/export", StringComparison.Ordinal) ? Who.Head : Who.Dispatcher;
            foreach (var parameter in parameters)
            {
                foreach (var (value, invalid) in QueryValues.For(Nullable.GetUnderlyingType(parameter.Type) ?? parameter.Type, parameter.Name, random))
                {
                    var path = pattern;
                    var query = new List<string>();
                    foreach (var p in parameters)
                    {
                        var encoded = p == parameter ? value : p.Source == BindingSource.Path ? Uri.EscapeDataString(Valid(p)) : null;
                        if (p.Source == BindingSource.Path)
                        {
                            path = path.Replace($"{{{p.Name}}}", encoded);
                        }
                        else if (encoded is not null)
                        {
                            query.Add($"{p.Name}={encoded}");
                        }
                    }
                    var url = query.Count == 0 ? path : $"{path}?{string.Join('&', query)}";
                    targets.Add(new Target("GET", pattern, url, who,
                        [new FuzzCase("parameter", $"{parameter.Name} = {Shown(value)}", null, null, invalid)]));
                }
            }
        }
        return targets;
    }

    /// <summary>What each case got that it should not have; empty when every answer was right.</summary>
    private async Task<ConcurrentQueue<string>> Send(List<(Target Target, FuzzCase Case)> cases)
    {
        var failures = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (item, _) =>
        {
            var (target, fuzz) = item;
            var client = await Client(target.Who);
            using var request = new HttpRequestMessage(new HttpMethod(target.Method), target.Path) { Content = fuzz.Content() };
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                failures.Enqueue($"{target.Method} {target.Pattern} {fuzz}: no answer ({e.GetType().Name}: {e.Message})");
                return;
            }
            using (response)
            {
                if (await Wrong(response, fuzz.Invalid) is { } wrong)
                {
                    failures.Enqueue($"{target.Method} {target.Path[..Math.Min(target.Path.Length, 120)]} {fuzz}: {wrong}");
                }
            }
        });
        return failures;
    }

    /// <summary>Why the answer is wrong for the case, or null: below 500; a refusal is a problem with a message.</summary>
    private static async Task<string?> Wrong(HttpResponseMessage response, bool invalid)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        var shown = $"{status} {body[..Math.Min(body.Length, 300)]}";
        if (status >= 500)
        {
            return $"server error {shown}";
        }
        if (status < 400)
        {
            return invalid ? $"accepted {shown}" : null;
        }
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"a refusal that is not problem+json: {shown}";
        }
        var problem = JsonDocument.Parse(body).RootElement;
        var titled = problem.TryGetProperty("title", out var title) && !string.IsNullOrWhiteSpace(title.GetString());
        var explained = (problem.TryGetProperty("detail", out var detail) && !string.IsNullOrWhiteSpace(detail.GetString()))
                        || (problem.TryGetProperty("errors", out var errors) && errors.EnumerateObject().Any());
        // A 404 names what is missing in its title; anything else says what was wrong with the request.
        return titled && (explained || status == StatusCodes.Status404NotFound) ? null : $"a problem without a clear message: {shown}";
    }

    /// <summary>Everything a wrong request could have changed, as the API and the account service show it.</summary>
    private async Task<Dictionary<string, string>> Snapshot(IEnumerable<string> watched)
    {
        var snapshot = new Dictionary<string, string>();
        string[] city =
        [
            $"/api/demands?limit={DemandFilter.MaxLimit}", "/api/stations", "/api/workers", "/api/communities", "/api/categories",
            "/api/coverage", "/api/kpis", "/api/key-persons", "/api/visits/plan", "/api/visits/rates",
        ];
        foreach (var path in city.Concat(watched))
        {
            var client = await Client(path.StartsWith("/api/key-persons/", StringComparison.Ordinal) ? Who.Head : Who.Dispatcher);
            var response = await client.GetAsync(path);
            // A refused read would compare equal before and after, and hide any change.
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"snapshot of {path}: {(int)response.StatusCode}");
            snapshot[path] = await response.Content.ReadAsStringAsync();
        }
        var admin = new DispatchUser(DemoUsers.Admin, "admin", ActorRole.Admin);
        snapshot["accounts"] = JsonSerializer.Serialize(await App.Services.GetRequiredService<AccountService>().List(admin));
        return snapshot;
    }

    /// <summary>Every POST route the host maps under /api, as "POST /pattern".</summary>
    private IEnumerable<string> MappedWrites() => App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
        .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])
            .Where(m => m != "GET")
            .Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
        .Distinct();

    private static readonly string Community = TaicangDemoData.Create().FindWorker(Worker)!.CommunityIds[0];

    private Task<HttpClient> Client(Who who) => who switch
    {
        Who.Anonymous => Task.FromResult(App.Anonymous()),
        Who.Dispatcher => App.ClientFor(DemoUsers.Dispatcher),
        Who.Head => App.ClientFor(Head),
        _ => App.ClientFor(WorkerUser),
    };

    private static string Shown(string value) => value.Length > 300 ? $"{value[..300]}… ({value.Length} characters)" : value;
}
