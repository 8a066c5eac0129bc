using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Kpis;
using Dispatch.Contracts.Sla;
using Dispatch.Web.Components.Shared;
using Dispatch.Web.Live;

namespace Dispatch.Web.Components.Pages.Console;

/// <summary>One line of the live event ticker.</summary>
public sealed record TickerEntry(string DemandId, DemandEvent Event);

/// <summary>A station's live figures on its tile.</summary>
public sealed record StationFigures(int Open, int AwaitingAcceptance, int Overdue, int ActiveWorkers);

/// <summary>
/// The console's live picture of the city: every open demand (the newest version wins), the queue the center works on,
/// station figures, the event ticker and which orders need attention. Plain state with no I/O: the host's
/// <see cref="ConsoleBoardHost"/> feeds it the initial list once and then every push, one at a time.
/// </summary>
public sealed class ConsoleBoard
{
    public const int TickerLength = LiveFeed.RecentLength;

    /// <summary>How long a newly urgent or newly overdue order stays highlighted (the CSS pulse lasts as long).</summary>
    public static readonly TimeSpan AttentionSpan = TimeSpan.FromSeconds(10);

    // Finished demands leave the board; their versions are remembered so a late stale copy cannot bring one back.
    private readonly LiveSet<DemandSummary> open = LiveSet.Demands(d => d.IsOpen);
    private readonly Dictionary<string, string> returnReasons = [];
    private readonly Dictionary<string, DateTimeOffset> attentionUntil = [];
    private readonly LinkedList<TickerEntry> ticker = new();

    public ReferenceData Reference { get; set; } = ReferenceData.Empty;

    public IEnumerable<TickerEntry> Ticker => ticker;

    /// <summary>
    /// Whether the center has to act on the demand: new or returned (Reported), dispatched but not yet accepted, or
    /// overdue in any open state.
    /// </summary>
    public static bool NeedsCenter(DemandSummary demand) =>
        demand.IsOpen && (demand.State is DemandState.Reported or DemandState.Dispatched || demand.IsOverdue);

    /// <summary>Takes the initial list; summaries older than what a push already brought are ignored.</summary>
    public void Load(IEnumerable<DemandSummary> summaries)
    {
        foreach (var summary in summaries)
        {
            Keep(summary);
        }
    }

    /// <summary>
    /// Applies one pushed change. Returns true when it calls for attention: an urgent order newly in the queue, or an
    /// order that just became overdue.
    /// </summary>
    public bool Apply(DemandChange change, DateTimeOffset now)
    {
        var summary = change.Summary;
        var before = open.Find(summary.Id);
        if (!Keep(summary))
        {
            return false;
        }
        if (change.Event.Kind == DemandEventKind.Returned && change.Event.Note is { } reason)
        {
            returnReasons[summary.Id] = reason;
        }
        AddToTicker(change);
        foreach (var expired in attentionUntil.Where(a => a.Value <= now).Select(a => a.Key).ToList())
        {
            attentionUntil.Remove(expired);
        }

        var arrived = NeedsCenter(summary) && (before is null || !NeedsCenter(before));
        var becameOverdue = summary.IsOverdue && before?.IsOverdue != true;
        var attention = NeedsCenter(summary)
            && ((arrived && summary.Urgency == Urgency.Urgent) || becameOverdue || change.Event.Kind == DemandEventKind.SlaBreached);
        if (attention)
        {
            attentionUntil[summary.Id] = now + AttentionSpan;
        }
        return attention;
    }

    /// <summary>
    /// Starts the ticker with what happened before the console opened (see <see cref="LiveFeed.RecentDemandChanges"/>),
    /// oldest first. A change also pushed after the console subscribed shows once.
    /// </summary>
    public void FillTicker(IEnumerable<DemandChange> recent)
    {
        foreach (var change in recent)
        {
            AddToTicker(change);
        }
    }

    /// <summary>The reason of a demand's last return, once known (from a push or loaded with the demand).</summary>
    public string? ReturnReason(string demandId) => returnReasons.GetValueOrDefault(demandId);

    public void SetReturnReason(string demandId, string reason) => returnReasons[demandId] = reason;

    /// <summary>Until when the order pulses, if it was newly urgent or overdue within <see cref="AttentionSpan"/>.</summary>
    public DateTimeOffset? AttentionUntil(string demandId) => attentionUntil.TryGetValue(demandId, out var until) ? until : null;

    /// <summary>Returned demands waiting for re-dispatch whose return reason is not known yet.</summary>
    public IEnumerable<string> ReturnedWithoutReason() =>
        open.All
            .Where(d => d.State == DemandState.Reported && !d.ReturnedBy.IsEmpty && !returnReasons.ContainsKey(d.Id))
            .Select(d => d.Id);

    /// <summary>What the center has to do about an order in its queue: the queue's sections, in the order shown.</summary>
    public static QueueSection Section(DemandSummary demand) => demand.State switch
    {
        DemandState.Reported => QueueSection.ToDispatch,
        DemandState.Dispatched => QueueSection.AwaitingAcceptance,
        _ => QueueSection.OverdueAtStation,
    };

    /// <summary>The queue by section; within one, overdue first, then urgent, then the nearest SLA deadline, then the oldest.</summary>
    public IReadOnlyList<DemandSummary> Queue() =>
        [.. open.All
            .Where(NeedsCenter)
            .OrderBy(Section)
            .ThenByDescending(d => d.IsOverdue)
            .ThenByDescending(d => d.Urgency == Urgency.Urgent)
            .ThenBy(d => SlaPolicy.NextDeadline(d, Reference.Sla)?.DueAt ?? DateTimeOffset.MaxValue)
            .ThenBy(d => d.ReportedAt)
            .ThenBy(d => d.Id, StringComparer.Ordinal)];

    /// <summary>
    /// Figures per station. An open demand counts for the station holding it, or its home station while undispatched,
    /// as the KPIs count it. Workers are the station's active ones: on-duty status is not part of the service.
    /// </summary>
    public IReadOnlyDictionary<string, StationFigures> Stations()
    {
        var byStation = open.All.ToLookup(KpiCalculator.AttributedStation);
        var workers = Reference.Workers.Where(w => w.IsActive).CountBy(w => w.StationId).ToDictionary();
        return Reference.Stations.ToDictionary(s => s.Id, s =>
        {
            var demands = byStation[s.Id].ToList();
            return new StationFigures(
                demands.Count,
                demands.Count(d => d.State == DemandState.Dispatched),
                demands.Count(d => d.IsOverdue),
                workers.GetValueOrDefault(s.Id));
        });
    }

    private void AddToTicker(DemandChange change)
    {
        if (ticker.Any(e => e.DemandId == change.Summary.Id && e.Event.Sequence == change.Event.Sequence))
        {
            return;
        }
        ticker.AddFirst(new TickerEntry(change.Summary.Id, change.Event));
        while (ticker.Count > TickerLength)
        {
            ticker.RemoveLast();
        }
    }

    /// <summary>Keeps the newest version of a demand; finished demands leave the board. False when the summary is stale.</summary>
    private bool Keep(DemandSummary summary)
    {
        if (open.IsStale(summary))
        {
            return false;
        }
        open.Apply(summary);
        if (!summary.IsOpen)
        {
            attentionUntil.Remove(summary.Id);
        }
        return true;
    }
}

/// <summary>The queue's sections: orders the center must dispatch, orders a station has yet to accept, and overdue ones a station holds.</summary>
public enum QueueSection
{
    ToDispatch,
    AwaitingAcceptance,
    OverdueAtStation,
}
