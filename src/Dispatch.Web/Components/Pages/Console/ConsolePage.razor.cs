using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Kpis;
using Dispatch.Contracts.Sla;
using Dispatch.Grains;
using Dispatch.Web.Accounts;
using Dispatch.Web.Components.Shared;
using Dispatch.Web.Demands;
using Dispatch.Web.Live;
using Dispatch.Web.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;
using MudBlazor;

namespace Dispatch.Web.Components.Pages.Console;

/// <summary>
/// The command-center console on the big screen: the live queue of orders the center must act on, station tiles, today's
/// KPIs and the event ticker, as the host's <see cref="ConsoleBoardHost"/> pictures them for every console at once; a
/// new picture arrives after each batch of changes. Dispatching, cancelling and taking in demands open dialogs that
/// call the demand service as the signed-in dispatcher.
/// </summary>
public partial class ConsolePage : IDisposable
{
    /// <summary>
    /// Rows the queue renders, most pressing first. Nobody reads past a screenful or two, and rendering every waiting
    /// order of a province (tens of thousands) would make the console seconds slow on every change.
    /// </summary>
    public const int QueueRowsShown = 100;

    /// <summary>Station tiles shown: a city's stations all fit; of a province's thousands, the busiest.</summary>
    public const int StationTilesShown = 60;

    /// <summary>The KPI strip is recomputed after pushes, but at most this often however many pushes arrive.</summary>
    public static readonly TimeSpan KpiInterval = TimeSpan.FromSeconds(1);

    // Ages only need minute precision; the tick also clears highlights whose pulse is over.
    private static readonly TimeSpan DisplayTick = TimeSpan.FromSeconds(5);

    private static readonly DialogOptions WideDialog = new() { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true };

    private DispatchUser? user;
    private bool loaded;
    private CommandAnswer? loadProblem;
    private bool soundOn;
    private int beeps;
    private ConsoleView? view;
    private IDisposable? subscription;
    private ITimer? displayTick;

    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = default!;

    [Inject] private IDemandService Demands { get; set; } = default!;

    [Inject] private ConsoleBoardHost Host { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    [Inject] private ILogger<ConsolePage> Logger { get; set; } = default!;

    [Inject(Key = DomainClock.Key)] private TimeProvider Clock { get; set; } = default!;

    [Inject] private IStringLocalizer<ConsolePage> T { get; set; } = default!;

    [Inject] private IStringLocalizer<SharedResource> L { get; set; } = default!;

    [Inject] private SharedMarkup<QueueRow> Rows { get; set; } = default!;

    [Inject] private SharedMarkup<StationTileInput> Tiles { get; set; } = default!;

    [Inject] private SharedMarkup<TickerEntry> TickerEntries { get; set; } = default!;

    private ReferenceData Reference => view?.Reference ?? ReferenceData.Empty;

    protected override async Task OnInitializedAsync() => user = CurrentUser.From((await Authentication).User);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Not while prerendering: the subscription lives as long as the interactive circuit. Subscribed before the
        // first picture is asked for, so none published in between is missed.
        if (!firstRender || user is null)
        {
            return;
        }
        subscription = Host.Subscribe(picture => InvokeAsync(() => Show(picture)));
        soundOn = await JS.InvokeAsync<string?>("localStorage.getItem", SoundKey) == "on";
        try
        {
            Show(await Host.Open());
            loaded = true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Storage or cluster down: say so instead of breaking the circuit; a reload tries again.
            Logger.LogWarning(exception, "The console could not load its data");
            loadProblem = CommandAnswer.Unavailable(exception, L);
        }
        displayTick = Clock.CreateTimer(_ => InvokeAsync(StateHasChanged), null, DisplayTick, DisplayTick);
        StateHasChanged();
    }

    /// <summary>A newer picture replaces the one shown; one that calls for attention beeps when the sound is on.</summary>
    private void Show(ConsoleView picture)
    {
        if (view is not null && picture.Version <= view.Version)
        {
            return;
        }
        view = picture;
        if (picture.Attention && soundOn)
        {
            beeps++;
        }
        StateHasChanged();
    }

    /// <summary>The sound setting is the dispatcher's own: kept in the browser per user, so a reload keeps it.</summary>
    private string SoundKey => $"dispatch.console.sound.{user!.UserName}";

    private async Task RememberSound() => await JS.InvokeVoidAsync("localStorage.setItem", SoundKey, soundOn ? "on" : "off");

    private MarkupString QueueCells(DemandSummary demand, DateTimeOffset now)
    {
        var returnNote = demand is { State: DemandState.Reported, ReturnedBy.IsEmpty: false }
            ? (view?.ReturnReasons.GetValueOrDefault(demand.Id) is { } reason ? T["ReturnedBecause", reason] : T["Returned"]).Value
            : null;
        var row = new QueueRow(
            demand,
            returnNote,
            Reference.CommunityName(demand.CommunityId),
            Reference.CategoryName(demand.CategoryId),
            L.Duration(now - demand.ReportedAt),
            SlaPolicy.NextDeadline(demand, Reference.Sla) is { } due ? SlaCountdown.Html(due, now, L) : "",
            demand.State == DemandState.Reported && AccessPolicy.CanAct(user!, DemandAction.Dispatch, demand),
            AccessPolicy.CanAct(user!, DemandAction.Cancel, demand));
        return Rows.Get(row, r => ConsoleMarkup.QueueCells(r, L));
    }

    /// <summary>A row button was pressed (see <see cref="ConsoleMarkup"/>); the demand is the board's current copy.</summary>
    private Task OnQueueAction(QueueActionEventArgs press)
    {
        if (press.DemandId is null || view?.Row(press.DemandId) is not { } demand)
        {
            return Task.CompletedTask;
        }
        return press.Action switch
        {
            ConsoleMarkup.DispatchAction => Dispatch(demand),
            ConsoleMarkup.CancelAction => Cancel(demand),
            ConsoleMarkup.TimelineAction => OpenTimeline(demand),
            _ => Task.CompletedTask,
        };
    }

    private string RowClass(DemandSummary demand, DateTimeOffset now) =>
        "console-row"
        + (demand.IsOverdue ? " console-row-overdue" : "")
        + (view?.NeedsAttention(demand.Id, now) == true ? " console-attention" : "");

    private async Task TakeIn()
    {
        var parameters = new DialogParameters<IntakeDialog>
        {
            { d => d.User, user! },
            { d => d.Reference, Reference },
        };
        var dialog = await Dialogs.ShowAsync<IntakeDialog>(T["IntakeTitle"], parameters, WideDialog);
        switch (await dialog.Result)
        {
            case { Canceled: false, Data: IntakeResult { NotDispatched: { } reason } taken }:
                Snackbar.Add(T["ReportedNotDispatched", taken.Demand.Id, reason], Severity.Warning);
                break;
            case { Canceled: false, Data: IntakeResult { Demand: { State: DemandState.Dispatched } dispatched } }:
                Snackbar.Add(T["ReportedAndDispatchedOk", dispatched.Id, Reference.StationName(dispatched.StationId)], Severity.Success);
                break;
            case { Canceled: false, Data: IntakeResult taken }:
                Snackbar.Add(T["ReportedOk", taken.Demand.Id], Severity.Success);
                break;
        }
    }

    private async Task Dispatch(DemandSummary demand)
    {
        var parameters = new DialogParameters<DispatchDialog>
        {
            { d => d.Demand, demand },
            { d => d.User, user! },
            { d => d.ReturnReason, view?.ReturnReasons.GetValueOrDefault(demand.Id) },
            { d => d.Reference, Reference },
        };
        var dialog = await Dialogs.ShowAsync<DispatchDialog>(T["DispatchTitle", demand.Id], parameters, WideDialog);
        if (await dialog.Result is { Canceled: false, Data: Demand dispatched })
        {
            Snackbar.Add(T["DispatchedOk", dispatched.Id, Reference.StationName(dispatched.StationId)], Severity.Success);
        }
    }

    private async Task Cancel(DemandSummary demand)
    {
        var parameters = new DialogParameters<CancelDialog> { { d => d.Demand, demand }, { d => d.User, user! } };
        var dialog = await Dialogs.ShowAsync<CancelDialog>(T["CancelTitle", demand.Id], parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false, Data: Demand cancelled })
        {
            Snackbar.Add(T["CancelledOk", cancelled.Id], Severity.Success);
        }
    }

    private async Task OpenTimeline(DemandSummary demand)
    {
        var parameters = new DialogParameters<TimelineDialog>
        {
            { d => d.DemandId, demand.Id },
            { d => d.User, user! },
            { d => d.Reference, Reference },
        };
        await Dialogs.ShowAsync<TimelineDialog>(T["TimelineTitle", demand.Id], parameters,
            new DialogOptions { MaxWidth = MaxWidth.Large, FullWidth = true, CloseOnEscapeKey = true, CloseButton = true });
    }

    public void Dispose()
    {
        subscription?.Dispose();
        displayTick?.Dispose();
    }
}
