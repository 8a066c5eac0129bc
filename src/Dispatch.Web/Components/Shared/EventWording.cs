using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Web.Components.Pages.Console;
using Dispatch.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Dispatch.Web.Components.Shared;

/// <summary>
/// How a timeline event reads, the same on the console's ticker, the order page and the worker's phone: its name, what it
/// did in the user's language (through which channel and by whom it was reported, to which station, from which worker to
/// which), and the note a person wrote. Events store facts, never words, so every screen words them itself.
/// </summary>
public static class EventWording
{
    /// <summary>The event's name; an assignment that took the case from another worker reads as a reassignment (改派).</summary>
    public static string Kind(DemandEvent e, string? workerBefore, IStringLocalizer<SharedResource> L) =>
        e.Kind == DemandEventKind.Assigned && workerBefore is not null ? L["EventReassigned"] : L.Label(e.Kind);

    /// <summary>What the event did, in words, or null when its name says it all.</summary>
    public static string? What(DemandEvent e, string? workerBefore, ReferenceData reference, IStringLocalizer<SharedResource> L) => e.Kind switch
    {
        DemandEventKind.Reported when e.ReportedBy() is var (channel, name) =>
            string.IsNullOrEmpty(name) ? L.Label(channel) : L["EventReportedBy", L.Label(channel), name],
        DemandEventKind.Dispatched or DemandEventKind.Accepted or DemandEventKind.Returned when e.StationId is { } station =>
            reference.StationName(station),
        DemandEventKind.Assigned when workerBefore is not null =>
            L["EventFromTo", reference.WorkerName(workerBefore), reference.WorkerName(e.WorkerId)],
        DemandEventKind.Assigned or DemandEventKind.Contacted when e.WorkerId is { } worker =>
            L["EventTo", reference.WorkerName(worker)],
        DemandEventKind.StepRecorded when e.Step is { } step =>
            e.RiskLevel is { } risk ? $"{L.Label(step)} · {L["RiskLevelLabel"]} {L.Label(risk)}" : L.Label(step),
        DemandEventKind.CallbackRecorded when e.Rating is { } rating => L["EventRating", rating],
        DemandEventKind.SlaBreached when e.Breach is { } breach =>
            L["BreachNote", L.Label(breach.Kind), StationTime.Format(breach.DueAt, format: "MM-dd HH:mm"), L.Label(breach.EscalatedTo)],
        _ => null,
    };

    /// <summary>What a person wrote; a breach's note is the system's English log line, which <see cref="What"/> words instead.</summary>
    public static string? Note(DemandEvent e) => e.Kind == DemandEventKind.SlaBreached ? null : e.PersonalNote;
}
