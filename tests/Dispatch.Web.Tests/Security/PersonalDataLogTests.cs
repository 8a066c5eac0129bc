using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using System.Net.Http.Json;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.DemoData;
using Dispatch.Web.KeyPersons;
using Dispatch.Web.Logging;
using Dispatch.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dispatch.Web.Tests.Security;

/// <summary>Phone and ID numbers never reach a log: every record of a real host is captured and searched for them.</summary>
[Collection(WebCollection.Name)]
public sealed class PersonalDataLogTests(AzuriteFixture azurite)
{
    private const string Mobile = "13812345678";
    private const string Landline = "0512-53001234";
    private const string FailingPhone = "13987654321";
    private static readonly string IdNumber = KeyPersonDemoData.NextIdNumber(new Random(6));

    [Theory]
    [InlineData("call 13812345678 now", "call 138****5678 now")]
    [InlineData("+86 138-1234-5678", "+86 1**-****-5678")]
    [InlineData("tel:0512-53001234.", "tel:051*-****1234.")]
    [InlineData("id 320582199001011234, old 320582900101123", "id 3205**********1234, old 3205*******1123")]
    [InlineData("check X: 32058219900101123X", "check X: 3205**********123X")]
    [InlineData("at 2026-11-02 09:00:00, port 30000, 12 users, order 20261102-0001", "at 2026-11-02 09:00:00, port 30000, 12 users, order 20261102-0001")]
    public void Numbers_are_masked_and_other_figures_left_alone(string text, string masked) =>
        Assert.Equal(masked, PersonalData.Mask(text));

    [Fact]
    public async Task No_log_record_of_intake_registration_or_a_failure_holds_a_phone_or_id_number()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = new DispatchAppFactory(azurite)
        {
            TestServices = services =>
            {
                services.AddSingleton<ILoggerProvider>(logs);
                services.AddSingleton<KeyPersonService>();
                services.AddSingleton<IKeyPersonService>(sp => new FailingFor(FailingPhone, sp.GetRequiredService<KeyPersonService>()));
            },
        };
        var dispatcher = await app.ClientFor(DemoUsers.Dispatcher);
        var head = await app.ClientFor(DemoUsers.HeadOf("chengxiang"));

        Assert.Equal(HttpStatusCode.Created, (await dispatcher.PostAsJsonAsync("/api/demands", new
        {
            communityId = "chengxiang-c01", categoryId = "elderly-alone", serviceType = "ElderlyAndChildCare", urgency = "Normal",
            description = $"老人独居，联系电话 {Mobile}，身份证 {IdNumber}",
            person = new { name = "王秀英", phone = Mobile },
            reporter = new { name = "李网格", channel = "GridWorker", phone = Landline },
        })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await head.PostAsJsonAsync("/api/key-persons", Person(Mobile))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await head.PostAsJsonAsync("/api/key-persons", Person($"{Mobile} ext. {IdNumber}"))).StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, (await head.PostAsJsonAsync("/api/key-persons", Person(FailingPhone))).StatusCode);

        var lines = logs.Lines;
        foreach (var number in new[] { Mobile, Landline, FailingPhone, IdNumber })
        {
            Assert.DoesNotContain(lines, line => line.Contains(number));
        }
        // The failure was logged, with the numbers in its exception masked.
        Assert.Contains(lines, line => line.Contains(PersonalData.Mask(FailingPhone)) && line.Contains(IdNumbers.Mask(IdNumber)));
    }

    [Fact]
    public async Task A_name_typed_at_sign_in_cannot_forge_a_log_line()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = new DispatchAppFactory(azurite) { TestServices = services => services.AddSingleton<ILoggerProvider>(logs) };
        using var anonymous = app.CreateClient();

        var refused = await anonymous.PostAsJsonAsync("/api/auth/token",
            new { userName = "nobody\nwarn: Dispatch.Web.Accounts.AccountService[0] admin signed in", password = "whatever-it-is" });

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains(logs.Lines, line => line.Contains("unknown user name"));
        Assert.DoesNotContain(logs.Lines, line => line.Contains("admin signed in"));
    }

    private static object Person(string phone) => new
    {
        name = "王秀英",
        idNumber = IdNumber,
        phone,
        communityId = TaicangDemoData.Create().FindWorker("w001")!.CommunityIds[0],
        categories = new[] { new { categoryId = "elderly-alone", since = "2026-01-01" } },
        riskLevel = "Medium",
    };

    /// <summary>The register, except that saving a person with one phone fails with the person's numbers in the message.</summary>
    private sealed class FailingFor(string phone, IKeyPersonService inner) : IKeyPersonService
    {
        public Task<KeyPersonResult> Save(KeyPersonDetails details, DispatchUser user) => details.Phone == phone
            ? throw new InvalidOperationException($"Could not save the person with phone {details.Phone} and ID number {details.IdNumber}.")
            : inner.Save(details, user);

        public Task<ImmutableList<KeyPersonSummary>> List(DispatchUser user, string? stationId = null) => inner.List(user, stationId);

        public Task<KeyPersonView?> Get(string personId, DispatchUser user) => inner.Get(personId, user);

        public Task<KeyPersonResult> RecordVisit(string personId, RecordVisit visit, DispatchUser user) => inner.RecordVisit(personId, visit, user);

        public Task<ImmutableList<VisitDue>> Plan(DispatchUser user, string? stationId = null) => inner.Plan(user, stationId);

        public Task<VisitRateReport> Rates(DispatchUser user) => inner.Rates(user);

        public Task<ImmutableList<KeyPerson>?> Export(string stationId, DispatchUser user) => inner.Export(stationId, user);
    }

    /// <summary>Every record as each provider would write it: message, structured values and exception.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider, ILogger
    {
        private readonly ConcurrentQueue<string> lines = new();

        public IReadOnlyList<string> Lines => [.. lines];

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            lines.Enqueue($"{formatter(state, exception)} | {string.Join(", ", values.Select(v => $"{v.Key}={v.Value}"))} | {exception}");
        }

        public void Dispose()
        {
        }
    }
}
