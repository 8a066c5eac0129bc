using System.Globalization;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Kpis;
using Dispatch.Web.Accounts;
using Dispatch.Web.Components.Shared;
using Dispatch.Web.Kpis;
using Dispatch.Web.Live;
using Dispatch.Web.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Localization;

namespace Dispatch.Web.Components.Pages.Kpi;

/// <summary>
/// The leader wall: the city's KPIs as tiles and charts, stations to drill into. It loads once the circuit is live and
/// then reloads after pushes (a demand or the directory changed), at most once per <see cref="RefreshInterval"/>
/// however many pushes arrive. It never polls and never changes anything.
/// </summary>
public partial class KpiWall : IDisposable
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    private DispatchUser? user;
    private KpiDashboard? dashboard;
    private IReadOnlyList<WallChart> charts = [];
    private bool unavailable;
    private string? selectedStationId;
    private IDisposable? subscription;
    private CoalescedRefresh? refresh;
    private int loadsStarted;

    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = default!;

    [Inject] private KpiDashboardService Dashboards { get; set; } = default!;

    [Inject] private LiveFeed Feed { get; set; } = default!;

    [Inject] private ILogger<KpiWall> Logger { get; set; } = default!;

    [Inject] private IStringLocalizer<KpiWall> T { get; set; } = default!;

    [Inject] private IStringLocalizer<SharedResource> L { get; set; } = default!;

    protected override async Task OnInitializedAsync() => user = CurrentUser.From((await Authentication).User);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Not while prerendering: the subscription lives as long as the interactive circuit. Subscribing before the
        // first load means a change made meanwhile still triggers a reload.
        if (!firstRender || user is null)
        {
            return;
        }
        // Real time, not the domain clock: this only paces the screen.
        refresh = new CoalescedRefresh(RefreshInterval, TimeProvider.System, Reload,
            exception => Logger.LogWarning(exception, "The KPI wall could not reload its figures"));
        subscription = Feed.Subscribe(_ => InvokeAsync(refresh.Request));
        await refresh.RunNow();
    }

    private async Task Reload()
    {
        await Load();
        StateHasChanged();
    }

    private async Task Load()
    {
        var load = ++loadsStarted;
        try
        {
            var loaded = await Dashboards.Load(user!);
            // A slow older load must not overwrite a newer one.
            if (load == loadsStarted)
            {
                dashboard = loaded ?? dashboard;
                unavailable = dashboard is null;
                charts = dashboard is null ? [] : KpiWallCharts.Build(dashboard, T, L);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Storage or the cluster did not answer: keep showing the last figures; the next push tries again.
            Logger.LogWarning(exception, "The KPI wall could not reload its figures");
            unavailable = dashboard is null;
        }
    }

    private void Select(string stationId) => selectedStationId = selectedStationId == stationId ? null : stationId;

    private void OnStationKey(KeyboardEventArgs e, string stationId)
    {
        if (e.Key is "Enter" or " ")
        {
            Select(stationId);
        }
    }

    private sealed record StationDrill(StationKpis Today, StationKpis Month, IReadOnlyList<WorkerLoad> Workers, IReadOnlyList<string> Uncovered);

    private StationDrill? Drill(KpiDashboard wall)
    {
        if (selectedStationId is not { } id
            || wall.Today.Stations.Find(s => s.StationId == id) is not { } today
            || wall.Month.Stations.Find(s => s.StationId == id) is not { } month)
        {
            return null;
        }
        var uncovered = wall.Today.Coverage.UncoveredCommunityIds
            .Select(wall.Reference.FindCommunity)
            .Where(c => c?.StationId == id)
            .Select(c => c!.Name)
            .ToList();
        return new StationDrill(today, month, [.. wall.Today.WorkerLoad.Where(w => w.StationId == id)], uncovered);
    }

    private string MedianP90(DurationStats stats) =>
        $"{T["MedianValue", L.Duration(stats.Median)]} · {T["P90Value", L.Duration(stats.P90)]}";

    internal static string Percent(double? rate) => rate?.ToString("P0", CultureInfo.CurrentCulture) ?? "—";

    internal static string Rating(IStringLocalizer<KpiWall> t, double? mean) =>
        mean is { } value ? t["Rating", value.ToString("0.0", CultureInfo.CurrentCulture)] : "—";

    public void Dispose()
    {
        subscription?.Dispose();
        refresh?.Dispose();
    }
}
