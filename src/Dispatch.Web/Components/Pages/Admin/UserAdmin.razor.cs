using Dispatch.Contracts.Access;
using Dispatch.Contracts.Accounts;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Web.Accounts;
using Dispatch.Web.Demands;
using Dispatch.Web.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Dispatch.Web.Components.Pages.Admin;

/// <summary>
/// Lists users (never their hashes), creates them with a role and the station or worker record it needs, enables and
/// disables them, clears a lockout and sets a new password. For administrators only.
/// </summary>
public partial class UserAdmin
{
    /// <summary>The roles a person can hold; the platform's own System actor is not one of them.</summary>
    private static readonly ActorRole[] Roles =
        [ActorRole.Dispatcher, ActorRole.StationHead, ActorRole.SocialWorker, ActorRole.Leader, ActorRole.Admin];

    private DispatchUser? admin;
    private bool loaded;
    private bool busy;
    private string? error;
    private IReadOnlyList<AccountSummary> users = [];
    private ReferenceData reference = ReferenceData.Empty;
    private UserDraft draft = new();
    private AccountSummary? resetting;
    private string newPassword = "";

    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = default!;

    [Inject] private AccountService Accounts { get; set; } = default!;

    [Inject] private IDemandService Demands { get; set; } = default!;

    [Inject] private TimeProvider Clock { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private IStringLocalizer<UserAdmin> L { get; set; } = default!;

    [Inject] private IStringLocalizer<SharedResource> S { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        if (CurrentUser.From((await Authentication).User) is { } user && AccessPolicy.CanAdminister(user))
        {
            admin = user;
            reference = await Demands.Reference();
            await Reload();
        }
        loaded = true;
    }

    private Task Create() => Run(
        () => Accounts.Create(admin!, draft.ToNewAccount()),
        L["Created", UserAccount.Normalize(draft.UserName)],
        () => draft = new());

    private Task SetEnabled(AccountSummary user, bool enabled) => Run(
        () => Accounts.SetEnabled(admin!, user.UserName, enabled),
        L[enabled ? "Enabled" : "DisabledDone", user.UserName]);

    private Task ResetLockout(AccountSummary user) => Run(
        () => Accounts.ResetLockout(admin!, user.UserName),
        L["LockoutCleared", user.UserName]);

    private void StartReset(AccountSummary user)
    {
        resetting = user;
        newPassword = "";
    }

    private Task ResetPassword() => Run(
        () => Accounts.ResetPassword(admin!, resetting!.UserName, newPassword),
        L["PasswordReset", resetting!.UserName],
        () =>
        {
            resetting = null;
            newPassword = "";
        });

    /// <summary>Runs one change: a refusal is shown in words, success is confirmed and the list read again.</summary>
    private async Task Run(Func<Task<AccountError?>> change, string success, Action? after = null)
    {
        busy = true;
        try
        {
            if (await change() is { } problem)
            {
                error = L[$"Error.{problem}"];
                return;
            }
            error = null;
            after?.Invoke();
            Snackbar.Add(success, Severity.Success);
            await Reload();
        }
        finally
        {
            busy = false;
        }
    }

    private async Task Reload() => users = await Accounts.List(admin!) ?? [];

    private string StationName(string? stationId) =>
        stationId is null ? "" : reference.FindStation(stationId)?.Name ?? stationId;

    private string BoundTo(AccountSummary user) => user.Role switch
    {
        ActorRole.StationHead => StationName(user.StationId),
        ActorRole.SocialWorker when user.WorkerId is { } workerId => WorkerLabel(workerId),
        _ => "",
    };

    /// <summary>"陆佳怡 · 城厢镇社工站 (w001)": the name people know, where they work, and the record's id.</summary>
    private string WorkerLabel(string workerId) => reference.FindWorker(workerId) is { } worker
        ? $"{worker.Name} · {StationName(worker.StationId)} ({worker.Id})"
        : workerId;

    private sealed class UserDraft
    {
        public string UserName { get; set; } = "";

        public string DisplayName { get; set; } = "";

        public ActorRole Role { get; set; } = ActorRole.Dispatcher;

        public string? StationId { get; set; }

        public string? WorkerId { get; set; }

        public string Password { get; set; } = "";

        public NewAccount ToNewAccount() => new(UserName, DisplayName, Role, StationId, WorkerId, Password);
    }
}
