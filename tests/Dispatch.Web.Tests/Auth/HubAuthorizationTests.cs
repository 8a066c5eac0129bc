using System.Reflection;
using System.Security.Claims;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Accounts;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Live;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.Audit;
using Dispatch.Web.Live;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Auth;

/// <summary>
/// The live hub's role matrix: every public method (found by reflection, so a new one cannot slip past) × every role;
/// bad tokens refused at connect time; a connection whose account is disabled refused its next call; a connection
/// closed when its token expires. Every refusal is in the audit trail.
/// </summary>
[Collection(Infrastructure.WebCollection.Name)]
public sealed class HubAuthorizationTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Station = "chengxiang";

    private static readonly string[] Everyone =
    [
        DemoUsers.Dispatcher, DemoUsers.Leader, DemoUsers.Admin, DemoUsers.HeadOf(Station), DemoUsers.HeadOf("shaxi"),
        DemoUsers.WorkerUser("w001"), DemoUsers.WorkerUser("w002"),
    ];

    /// <summary>The table: each hub method, who may call it, and how to call it.</summary>
    private static readonly Dictionary<string, (string[] Allowed, Func<HubConnection, Guid, Task<object?>> Call)> Table = new()
    {
        ["Resume"] = (Everyone, async (hub, epoch) => await hub.InvokeAsync<LiveCatchUp>("Resume", epoch, 0L)),
    };

    private readonly DispatchAppFactory app = new(azurite) { RealTime = true };

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    [Fact]
    public void The_table_has_every_public_hub_method_and_each_says_who_may_call_it()
    {
        var methods = typeof(DispatchHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            // The hub's own lifecycle, which clients cannot call.
            .Where(m => m.GetBaseDefinition().DeclaringType == typeof(DispatchHub))
            .ToList();
        Assert.Equal(Table.Keys.Order(), methods.Select(m => m.Name).Order());
        Assert.All(methods, m => Assert.NotNull(m.GetCustomAttribute<HubPolicyAttribute>()));
    }

    [Fact]
    public async Task Every_method_lets_through_exactly_the_roles_it_should_and_resuming_shows_each_only_their_orders()
    {
        var root = app.StartOnKestrel();
        var api = await DemandApi.For(app);
        var id = await api.ReportId(DemandApi.NewDemand($"{Station}-c01"));
        await api.Act(id, "dispatch", new { stationId = Station });
        await using var probe = await HubListener.Connect(root, await app.TokenFor(DemoUsers.Dispatcher));
        var epoch = (await probe.Connection.InvokeAsync<LiveCatchUp>("Resume", Guid.Empty, 0L)).Epoch;

        var mismatches = new List<string>();
        var refusals = new List<(string, string, AuditOutcome, AuditReason?)>();
        foreach (var user in Everyone)
        {
            await using var client = await HubListener.Connect(root, await app.TokenFor(user));
            foreach (var (method, (allowed, call)) in Table)
            {
                try
                {
                    var answer = await call(client.Connection, epoch);
                    if (!allowed.Contains(user))
                    {
                        mismatches.Add($"{method} as {user}: let through");
                    }
                    if (answer is LiveCatchUp catchUp
                        && catchUp.Messages.Any(m => m.Change.Demand?.Summary.Id == id) != MaySee(user))
                    {
                        mismatches.Add($"{method} as {user}: the order of {Station} {(MaySee(user) ? "missing" : "shown")}");
                    }
                }
                catch (HubException refused)
                {
                    refusals.Add((user, $"hub {method}", AuditOutcome.Forbidden, AuditReason.Role));
                    if (allowed.Contains(user))
                    {
                        mismatches.Add($"{method} as {user}: refused ({refused.Message})");
                    }
                }
            }
        }
        mismatches.AddRange(AuditReader.Missing(await AuditReader.Read(app), refusals));
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public async Task A_method_without_a_policy_or_whose_policy_the_caller_fails_is_refused_runs_nothing_and_is_audited()
    {
        var leader = AccountClaims.Principal((await app.Services.GetRequiredService<IUserDirectoryGrain>().Get(DemoUsers.Leader))!, "Bearer");
        var admin = AccountClaims.Principal((await app.Services.GetRequiredService<IUserDirectoryGrain>().Get(DemoUsers.Admin))!, "Bearer");
        var filter = new HubAccess(
            app.Services.GetRequiredService<AccountService>(), app.Services.GetRequiredService<IAuthorizationService>(),
            app.Services.GetRequiredService<AuditTrail>());
        async Task<string?> Call(ClaimsPrincipal user, string method)
        {
            var ran = false;
            var invocation = new HubInvocationContext(new Caller(user), app.Services, null!, typeof(Probe).GetMethod(method)!, []);
            try
            {
                await filter.InvokeMethodAsync(invocation, _ =>
                {
                    ran = true;
                    return ValueTask.FromResult<object?>(null);
                });
                Assert.True(ran, $"{method} let through but not run");
                return null;
            }
            catch (HubException refused)
            {
                Assert.False(ran, $"{method} refused but run");
                return refused.Message;
            }
        }

        Assert.Equal("Your role may not call Unmarked.", await Call(admin, nameof(Probe.Unmarked)));
        Assert.Equal("Your role may not call AdminsOnly.", await Call(leader, nameof(Probe.AdminsOnly)));
        Assert.Null(await Call(admin, nameof(Probe.AdminsOnly)));
        Assert.Empty(AuditReader.Missing(await AuditReader.Read(app),
        [
            (DemoUsers.Admin, "hub Unmarked", AuditOutcome.Forbidden, AuditReason.Role),
            (DemoUsers.Leader, "hub AdminsOnly", AuditOutcome.Forbidden, AuditReason.Role),
        ]));
    }

    [Fact]
    public async Task Bad_tokens_are_refused_at_connect_and_audited_with_what_was_wrong()
    {
        var root = app.StartOnKestrel();
        var accounts = app.Services.GetRequiredService<AccountService>();
        var disabled = await app.WorkerUser("w006");
        var disabledToken = await app.TokenFor(disabled);
        Assert.Null(await accounts.SetEnabled(new DispatchUser(DemoUsers.Admin, "admin", ActorRole.Admin), disabled, enabled: false));
        List<(string Kind, string Token, string User, AuditReason Reason)> bad =
        [
            .. ForgedTokens.From(await app.TokenFor(DemoUsers.Dispatcher)).Select(t => (t.Kind, t.Token, AuditEntry.Anonymous, t.Reason)),
            ("no token", "", AuditEntry.Anonymous, AuditReason.NoCredentials),
            ("token of a disabled user", disabledToken, disabled, AuditReason.AccountDisabled),
        ];

        foreach (var (kind, token, _, _) in bad)
        {
            await using var connection = HubListener.Build(root, token);
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
            Assert.True(refused.StatusCode == System.Net.HttpStatusCode.Unauthorized, $"{kind}: {refused.Message}");
        }
        Assert.Empty(AuditReader.Missing(await AuditReader.Read(app),
            bad.Select(b => (b.User, $"POST {DispatchHub.Path}/negotiate", AuditOutcome.Unauthenticated, (AuditReason?)b.Reason))));
    }

    [Fact]
    public async Task An_open_connection_is_refused_its_next_call_once_its_account_is_disabled()
    {
        var root = app.StartOnKestrel();
        var accounts = app.Services.GetRequiredService<AccountService>();
        var admin = new DispatchUser(DemoUsers.Admin, "admin", ActorRole.Admin);
        var user = await app.WorkerUser("w007");
        await using var client = await HubListener.Connect(root, await app.TokenFor(user));
        await client.Connection.InvokeAsync<LiveCatchUp>("Resume", Guid.Empty, 0L);

        Assert.Null(await accounts.SetEnabled(admin, user, enabled: false));
        var refused = await Assert.ThrowsAsync<HubException>(() => client.Connection.InvokeAsync<LiveCatchUp>("Resume", Guid.Empty, 0L));
        Assert.Contains("no longer valid", refused.Message);
        Assert.Empty(AuditReader.Missing(await AuditReader.Read(app), [(user, "hub Resume", AuditOutcome.Unauthenticated, AuditReason.AccountDisabled)]));

        // Enabled again, the same connection is served: the refusal was the account's state, nothing else.
        Assert.Null(await accounts.SetEnabled(admin, user, enabled: true));
        await client.Connection.InvokeAsync<LiveCatchUp>("Resume", Guid.Empty, 0L);
    }

    [Fact]
    public async Task A_connection_is_closed_when_its_token_expires()
    {
        var lifetime = TimeSpan.FromSeconds(4);
        await using var shortLived = new DispatchAppFactory(azurite, settings: new Dictionary<string, string>
        {
            ["Dispatch:Auth:TokenLifetime"] = lifetime.ToString(),
        }) { RealTime = true };
        var root = shortLived.StartOnKestrel();
        var token = await shortLived.TokenFor(DemoUsers.Dispatcher);
        var expires = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).ValidTo;
        await using var client = await HubListener.Connect(root, token);

        // Generous for a busy machine; the server checks expiry about once a second.
        var (at, _) = await client.ClosedByServer(TimeSpan.FromSeconds(60));
        Assert.True(at >= expires, $"closed at {at:O}, before the token expired at {expires:O}");
    }

    private static bool MaySee(string user) => user is DemoUsers.Dispatcher or DemoUsers.Leader or DemoUsers.Admin || user == DemoUsers.HeadOf(Station);

    /// <summary>Hub methods as a filter sees them: one that says nobody, one for administrators only.</summary>
    private sealed class Probe
    {
        public void Unmarked()
        {
        }

        [HubPolicy(DispatchPolicies.Administer)]
        public void AdminsOnly()
        {
        }
    }

    private sealed class Caller(ClaimsPrincipal user) : HubCallerContext
    {
        public override string ConnectionId => "probe";

        public override string? UserIdentifier => null;

        public override ClaimsPrincipal? User => user;

        public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();

        public override IFeatureCollection Features { get; } = new FeatureCollection();

        public override CancellationToken ConnectionAborted => CancellationToken.None;

        public override void Abort()
        {
        }
    }
}
