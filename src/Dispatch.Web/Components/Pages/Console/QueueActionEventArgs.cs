using Microsoft.AspNetCore.Components;

namespace Dispatch.Web.Components.Pages.Console;

/// <summary>
/// A click on one of the queue's row buttons: which action, on which demand (the button's <c>data-action</c> and its
/// row's <c>data-demand</c>, read in the browser by <c>wwwroot-shared/dispatch.js</c>). Both are null for a click on the
/// table elsewhere.
/// </summary>
public sealed class QueueActionEventArgs : EventArgs
{
    public string? Action { get; set; }

    public string? DemandId { get; set; }
}

// The Razor compiler finds custom events only on a class named exactly EventHandlers.
[EventHandler("onqueueaction", typeof(QueueActionEventArgs), enableStopPropagation: true, enablePreventDefault: true)]
public static class EventHandlers
{
}
