using System.Collections.Immutable;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Kpis;
using Dispatch.Grains;
using Dispatch.Web.Components.Shared;
using Dispatch.Web.Demands;
using Dispatch.Web.Live;
using Dispatch.Web.Localization;

namespace Dispatch.Web.Components.Pages.Console;

/// <summary>
/// What every console shows, as one immutable picture shared by all of them: the queue's first rows and its counts,
/// the station tiles, the ticker, which orders pulse, today's KPI strip. A console holds a reference to it, not a copy.
/// </summary>
public sealed record ConsoleView(
    long Version,
    ReferenceData Reference,
    ImmutableArray<DemandSummary> Rows,
    int QueueCount,
    ImmutableDictionary<QueueSection, int> Sections,
    IReadOnlyDictionary<string, StationFigures> Stations,
    ImmutableArray<Contracts.Directory.Station> StationsShown,
    ImmutableArray<TickerEntry> Ticker,
    ImmutableDictionary<string, string> ReturnReasons,
    ImmutableDictionary<string, DateTimeOffset> AttentionUntil,
    KpiFigures? Kpis,
    bool Attention)
{
    public DemandSummary? Row(string demandId) => Rows.FirstOrDefault(d => d.Id == demandId);

    public bool NeedsAttention(string demandId, DateTimeOffset now) =>
        AttentionUntil.TryGetValue(demandId, out var until) && now < until;
}

/// <summary>
/// The host's one console board: it follows the live feed once for all consoles, and after each batch of changes
/// builds one <see cref="ConsoleView"/> that every open console renders. Before it, each console held every open demand
/// of the city and sorted them on each render. Consoles are for dispatchers, who see the whole city. It stops following
/// the feed when the host starts stopping: the silo goes first, and a refresh then would only log its absence.
/// </summary>
public sealed class ConsoleBoardHost : IDisposable
{
    /// <summary>Changes arriving together (the live log pushes in batches) make one new picture.</summary>
    public static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(50);

    private readonly ConsoleBoard board = new();
    private readonly Lock gate = new();
    private readonly List<Action<ConsoleView>> viewers = [];
    private CoalescedRefresh? rebuild;
    private CoalescedRefresh? kpiRefresh;
    private IDisposable? subscription;
    private Task<ConsoleView>? loading;
    private ConsoleView? view;
    private KpiFigures? kpis;
    private bool attention;
    private long version;
    private readonly IDemandService demands;
    private readonly LiveFeed feed;
    private readonly TimeProvider clock;
    private readonly ILogger<ConsoleBoardHost> logger;
    private readonly CancellationTokenRegistration stopping;

    public ConsoleBoardHost(
        IDemandService demands, LiveFeed feed, [FromKeyedServices(DomainClock.Key)] TimeProvider clock,
        IHostApplicationLifetime lifetime, ILogger<ConsoleBoardHost> logger)
    {
        (this.demands, this.feed, this.clock, this.logger) = (demands, feed, clock, logger);
        stopping = lifetime.ApplicationStopping.Register(Dispose);
    }

    /// <summary>The current picture, loading the board on the first call (again after a failed load).</summary>
    public Task<ConsoleView> Open()
    {
        lock (gate)
        {
            if (loading is { IsFaulted: true } or { IsCanceled: true })
            {
                loading = null;
            }
            return loading ??= Load();
        }
    }

    /// <summary>Calls <paramref name="show"/> with every new picture until the result is disposed.</summary>
    public IDisposable Subscribe(Action<ConsoleView> show)
    {
        lock (gate)
        {
            viewers.Add(show);
        }
        return new Subscription(() =>
        {
            lock (gate)
            {
                viewers.Remove(show);
            }
        });
    }

    private async Task<ConsoleView> Load()
    {
        if (subscription is null)
        {
            rebuild = new CoalescedRefresh(BatchWindow, TimeProvider.System, Publish,
                exception => logger.LogWarning(exception, "Building the console board failed"));
            kpiRefresh = new CoalescedRefresh(ConsolePage.KpiInterval, clock, RefreshKpis,
                exception => logger.LogWarning(exception, "Recomputing the console's KPIs failed; the next change retries"));
            // Subscribed before the load: nothing is missed in between, and the board keeps whichever copy is newer.
            subscription = feed.Subscribe(OnLiveEvent);
        }
        var reference = await demands.Reference();
        var open = await demands.List(DemandFilter.AllOpen, DispatchUser.System);
        lock (board)
        {
            board.Reference = reference;
            board.FillTicker(feed.RecentDemandChanges());
            board.Load(open);
        }
        await LoadReturnReasons();
        await kpiRefresh!.RunNow();
        return view!;
    }

    private async Task OnLiveEvent(LiveEvent liveEvent)
    {
        switch (liveEvent)
        {
            case DemandChanged changed:
                lock (board)
                {
                    attention |= board.Apply(changed.Change, clock.GetUtcNow());
                }
                break;
            case DirectoryChanged:
                var reference = await demands.Reference();
                lock (board)
                {
                    board.Reference = reference;
                }
                break;
            case Resync:
                // Changes were missed beyond catching up: the board starts again from what the index holds now.
                var fresh = await demands.Reference();
                var open = await demands.List(DemandFilter.AllOpen, DispatchUser.System);
                lock (board)
                {
                    board.Reference = fresh;
                    board.Load(open);
                }
                await LoadReturnReasons();
                break;
            default:
                return;
        }
        rebuild?.Request();
        kpiRefresh?.Request();
    }

    /// <summary>The reason a returned order came back is on its timeline, not its summary: read it once per such order.</summary>
    private async Task LoadReturnReasons()
    {
        List<string> missing;
        lock (board)
        {
            missing = [.. board.ReturnedWithoutReason()];
        }
        var returned = await Task.WhenAll(missing.Select(id => demands.Get(id, DispatchUser.System)));
        lock (board)
        {
            foreach (var demand in returned)
            {
                if (demand?.LastReturnReason is { } reason)
                {
                    board.SetReturnReason(demand.Id, reason);
                }
            }
        }
    }

    private async Task RefreshKpis()
    {
        var local = StationTime.ToLocal(clock.GetUtcNow());
        kpis = (await demands.Kpis(DispatchUser.System, from: new DateTimeOffset(local.Date, local.Offset)))?.Overall;
        await Publish();
    }

    private Task Publish()
    {
        ConsoleView built;
        Action<ConsoleView>[] shown;
        lock (board)
        {
            var queue = board.Queue();
            var rows = queue.Take(ConsolePage.QueueRowsShown).ToImmutableArray();
            var stations = board.Stations();
            built = new ConsoleView(
                Interlocked.Increment(ref version),
                board.Reference,
                rows,
                queue.Count,
                queue.CountBy(ConsoleBoard.Section).ToImmutableDictionary(),
                stations,
                [.. StationsShown(board.Reference, stations)],
                [.. board.Ticker],
                rows.Select(d => (d.Id, Reason: board.ReturnReason(d.Id))).Where(r => r.Reason is not null)
                    .ToImmutableDictionary(r => r.Id, r => r.Reason!),
                rows.Select(d => (d.Id, Until: board.AttentionUntil(d.Id))).Where(a => a.Until is not null)
                    .ToImmutableDictionary(a => a.Id, a => a.Until!.Value),
                kpis,
                attention);
            attention = false;
        }
        lock (gate)
        {
            view = built;
            shown = [.. viewers];
        }
        foreach (var show in shown)
        {
            show(built);
        }
        return Task.CompletedTask;
    }

    /// <summary>Every station in directory order while they fit; beyond that the ones most in need of the center first.</summary>
    private static IEnumerable<Contracts.Directory.Station> StationsShown(ReferenceData reference, IReadOnlyDictionary<string, StationFigures> figures) =>
        reference.Stations.Count <= ConsolePage.StationTilesShown
            ? reference.Stations
            : reference.Stations
                .OrderByDescending(s => figures.GetValueOrDefault(s.Id)?.Overdue ?? 0)
                .ThenByDescending(s => figures.GetValueOrDefault(s.Id)?.AwaitingAcceptance ?? 0)
                .ThenByDescending(s => figures.GetValueOrDefault(s.Id)?.Open ?? 0)
                .Take(ConsolePage.StationTilesShown);

    public void Dispose()
    {
        stopping.Dispose();
        subscription?.Dispose();
        rebuild?.Dispose();
        kpiRefresh?.Dispose();
    }
}
