using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Grains;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.Extensions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Dispatch.Web.Testing;

/// <summary>
/// The real web host (co-hosted silo, blob storage on a real Azurite, demo directory and demo users) with the domain
/// clock under the test's control. Each factory gets its own containers unless given some, so a restart test can reopen
/// the same storage. <paramref name="settings"/> override configuration (e.g. a short lockout).
/// </summary>
public sealed class DispatchAppFactory(
    AzuriteFixture azurite, StorageNames? storage = null, FakeTimeProvider? clock = null, IReadOnlyDictionary<string, string>? settings = null)
    : WebApplicationFactory<Program>
{
    /// <summary>Monday 2 November 2026, 09:00 China time.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.FromHours(8));

    /// <summary>The tests' token signing key (the host refuses to start without one).</summary>
    public const string SigningKey = "dispatch-tests-signing-key-0123456789abcdef";

    private readonly ConcurrentDictionary<string, Task<string>> tokens = new();
    private readonly ConcurrentDictionary<string, Task<HttpClient>> clients = new();

    public FakeTimeProvider Clock { get; } = clock ?? new FakeTimeProvider(Start);

    /// <summary>Use the system clock for the domain instead of <see cref="Clock"/> (set before the host starts).</summary>
    public bool RealTime { get; init; }

    /// <summary>The domain's clock in this host: <see cref="Clock"/>, or the system clock on real time.</summary>
    public TimeProvider DomainTime => RealTime || LikeRunScript ? TimeProvider.System : Clock;

    /// <summary>
    /// Run as <c>scripts/run.sh</c> runs the app (set before the host starts): environment Production with development
    /// secrets allowed by name, the demo users, the simulator, the demo key persons and the production rate limits, on
    /// the system clock, instead of the quiet test defaults of <see cref="HostSettings"/>. <c>settings</c> still apply
    /// on top (e.g. fewer key persons).
    /// </summary>
    public bool LikeRunScript { get; init; }

    /// <summary>Services that replace or add to the host's own (e.g. a fake of a service another part provides).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    public StorageNames Storage { get; } = storage ?? StorageNames.Unique();

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    /// <summary>The web project's folder, where its appsettings files are.</summary>
    public static string ContentRoot => WebContentRoot.Value;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(LikeRunScript ? Environments.Production : "Testing");
        builder.UseContentRoot(ContentRoot);
        foreach (var (key, value) in LikeRunScript ? RunScriptSettings(azurite, Storage) : HostSettings(azurite, Storage))
        {
            builder.UseSetting(key, value);
        }
        builder.UseSetting("Dispatch:Orleans:SiloPort", FreePort().ToString());
        builder.UseSetting("Dispatch:Orleans:GatewayPort", FreePort().ToString());
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
        // Browser tests run on real time (countdowns tick, ages grow); everything else on the controlled clock.
        builder.ConfigureServices(services => services.AddKeyedSingleton(DomainClock.Key, DomainTime));
        if (TestServices is { } testServices)
        {
            builder.ConfigureTestServices(testServices);
        }
    }

    /// <summary>
    /// What every test host runs with, in this process or as one of its own: <see cref="RunScriptSettings"/> quietened, with
    /// no simulator, no demo key persons, no demo history, no archiving on its own and no rate limits.
    /// </summary>
    public static Dictionary<string, string> HostSettings(AzuriteFixture azurite, StorageNames storage)
    {
        var settings = RunScriptSettings(azurite, storage);
        settings["Dispatch:Simulator:Enabled"] = "false";
        settings["Dispatch:DemoData:KeyPersonsPerCommunity"] = "0";
        settings["Dispatch:DemoData:HistoryMonths"] = "0";
        // Tests move the domain clock by days: demands moving to the archive on their own would leave lists under them.
        settings["Dispatch:Archive:AfterDays"] = "0";
        // Tests sign in many users from one address and take in demands as fast as they can: never throttled unless
        // a test sets its own limits.
        foreach (var limit in new[] { "SignIn", "Intake" })
        {
            settings[$"{RateLimitOptions.Section}:{limit}:PermitLimit"] = int.MaxValue.ToString();
        }
        return settings;
    }

    /// <summary>
    /// What <c>scripts/run.sh</c> gives the app on the command line, on the tests' storage and signing key: the rest is
    /// appsettings.json (the demo key persons, the production rate limits).
    /// </summary>
    public static Dictionary<string, string> RunScriptSettings(AzuriteFixture azurite, StorageNames storage) => new()
    {
        ["Dispatch:Storage:ConnectionString"] = azurite.ConnectionString,
        ["Dispatch:Storage:ContainerName"] = storage.State,
        ["Dispatch:Storage:ReminderContainerName"] = storage.Reminders,
        ["Dispatch:Simulator:Enabled"] = "true",
        ["Dispatch:Auth:SigningKey"] = SigningKey,
        ["Dispatch:Auth:DemoUsers"] = "true",
        // Azurite's public key and the demo users' password, outside Development: allowed by name, for tests only.
        [SecretCheckExtensions.AllowDevelopmentSecrets] = "true",
    };

    /// <summary>An anonymous client (no token, no redirects followed), to the real port once the host runs on Kestrel.</summary>
    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = ClientOptions.BaseAddress });

    /// <summary>A client that sends <paramref name="userName"/>'s bearer token (signed in with the demo password).</summary>
    public Task<HttpClient> ClientFor(string userName) => clients.GetOrAdd(userName, async name =>
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenFor(name));
        return client;
    });

    /// <summary>One token per user and host: signing in is deliberately slow.</summary>
    public Task<string> TokenFor(string userName) => tokens.GetOrAdd(userName, async name =>
    {
        var response = await Anonymous().PostAsJsonAsync("/api/auth/token", new { userName = name, password = DemoUsers.Password });
        Assert.True(response.IsSuccessStatusCode, $"sign-in as {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await DemandApi.Read(response)).GetProperty("accessToken").GetString()!;
    });

    /// <summary>
    /// The user name of the social worker <paramref name="workerId"/>: the demo users cover two workers per station, so
    /// a test that needs another one (e.g. whoever the recommender ranked first) gets an account made by the admin.
    /// </summary>
    public async Task<string> WorkerUser(string workerId)
    {
        var userName = DemoUsers.WorkerUser(workerId);
        var accounts = Services.GetRequiredService<AccountService>();
        var admin = new DispatchUser(DemoUsers.Admin, "admin", ActorRole.Admin);
        if ((await accounts.List(admin))!.All(a => a.UserName != userName))
        {
            var problem = await accounts.Create(admin, new NewAccount(userName, workerId, ActorRole.SocialWorker, null, workerId, DemoUsers.Password));
            Assert.True(problem is null or Contracts.Accounts.AccountError.UserNameTaken, $"creating {userName}: {problem}");
        }
        return userName;
    }

    /// <summary>
    /// The web project's folder, from the manifest Mvc.Testing writes to the output folder. The factory itself looks for
    /// that manifest in the current directory, which is the output folder under <c>dotnet test</c> but the repository
    /// root when a benchmark runs with <c>dotnet run</c>.
    /// </summary>
    private static readonly Lazy<string> WebContentRoot = new(() =>
    {
        var manifest = JsonSerializer.Deserialize<Dictionary<string, string>>(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "MvcTestingAppManifest.json")))!;
        return manifest[typeof(Program).Assembly.FullName!];
    });

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed record StorageNames(string State, string Reminders)
{
    public static StorageNames Unique() =>
        new(AzuriteFixture.UniqueContainerName("state"), AzuriteFixture.UniqueContainerName("reminders"));
}
