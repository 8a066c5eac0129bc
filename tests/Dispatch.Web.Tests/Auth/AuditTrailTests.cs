using System.Net;
using System.Net.Http.Json;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.Audit;
using Dispatch.Web.Testing;
using Dispatch.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Auth;

/// <summary>
/// The audit trail on the real host and Azurite: sign-ins of every outcome, what an administrator can ask of
/// <c>GET /api/audit</c>, and that it is stored, one log per day, without credentials, and survives a restart.
/// </summary>
public sealed class AuditTrailTests(AzuriteFixture azurite) : ApiTest(azurite)
{
    [Fact]
    public async Task Sign_ins_are_audited_whatever_their_outcome_and_no_password_is_written()
    {
        var admin = new DispatchUser(DemoUsers.Admin, "admin", ActorRole.Admin);
        var disabled = await App.WorkerUser("w005");
        Assert.Null(await App.Services.GetRequiredService<AccountService>().SetEnabled(admin, disabled, enabled: false));
        var anonymous = App.Anonymous();
        Task<HttpResponseMessage> Token(string userName, string password) =>
            anonymous.PostAsJsonAsync("/api/auth/token", new { userName, password });

        Assert.Equal(HttpStatusCode.OK, (await Token(DemoUsers.Leader, DemoUsers.Password)).StatusCode);
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await Token(DemoUsers.Leader, $"wrong-password-{attempt}")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await Token(disabled, DemoUsers.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Token("Nobody.Here", "wrong-password-0")).StatusCode);
        // A password typed into the name box is not a user name and is not written down as one.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Token("Dispatch!2026 typed here", "x")).StatusCode);
        var browser = App.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await CookieSignIn.SignIn(browser, DemoUsers.Dispatcher, DemoUsers.Password)).StatusCode);

        var trail = await AuditReader.Read(App);
        const string token = "POST /api/auth/token";
        Assert.Empty(AuditReader.Missing(trail,
        [
            (DemoUsers.Leader, token, AuditOutcome.SignedIn, null),
            .. Enumerable.Repeat((DemoUsers.Leader, token, AuditOutcome.SignInRefused, (AuditReason?)AuditReason.WrongUserNameOrPassword), 4),
            (DemoUsers.Leader, token, AuditOutcome.LockedOut, AuditReason.TooManyFailures),
            (disabled, token, AuditOutcome.SignInRefused, AuditReason.AccountDisabled),
            ("nobody.here", token, AuditOutcome.SignInRefused, AuditReason.WrongUserNameOrPassword),
            (AuditEntry.Anonymous, token, AuditOutcome.SignInRefused, AuditReason.WrongUserNameOrPassword),
            (DemoUsers.Dispatcher, "POST /account/login", AuditOutcome.SignedIn, null),
        ]));
        Assert.Equal(4, trail.Count(e => e is { User: DemoUsers.Leader, Outcome: AuditOutcome.SignInRefused }));

        // Stored as written: in the day's log, with no password in it.
        var stored = await StoredText(new DateOnly(2026, 11, 2), text => text.Contains("POST /account/login"));
        Assert.DoesNotContain("wrong-password", stored);
        Assert.DoesNotContain(DemoUsers.Password, stored);
    }

    [Fact]
    public async Task Administrators_read_it_newest_first_filtered_by_time_user_and_outcome_and_others_are_refused_and_audited()
    {
        var leader = await App.ClientFor(DemoUsers.Leader);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.GetAsync("/api/audit")).StatusCode);
        var early = App.Clock.GetUtcNow();
        App.Clock.Advance(TimeSpan.FromHours(2));
        var head = await App.ClientFor(DemoUsers.HeadOf("shaxi"));
        Assert.Equal(HttpStatusCode.Forbidden, (await head.GetAsync("/api/audit")).StatusCode);
        var late = App.Clock.GetUtcNow();

        var refused = await AuditReader.Read(App, "outcome=Forbidden");
        Assert.Equal([DemoUsers.HeadOf("shaxi"), DemoUsers.Leader], refused.Select(e => e.User));
        Assert.All(refused, e => Assert.Equal(("GET /api/audit", AuditReason.Role), (e.Action, e.Reason!.Value)));
        Assert.Equal([late, early], refused.Select(e => e.At));
        Assert.Equal([DemoUsers.Leader], (await AuditReader.Read(App, "user=LEADER&outcome=Forbidden")).Select(e => e.User));
        Assert.Equal([DemoUsers.HeadOf("shaxi")], (await AuditReader.Read(App, "outcome=Forbidden&limit=1")).Select(e => e.User));
        var window = $"from={Uri.EscapeDataString(early.AddMinutes(-1).ToString("O"))}&to={Uri.EscapeDataString(early.AddMinutes(1).ToString("O"))}";
        Assert.Equal([DemoUsers.Leader], (await AuditReader.Read(App, $"{window}&outcome=Forbidden")).Select(e => e.User));

        var admin = await App.ClientFor(DemoUsers.Admin);
        foreach (var bad in new[] { "limit=0", "limit=1001", "from=2026-11-03&to=2026-11-02", "from=2026-01-01&to=2026-11-02", "outcome=Sideways" })
        {
            var response = await admin.GetAsync($"/api/audit?{bad}");
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{bad}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task A_screen_the_role_may_not_open_sends_to_the_denied_page_and_is_audited()
    {
        var browser = App.CreateClient(new() { AllowAutoRedirect = false });
        await CookieSignIn.SignIn(browser, DemoUsers.Leader, DemoUsers.Password);

        var admin = await browser.GetAsync("/admin");

        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        Assert.StartsWith("/account/denied", admin.Headers.Location!.PathAndQuery);
        Assert.Empty(AuditReader.Missing(await AuditReader.Read(App), [(DemoUsers.Leader, "GET /admin", AuditOutcome.Forbidden, AuditReason.Role)]));
    }

    [Fact]
    public async Task It_is_stored_one_log_per_day_and_survives_a_restart()
    {
        var leader = await App.ClientFor(DemoUsers.Leader);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.GetAsync("/api/audit")).StatusCode);
        App.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Anonymous().GetAsync("/api/demands")).StatusCode);
        // Stopping the host writes what is still queued.
        await App.DisposeAsync();

        await using var restarted = new DispatchAppFactory(Azurite, App.Storage, App.Clock);
        var trail = await AuditReader.Read(restarted);
        Assert.Empty(AuditReader.Missing(trail,
        [
            (DemoUsers.Leader, "GET /api/audit", AuditOutcome.Forbidden, AuditReason.Role),
            (AuditEntry.Anonymous, "GET /api/demands", AuditOutcome.Unauthenticated, AuditReason.NoCredentials),
        ]));
        Assert.Contains("GET /api/audit", await StoredText(new DateOnly(2026, 11, 2), _ => true));
        Assert.Contains("GET /api/demands", await StoredText(new DateOnly(2026, 11, 3), _ => true));
    }

    /// <summary>The day's audit log as stored in Blob storage, once it holds what <paramref name="complete"/> looks for.</summary>
    private async Task<string> StoredText(DateOnly utcDay, Func<string, bool> complete)
    {
        var blob = Azurite.CreateServiceClient().GetBlobContainerClient(App.Storage.State)
            .GetBlobClient($"record-log/audit-{utcDay:yyyy-MM-dd}/appended.jsonl");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var text = await blob.ExistsAsync() ? (await blob.DownloadContentAsync()).Value.Content.ToString() : "";
            if (complete(text) && text.Length > 0)
            {
                return text;
            }
            Assert.True(DateTime.UtcNow < deadline, $"{blob.Name} was not written within 30 s: '{text}'");
            await Task.Delay(200);
        }
    }
}
