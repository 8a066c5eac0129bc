using System.Net;
using System.Net.Http.Json;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dispatch.Web.Tests.Auth;

/// <summary>Where the first users come from, and what the host refuses to start without.</summary>
[Collection(WebCollection.Name)]
public sealed class BootstrapTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Without_demo_users_the_only_account_is_the_configured_first_administrator()
    {
        await using var app = new DispatchAppFactory(azurite, settings: new Dictionary<string, string>
        {
            ["Dispatch:Auth:DemoUsers"] = "false",
            ["Dispatch:Auth:InitialAdmin:UserName"] = "Root",
            ["Dispatch:Auth:InitialAdmin:Password"] = "a-long-first-password",
        });
        var client = app.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/token", new { userName = "root", password = "a-long-first-password" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await client.PostAsJsonAsync("/api/auth/token", new { userName = DemoUsers.Dispatcher, password = DemoUsers.Password })).StatusCode);
        // Open screens are re-checked against the directory too.
        using var scope = app.Services.CreateScope();
        Assert.IsType<RevalidatingUserStateProvider>(scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>());
    }

    [Fact]
    public async Task Users_live_in_blob_storage_survive_a_restart_and_are_never_seeded_over()
    {
        var storage = StorageNames.Unique();
        var admin = new DispatchUser(DemoUsers.Admin, "系统管理员", ActorRole.Admin);
        await using (var first = new DispatchAppFactory(azurite, storage))
        {
            var accounts = first.Services.GetRequiredService<AccountService>();
            Assert.Null(await accounts.Create(admin, new NewAccount("dispatcher2", "吴调度", ActorRole.Dispatcher, null, null, "second-dispatcher-pw")));
            Assert.Null(await accounts.ResetPassword(admin, DemoUsers.Dispatcher, "changed-after-install"));
            await accounts.SignIn(DemoUsers.Leader, "one wrong guess");
        }

        await using var second = new DispatchAppFactory(azurite, storage);
        var client = second.Anonymous();
        async Task<HttpStatusCode> Token(string userName, string password) =>
            (await client.PostAsJsonAsync("/api/auth/token", new { userName, password })).StatusCode;
        Assert.Equal(HttpStatusCode.OK, await Token("dispatcher2", "second-dispatcher-pw"));
        // The demo password does not come back: the directory was not empty, so nothing was seeded.
        Assert.Equal(HttpStatusCode.Unauthorized, await Token(DemoUsers.Dispatcher, DemoUsers.Password));
        Assert.Equal(HttpStatusCode.OK, await Token(DemoUsers.Dispatcher, "changed-after-install"));
        var leader = (await second.Services.GetRequiredService<AccountService>().List(admin))!.Single(a => a.UserName == DemoUsers.Leader);
        Assert.Equal(1, leader.FailedAttempts);
    }

    [Theory]
    [InlineData("Dispatch:Auth:SigningKey", "")]
    [InlineData("Dispatch:Auth:SigningKey", "too-short")]
    [InlineData("Dispatch:Auth:InitialAdmin:Password", "admin123")]
    public async Task The_host_does_not_start_with_a_missing_key_or_a_weak_first_password(string key, string value)
    {
        await using var app = new DispatchAppFactory(azurite, settings: new Dictionary<string, string>
        {
            ["Dispatch:Auth:InitialAdmin:UserName"] = "root",
            ["Dispatch:Auth:InitialAdmin:Password"] = "a-long-first-password",
            [key] = value,
        });
        var failure = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.IsType<OptionsValidationException>(failure.GetBaseException());
    }
}
