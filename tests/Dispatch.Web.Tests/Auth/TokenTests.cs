using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Dispatch.Web.Tests.Auth;

/// <summary><c>POST /api/auth/token</c> and the bearer tokens it issues, on a host whose lockout lasts two seconds.</summary>
[Collection(WebCollection.Name)]
public sealed class TokenTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TimeSpan Lockout = TimeSpan.FromSeconds(2);

    private readonly DispatchAppFactory app = new(azurite, settings: new Dictionary<string, string>
    {
        ["Dispatch:Auth:Lockout"] = Lockout.ToString(),
    });

    private HttpClient Anonymous => app.Anonymous();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    [Fact]
    public async Task Good_credentials_give_an_HS256_token_that_works_on_the_api()
    {
        var before = DateTimeOffset.UtcNow;
        var response = await Token(DemoUsers.Dispatcher, DemoUsers.Password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await DemandApi.Read(response);
        var token = body.GetProperty("accessToken").GetString()!;
        Assert.InRange(body.GetProperty("expiresAt").GetDateTimeOffset(), before.AddMinutes(59), DateTimeOffset.UtcNow.AddMinutes(61));
        var jwt = new JsonWebToken(token);
        Assert.Equal("HS256", jwt.Alg);
        Assert.Equal(DemoUsers.Dispatcher, jwt.Subject);

        Assert.Equal(HttpStatusCode.OK, (await WithToken(token).GetAsync("/api/demands")).StatusCode);
        // User names are not case-sensitive.
        Assert.Equal(HttpStatusCode.OK, (await Token("Dispatcher", DemoUsers.Password)).StatusCode);
    }

    [Fact]
    public async Task Bad_input_is_400_and_a_wrong_password_401_worded_as_for_an_unknown_user()
    {
        var missing = await Anonymous.PostAsJsonAsync("/api/auth/token", new { });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var errors = (await DemandApi.Read(missing)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("userName", out _) && errors.TryGetProperty("password", out _), errors.ToString());
        var malformed = await Anonymous.PostAsync("/api/auth/token", new StringContent("{\"userName\":", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);

        var wrong = await Token(DemoUsers.Leader, "not-the-password");
        var unknown = await Token("nobody-here", "not-the-password");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Detail(await DemandApi.Read(wrong)), Detail(await DemandApi.Read(unknown)));
    }

    [Fact]
    public async Task Five_failures_lock_the_account_even_against_the_right_password_until_the_lockout_has_passed()
    {
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var refused = await DemandApi.Read(await Token(DemoUsers.Leader, $"wrong-{attempt}"));
            Assert.False(refused.TryGetProperty("lockedUntil", out _), $"locked after only {attempt} failures");
        }
        var fifth = await Token(DemoUsers.Leader, "wrong-5");
        Assert.Equal(HttpStatusCode.Unauthorized, fifth.StatusCode);
        var lockedUntil = (await DemandApi.Read(fifth)).GetProperty("lockedUntil").GetDateTimeOffset();
        Assert.Contains("locked until", Detail(await DemandApi.Read(fifth)));

        var rightButLocked = await Token(DemoUsers.Leader, DemoUsers.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, rightButLocked.StatusCode);
        Assert.Equal(lockedUntil, (await DemandApi.Read(rightButLocked)).GetProperty("lockedUntil").GetDateTimeOffset());

        await Task.Delay(lockedUntil - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));
        Assert.Equal(HttpStatusCode.OK, (await Token(DemoUsers.Leader, DemoUsers.Password)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_user_name_locks_out_exactly_like_a_real_one()
    {
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            Assert.False((await DemandApi.Read(await Token("ghost", "guess"))).TryGetProperty("lockedUntil", out _));
        }
        var fifth = await DemandApi.Read(await Token("ghost", "guess"));
        Assert.True(fifth.TryGetProperty("lockedUntil", out _), fifth.ToString());
    }

    [Fact]
    public async Task A_tampered_token_is_401()
    {
        var token = await app.TokenFor(DemoUsers.Dispatcher);
        // Claim to be the administrator without the key: the signature no longer matches.
        await AssertRefused(ForgedTokens.ClaimingToBe(token, DemoUsers.Admin));
        // Or drop the signature and say "none".
        await AssertRefused(ForgedTokens.Unsigned(token));
        // Or sign it with a key of one's own.
        await AssertRefused(ForgedTokens.Sign(ForgedTokens.ClaimsOf(token), DateTime.UtcNow.AddHours(1), "someone-elses-key-0123456789abcdefghij"));
    }

    [Fact]
    public async Task An_expired_token_is_401()
    {
        var claims = ForgedTokens.ClaimsOf(await app.TokenFor(DemoUsers.Dispatcher));
        // The same claims signed with the same key pass while in date, so the refusal below can only be the expiry.
        Assert.Equal(HttpStatusCode.OK, (await WithToken(ForgedTokens.Sign(claims, DateTime.UtcNow.AddMinutes(5))).GetAsync("/api/kpis")).StatusCode);
        await AssertRefused(ForgedTokens.Sign(claims, DateTime.UtcNow.AddMinutes(-5)));
    }

    [Fact]
    public async Task A_token_stops_working_when_its_user_is_disabled_or_their_password_is_reset()
    {
        var user = DemoUsers.WorkerUser("w002");
        var token = await app.TokenFor(user);
        var accounts = app.Services.GetRequiredService<AccountService>();
        var admin = new DispatchUser(DemoUsers.Admin, "admin", ActorRole.Admin);

        Assert.Null(await accounts.SetEnabled(admin, user, enabled: false));
        await AssertRefused(token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Token(user, DemoUsers.Password)).StatusCode);
        Assert.Null(await accounts.SetEnabled(admin, user, enabled: true));
        Assert.Equal(HttpStatusCode.OK, (await WithToken(token).GetAsync("/api/demands")).StatusCode);

        Assert.Null(await accounts.ResetPassword(admin, user, "a-brand-new-password"));
        await AssertRefused(token);
        Assert.Equal(HttpStatusCode.OK, (await Token(user, "a-brand-new-password")).StatusCode);
    }

    private Task<HttpResponseMessage> Token(string userName, string password) =>
        Anonymous.PostAsJsonAsync("/api/auth/token", new { userName, password });

    private HttpClient WithToken(string token)
    {
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task AssertRefused(string token)
    {
        var response = await WithToken(token).GetAsync("/api/demands");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    private static string Detail(JsonElement problem) => problem.GetProperty("detail").GetString()!;
}
