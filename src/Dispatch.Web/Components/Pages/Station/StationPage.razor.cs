using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Contracts.Kpis;
using Dispatch.Contracts.Sla;
using Dispatch.Web.Accounts;
using Dispatch.Web.Components.Shared;
using Dispatch.Web.Demands;
using Dispatch.Web.KeyPersons;
using Dispatch.Web.Live;
using Dispatch.Web.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Dispatch.Web.Components.Pages.Station;

/// <summary>
/// The station head's desk (社工站): orders dispatched to their own station arrive live to be accepted or returned,
/// accepted orders are assigned to a worker, orders in service are watched, and the station's workers and KPIs are at
/// hand. Everything shown is the head's own station: the lists ask for it, and every push is checked with
/// <see cref="AccessPolicy.CanView"/> before it is shown.
/// </summary>
public partial class StationPage
{
    /// <summary>The states in which an order is on the station's desk.</summary>
    private static readonly DemandState[] DeskStates =
        [DemandState.Dispatched, DemandState.Accepted, DemandState.Assigned, DemandState.InService];

    /// <summary>KPIs are recomputed at most once per this interval, however many changes a burst brings.</summary>
    internal static readonly TimeSpan KpiRefreshInterval = TimeSpan.FromSeconds(1);

    private static readonly IReadOnlySet<string> NoFormFields = new HashSet<string>();

    private readonly HashSet<string> busy = [];
    private DispatchUser? user;
    private LiveSet<DemandSummary>? orders;
    private KpiFigures? kpis;
    private VisitRateReport? visitRates;
    private StationHistory? history;
    private CoalescedRefresh? kpiRefresh;

    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private IKeyPersonService Persons { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private ILogger<StationPage> Logger { get; set; } = default!;

    [Inject] private IStringLocalizer<StationPage> T { get; set; } = default!;

    [Inject] private IStringLocalizer<CommandAnswer> Answers { get; set; } = default!;

    [Inject] private IStringLocalizer<SharedResource> L { get; set; } = default!;

    private string? StationId => user?.StationId;

    private string StationName => Reference.FindStation(StationId ?? "")?.Name ?? StationId ?? "";

    private IEnumerable<DemandSummary> Orders => orders?.All ?? [];

    /// <summary>Waiting for the station to accept or return: the nearest SLA deadline first.</summary>
    private IReadOnlyList<DemandSummary> Incoming =>
        [.. Orders.Where(d => d.State == DemandState.Dispatched)
            .OrderBy(d => SlaPolicy.NextDeadline(d, Reference.Sla)?.DueAt ?? DateTimeOffset.MaxValue)
            .ThenBy(d => d.Id, StringComparer.Ordinal)];

    private IReadOnlyList<DemandSummary> ToAssign =>
        [.. Orders.Where(d => d.State == DemandState.Accepted)
            .OrderBy(d => SlaPolicy.NextDeadline(d, Reference.Sla)?.DueAt ?? DateTimeOffset.MaxValue)
            .ThenBy(d => d.Id, StringComparer.Ordinal)];

    private IReadOnlyList<DemandSummary> InProgress =>
        [.. Orders.Where(d => d.State is DemandState.Assigned or DemandState.InService)
            .OrderBy(d => d.State)
            .ThenBy(d => d.ReportedAt)
            .ThenBy(d => d.Id, StringComparer.Ordinal)];

    private IReadOnlyList<SocialWorker> Workers =>
        [.. Reference.Workers.Where(w => w.StationId == StationId && w.IsActive).OrderBy(w => w.Name, StringComparer.Ordinal)];

    protected override async Task OnInitializedAsync()
    {
        user = CurrentUser.From((await Authentication).User);
        if (user is not { StationId: { } stationId })
        {
            return;
        }
        // Created before the first await on data, so pushes that arrive while the lists load are kept too.
        var viewer = user;
        kpiRefresh = new CoalescedRefresh(KpiRefreshInterval, TimeProvider.System, RefreshKpis,
            exception => Logger.LogWarning(exception, "Recomputing the station KPIs failed"));
        orders = LiveSet.Demands(d => d.IsOpen && AccessPolicy.CanView(viewer, d));
        Reference = await Demands.Reference();
        // One list per desk state: closed orders would otherwise crowd open ones out of the list's limit.
        var lists = await Task.WhenAll(DeskStates.Select(state =>
            Demands.List(new DemandFilter(state, stationId, null, null, DemandFilter.MaxLimit), viewer)));
        foreach (var summary in lists.SelectMany(list => list))
        {
            orders.Apply(summary);
        }
        await kpiRefresh.RunNow();
    }

    protected override Task OnDemandChanged(DemandSummary summary)
    {
        Apply(summary);
        return Task.CompletedTask;
    }

    protected override Task OnKeyPersonChanged(KeyPersonSummary summary)
    {
        // A visit to one of the station's people (or one moving in or out) moves the visit rates.
        if (summary.StationId == StationId || visitRates?.ByCommunity.ContainsKey(summary.CommunityId) == true)
        {
            ScheduleKpiRefresh();
        }
        return Task.CompletedTask;
    }

    // Worker names and communities may have changed, and with them the figures.
    protected override void OnReferenceReloaded() => ScheduleKpiRefresh();

    private void Apply(DemandSummary summary)
    {
        if (orders is null)
        {
            return;
        }
        // The station's KPIs move with its own orders, including one it just returned (which no longer shows here)
        // and ones of its communities not dispatched yet.
        var concernsStation = orders.Contains(summary.Id) || KpiCalculator.AttributedStation(summary) == StationId;
        if (orders.Apply(summary))
        {
            StateHasChanged();
        }
        history?.Changed(summary);
        if (concernsStation)
        {
            ScheduleKpiRefresh();
        }
    }

    /// <summary>KPIs and visit rates are recomputed together, a burst of changes at most once per interval.</summary>
    private void ScheduleKpiRefresh() => kpiRefresh?.Request();

    private async Task RefreshKpis()
    {
        var figures = await LoadKpis();
        var rates = await Persons.Rates(user!);
        await InvokeAsync(() =>
        {
            (kpis, visitRates) = (figures, rates);
            StateHasChanged();
        });
    }

    /// <summary>The head's own station's row, the only one asked for: the service scopes a head's report to their station.</summary>
    private async Task<KpiFigures?> LoadKpis() =>
        user is not { StationId: { } station }
            ? null
            : (await Demands.Kpis(user, rows: KpiRows.Station(station)))?.Stations.Find(s => s.StationId == station)?.Figures;

    private bool May(DemandAction action, DemandSummary order) => user is not null && AccessPolicy.CanAct(user, action, order);

    /// <summary>A command on the order is on its way: its buttons wait, so a double click cannot send it twice.</summary>
    private bool Busy(DemandSummary order) => busy.Contains(order.Id);

    private Task Accept(DemandSummary order) => Run(order, new AcceptDemand());

    private async Task Return(DemandSummary order)
    {
        var parameters = new DialogParameters<ReturnDialog> { { d => d.Order, order }, { d => d.Reference, Reference } };
        var dialog = await Dialogs.ShowAsync<ReturnDialog>(T["ReturnTitle", order.Id], parameters, DialogWidth);
        if (await dialog.Result is { Canceled: false, Data: string reason })
        {
            await Run(order, new ReturnDemand(reason));
        }
    }

    private async Task Assign(DemandSummary order)
    {
        var parameters = new DialogParameters<AssignDialog>
        {
            { d => d.Order, order }, { d => d.Reference, Reference }, { d => d.User, user },
        };
        var dialog = await Dialogs.ShowAsync<AssignDialog>(T["AssignTitle", order.Id], parameters, DialogWidth);
        if (await dialog.Result is { Canceled: false, Data: string workerId })
        {
            // A case already with a worker is handed to another: confirmed with the button's word, not as a first assignment.
            await Run(order, new AssignDemand(workerId), order.State == DemandState.Assigned ? T["Reassign"].Value : null);
        }
    }

    private static DialogOptions DialogWidth => new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };

    /// <summary>Sends the command; success is confirmed in the head's language with <paramref name="verb"/> or the action's name.</summary>
    private async Task Run(DemandSummary order, DemandCommand command, string? verb = null)
    {
        busy.Add(order.Id);
        try
        {
            var answer = CommandAnswer.Of(await Demands.Execute(order.Id, command, user!), NoFormFields, Answers, L, Reference);
            if (answer.Demand is { } changed)
            {
                // Shown at once; the push of the same change that follows is recognised by its version and ignored.
                orders?.Apply(changed.ToSummary());
                Snackbar.Add(T["Done", verb ?? L.Label(command.Action), order.Id], Severity.Success);
            }
            else
            {
                Snackbar.Add(answer.Message ?? Answers["NoAnswer"], Severity.Error);
            }
        }
        finally
        {
            busy.Remove(order.Id);
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        kpiRefresh?.Dispose();
    }
}
