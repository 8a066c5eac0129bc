using System.Security.Claims;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Accounts;
using Dispatch.Contracts.Demands;
using Dispatch.Web.Accounts;
using Microsoft.AspNetCore.Http;

namespace Dispatch.Web.Tests.Auth;

/// <summary>Who the claims say the user is, and where a sign-in may send them: small rules with sharp edges.</summary>
public sealed class CurrentUserTests
{
    [Fact]
    public void The_claims_a_sign_in_issues_read_back_as_the_same_user()
    {
        var account = new UserAccount("head-liuhe", "朱卫红", ActorRole.StationHead, "liuhe", null, "hash");
        Assert.Equal(account.ToUser(), CurrentUser.From(AccountClaims.Principal(account, "test")));
    }

    public static TheoryData<string, Claim[]> NotAUser => new()
    {
        { "no role", [new(ClaimTypes.NameIdentifier, "someone")] },
        { "an unknown role", [new(ClaimTypes.NameIdentifier, "someone"), new(ClaimTypes.Role, "Mayor")] },
        { "a role by number", [new(ClaimTypes.NameIdentifier, "someone"), new(ClaimTypes.Role, "5")] },
        // Enum.TryParse would or these together into Admin (1 | 4 = 5).
        { "roles joined by a comma", [new(ClaimTypes.NameIdentifier, "someone"), new(ClaimTypes.Role, "Dispatcher, Leader")] },
        { "two roles", [new(ClaimTypes.NameIdentifier, "someone"), new(ClaimTypes.Role, "Leader"), new(ClaimTypes.Role, "Admin")] },
        { "the system's role", [new(ClaimTypes.NameIdentifier, "system"), new(ClaimTypes.Role, "System")] },
        { "no user name", [new(ClaimTypes.Role, "Admin")] },
    };

    [Theory]
    [MemberData(nameof(NotAUser))]
    public void A_principal_without_exactly_one_known_role_and_a_name_is_nobody(string what, Claim[] claims)
    {
        Assert.True(CurrentUser.From(new ClaimsPrincipal(new ClaimsIdentity(claims, "test"))) is null, what);
    }

    [Fact]
    public void An_unauthenticated_request_never_acts_not_even_as_the_system()
    {
        var http = new DefaultHttpContext();
        Assert.Null(CurrentUser.From(http.User));
        Assert.Throws<InvalidOperationException>(() => CurrentUser.From(http));
        // Claims without an authentication type are not a sign-in.
        var unauthenticated = new ClaimsPrincipal(new ClaimsIdentity([new(ClaimTypes.NameIdentifier, "admin"), new(ClaimTypes.Role, "Admin")]));
        Assert.Null(CurrentUser.From(unauthenticated));
    }

    [Theory]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("/console", "/console")]
    [InlineData("console", "/console")]
    [InlineData("/demands/20261102-ABC123?tab=timeline#top", "/demands/20261102-ABC123?tab=timeline#top")]
    [InlineData("/search?q=a:b", "/search?q=a:b")]
    [InlineData("https://evil.example", "/")]
    [InlineData("//evil.example/x", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("\\\\evil.example", "/")]
    [InlineData("javascript:alert(1)", "/")]
    [InlineData("/console\r\nSet-Cookie: x=1", "/")]
    public void Only_a_path_on_this_site_is_a_place_to_return_to(string? url, string expected)
    {
        Assert.Equal(expected, LocalUrl.OrHome(url));
    }

    [Fact]
    public void Settings_that_would_leave_the_system_open_are_refused_at_startup()
    {
        var validator = new AuthOptionsValidator();
        Assert.True(validator.Validate(null, new AuthOptions { SigningKey = new string('k', 32) }).Succeeded);
        Assert.Contains("SigningKey", validator.Validate(null, new AuthOptions()).FailureMessage);
        Assert.Contains("SigningKey", validator.Validate(null, new AuthOptions { SigningKey = "short" }).FailureMessage);
        var weakAdmin = new AuthOptions
        {
            SigningKey = new string('k', 32),
            InitialAdmin = new InitialAdminOptions { UserName = "root", Password = "admin123" },
        };
        Assert.Contains("InitialAdmin:Password", validator.Validate(null, weakAdmin).FailureMessage);
        var noName = new AuthOptions { SigningKey = new string('k', 32), InitialAdmin = new InitialAdminOptions { Password = "long-enough-password" } };
        Assert.Contains("InitialAdmin:UserName", validator.Validate(null, noName).FailureMessage);
    }

    [Fact]
    public void An_account_never_prints_its_password_hash()
    {
        var account = new UserAccount("dispatcher", "周敏", ActorRole.Dispatcher, null, null, "AQAAAAIAAYagAAAAE-secret-hash");
        Assert.DoesNotContain("secret-hash", account.ToString());
        Assert.Contains("dispatcher", account.ToString());
    }

    [Fact]
    public void A_person_never_holds_the_systems_role_and_bindings_match_the_role()
    {
        UserAccount Account(ActorRole role, string? station = null, string? worker = null) => new("someone", "某人", role, station, worker, "hash");
        Assert.Equal(AccountError.InvalidRole, Account(ActorRole.System).Problem());
        Assert.Equal(AccountError.StationRequired, Account(ActorRole.StationHead).Problem());
        Assert.Equal(AccountError.WorkerRequired, Account(ActorRole.SocialWorker, station: "liuhe").Problem());
        Assert.Equal(AccountError.InvalidRole, Account(ActorRole.Dispatcher, station: "liuhe").Problem());
        Assert.Equal(AccountError.InvalidRole, Account(ActorRole.Leader, worker: "w001").Problem());
        Assert.Null(Account(ActorRole.StationHead, station: "liuhe").Problem());
        Assert.Null(Account(ActorRole.SocialWorker, "liuhe", "w030").Problem());
        Assert.Equal(AccountError.InvalidUserName, (Account(ActorRole.Leader) with { UserName = "Upper" }).Problem());
    }

    [Fact]
    public void A_sign_in_that_races_the_lockout_is_refused_even_with_the_right_password()
    {
        var at = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        var rule = new LockoutRule(2, TimeSpan.FromMinutes(15));
        var directory = UserDirectory.Empty.Create(new UserAccount("leader", "刘建国", ActorRole.Leader, null, null, "hash"))!;
        (directory, var first) = directory.RecordSignIn("leader", false, at, rule, null);
        (directory, var second) = directory.RecordSignIn("leader", false, at, rule, null);
        (directory, var right) = directory.RecordSignIn("leader", true, at, rule, null);
        Assert.Equal([SignInStatus.Invalid, SignInStatus.LockedOut, SignInStatus.LockedOut], [first.Status, second.Status, right.Status]);
        (_, var later) = directory.RecordSignIn("leader", true, at + rule.Duration, rule, "rehashed");
        Assert.Equal(SignInStatus.SignedIn, later.Status);
        Assert.Equal("rehashed", later.Account!.PasswordHash);
        // A stale copy cannot undo the lock: the sign-ins moved the version on.
        Assert.Null(directory.Update(directory.Find("leader")! with { LockedUntil = null, Version = 1 }));
    }
}
