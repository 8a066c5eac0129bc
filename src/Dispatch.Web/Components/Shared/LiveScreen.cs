using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Web.Demands;
using Dispatch.Web.Live;
using Microsoft.AspNetCore.Components;

namespace Dispatch.Web.Components.Shared;

/// <summary>
/// A screen that loads its data once and then follows the live feed: it subscribes when its circuit becomes
/// interactive, hands every demand and key-person change to the page, keeps the city's reference data current when an administrator
/// edits it, and unsubscribes when closed.
/// </summary>
public abstract class LiveScreen : ComponentBase, IDisposable
{
    private IDisposable? subscription;

    [Inject] protected IDemandService Demands { get; set; } = default!;

    [Inject] protected LiveFeed Feed { get; set; } = default!;

    [Inject] protected NavigationManager Navigation { get; set; } = default!;

    /// <summary>Communities, stations, workers, categories and SLA targets as they are now.</summary>
    protected ReferenceData Reference { get; set; } = ReferenceData.Empty;

    protected override void OnAfterRender(bool firstRender)
    {
        // Not in OnInitialized: a prerendered page is thrown away, and its subscription would leak. A change pushed
        // before this point is not lost: the lists the page loaded already contain it.
        if (firstRender)
        {
            subscription = Feed.Subscribe(OnLiveEvent);
        }
    }

    /// <summary>Called on the renderer's thread with each demand change, newest version or not.</summary>
    protected abstract Task OnDemandChanged(DemandSummary summary);

    /// <summary>Called on the renderer's thread with each key-person change (an entry or a visit); most screens ignore them.</summary>
    protected virtual Task OnKeyPersonChanged(KeyPersonSummary summary) => Task.CompletedTask;

    /// <summary>Called on the renderer's thread after the reference data was reloaded.</summary>
    protected virtual void OnReferenceReloaded()
    {
    }

    public virtual void Dispose()
    {
        subscription?.Dispose();
        GC.SuppressFinalize(this);
    }

    private Task OnLiveEvent(LiveEvent liveEvent) => liveEvent switch
    {
        DemandChanged changed => InvokeAsync(() => OnDemandChanged(changed.Change.Summary)),
        KeyPersonChanged changed => InvokeAsync(() => OnKeyPersonChanged(changed.Summary)),
        DirectoryChanged => ReloadReference(),
        // Changes were missed beyond catching up (rare: the live log restarted): the page loads afresh.
        Resync => InvokeAsync(() => Navigation.Refresh(forceReload: true)),
        _ => Task.CompletedTask,
    };

    private async Task ReloadReference()
    {
        var fresh = await Demands.Reference();
        await InvokeAsync(() =>
        {
            Reference = fresh;
            OnReferenceReloaded();
            StateHasChanged();
        });
    }
}
