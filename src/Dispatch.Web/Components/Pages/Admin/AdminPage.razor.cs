using Dispatch.Contracts.Access;
using Dispatch.Contracts.Directory;
using Dispatch.Web.Accounts;
using Dispatch.Web.DirectoryAdmin;
using Dispatch.Web.Live;
using Dispatch.Web.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;

namespace Dispatch.Web.Components.Pages.Admin;

/// <summary>
/// The administrator's screen: one tab per part of the city directory. Every save is published as
/// <see cref="DirectoryChanged"/>; this page reloads on it like every other screen, so its tables always show the
/// directory as saved, whoever saved it.
/// </summary>
public partial class AdminPage : IDisposable
{
    private DispatchUser? user;
    private ReferenceData? data;
    private int activeTab;
    private IDisposable? subscription;

    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = default!;

    [Inject] private IDirectoryAdminService Admin { get; set; } = default!;

    [Inject] private LiveFeed Feed { get; set; } = default!;

    [Inject] private IStringLocalizer<AdminPage> T { get; set; } = default!;

    [Inject] private IStringLocalizer<SharedResource> L { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        user = CurrentUser.From((await Authentication).User);
        data = await Admin.Get();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        // Not while prerendering: the subscription lives as long as the interactive circuit.
        if (firstRender)
        {
            subscription = Feed.Subscribe(e => e is DirectoryChanged ? InvokeAsync(Reload) : Task.CompletedTask);
        }
    }

    private async Task Reload()
    {
        data = await Admin.Get();
        StateHasChanged();
    }

    public void Dispose() => subscription?.Dispose();
}
