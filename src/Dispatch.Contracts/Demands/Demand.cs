using System.Collections.Immutable;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Sla;

namespace Dispatch.Contracts.Demands;

/// <summary>Who did something: every timeline event names its actor.</summary>
[GenerateSerializer, Immutable]
public sealed record Actor(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] ActorRole Role)
{
    public static Actor System { get; } = new("system", "Dispatch", ActorRole.System);
}

/// <summary>The resident the demand is about.</summary>
[GenerateSerializer, Immutable]
public sealed record Person(
    [property: Id(0)] string Name,
    [property: Id(1)] string? Phone,
    [property: Id(2)] string? Address);

/// <summary>Who reported the need and through which channel.</summary>
[GenerateSerializer, Immutable]
public sealed record Reporter(
    [property: Id(0)] string Name,
    [property: Id(1)] ReportChannel Channel,
    [property: Id(2)] string? Phone);

/// <summary>
/// One entry of the audit trail: what happened, who, when, and why. Facts are stored as facts (a channel, a name, a
/// worker id) and each screen words them in its user's language; the note is only what a person wrote.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DemandEvent(
    [property: Id(0)] int Sequence,
    [property: Id(1)] DemandEventKind Kind,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] Actor Actor,
    [property: Id(4)] DemandState From,
    [property: Id(5)] DemandState To,
    [property: Id(6)] string? Note = null,
    [property: Id(7)] string? StationId = null,
    [property: Id(8)] string? WorkerId = null,
    [property: Id(9)] CaseworkStep? Step = null,
    [property: Id(10)] RiskLevel? RiskLevel = null,
    [property: Id(11)] int? Rating = null,
    [property: Id(12)] SlaBreach? Breach = null,
    [property: Id(13)] CaseworkForm? Form = null,
    [property: Id(14)] Referral? Referral = null,
    [property: Id(15)] ReportChannel? Channel = null,
    [property: Id(16)] string? ReporterName = null,
    [property: Id(17)] string? PreviousWorkerId = null)
{
    /// <summary>An assignment that took the case from another worker (改派).</summary>
    public bool IsReassignment => Kind == DemandEventKind.Assigned && PreviousWorkerId is not null;

    /// <summary>
    /// Through which channel and by whom a demand was reported. Events stored before the facts had fields carry them
    /// only in their note, written as "GridWorker: 李网格"; those are read from there.
    /// </summary>
    public (ReportChannel Channel, string Name)? ReportedBy()
    {
        if (Kind != DemandEventKind.Reported)
        {
            return null;
        }
        if (Channel is { } channel)
        {
            return (channel, ReporterName ?? "");
        }
        return ReportedByInNote() is var (noted, name) ? (noted, name) : null;
    }

    /// <summary>What a person wrote: an old reported event's note was the reporter, now a fact of its own.</summary>
    public string? PersonalNote => Kind == DemandEventKind.Reported && Channel is null && ReportedByInNote() is not null ? null : Note;

    private (ReportChannel, string)? ReportedByInNote()
    {
        var colon = Note?.IndexOf(": ", StringComparison.Ordinal) ?? -1;
        return colon > 0
               && Note![..colon].All(char.IsAsciiLetterOrDigit)
               && char.IsAsciiLetter(Note[0])
               && Enum.TryParse<ReportChannel>(Note[..colon], out var channel)
            ? (channel, Note[(colon + 2)..])
            : null;
    }
}

/// <summary>A demand (工单) with its whole timeline. Owned and written only by its demand grain.</summary>
[GenerateSerializer, Immutable]
public sealed record Demand
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required DemandState State { get; init; }
    [Id(2)] public required string CommunityId { get; init; }
    [Id(3)] public required string CategoryId { get; init; }
    [Id(4)] public required ServiceType ServiceType { get; init; }
    [Id(5)] public required Urgency Urgency { get; init; }
    [Id(6)] public required string Description { get; init; }
    [Id(7)] public required Person Person { get; init; }
    [Id(8)] public required Reporter Reporter { get; init; }
    /// <summary>The station covering the demand's community: where it is expected to go.</summary>
    [Id(9)] public required string HomeStationId { get; init; }
    /// <summary>The station the demand is currently dispatched to; cleared by a return.</summary>
    [Id(10)] public string? StationId { get; init; }
    [Id(11)] public string? WorkerId { get; init; }
    [Id(12)] public required DateTimeOffset ReportedAt { get; init; }
    [Id(13)] public DateTimeOffset? FirstDispatchedAt { get; init; }
    /// <summary>The last dispatch: acceptance time is measured from here.</summary>
    [Id(14)] public DateTimeOffset? DispatchedAt { get; init; }
    [Id(15)] public DateTimeOffset? AcceptedAt { get; init; }
    [Id(16)] public DateTimeOffset? AssignedAt { get; init; }
    [Id(17)] public DateTimeOffset? FirstContactAt { get; init; }
    [Id(18)] public DateTimeOffset? ClosedAt { get; init; }
    [Id(19)] public DateTimeOffset? CancelledAt { get; init; }
    [Id(20)] public RiskLevel? RiskLevel { get; init; }
    [Id(21)] public ImmutableList<CaseworkStep> StepsRecorded { get; init; } = [];
    [Id(22)] public ImmutableList<SlaBreach> Breaches { get; init; } = [];
    /// <summary>Station ids in dispatch order; a station appears again when re-dispatched to it.</summary>
    [Id(23)] public ImmutableList<string> DispatchedTo { get; init; } = [];
    /// <summary>Station ids that returned the demand, one entry per return.</summary>
    [Id(24)] public ImmutableList<string> ReturnedBy { get; init; } = [];
    [Id(25)] public int? SatisfactionRating { get; init; }
    [Id(26)] public ImmutableList<DemandEvent> Timeline { get; init; } = [];
    /// <summary>Every service delivered at execution steps: what reports count as 服务人次.</summary>
    [Id(27)] public ImmutableList<ServiceTally> Services { get; init; } = [];
    /// <summary>Resources the plans linked the case to, dated by the day each plan was recorded.</summary>
    [Id(28)] public ImmutableList<ResourceLink> ResourcesLinked { get; init; } = [];
    /// <summary>Set by the last follow-up, within <see cref="FollowUpPolicy"/>'s interval for the case's risk.</summary>
    [Id(29)] public DateOnly? NextFollowUpOn { get; init; }
    /// <summary>Referrals to other departments (转介), in order: "R1", "R2" …</summary>
    [Id(30)] public ImmutableList<Referral> Referrals { get; init; } = [];
    /// <summary>The registered key person the demand is about, when known.</summary>
    [Id(31)] public string? KeyPersonId { get; init; }
    /// <summary>The outreach visit on which the need was found, and the worker who found it.</summary>
    [Id(32)] public string? FoundOnVisitId { get; init; }
    [Id(33)] public string? FoundByWorkerId { get; init; }

    /// <summary>Grows by one with every event: lets views keep only the newest copy of a demand.</summary>
    public int Version => Timeline.Count;

    public bool IsOpen => State is not (DemandState.Closed or DemandState.Cancelled);

    public bool IsOverdue => IsOpen && Breaches.Any(b => b.IsActive(this));

    public string? LastReturnReason =>
        Timeline.LastOrDefault(e => e.Kind == DemandEventKind.Returned)?.Note;

    public ImmutableList<Referral> OpenReferrals => Referrals.RemoveAll(r => !r.IsOpen);

    /// <summary>
    /// Whom an assignment took the case from: stored on the event; events stored before it was read from the
    /// assignment before.
    /// </summary>
    public string? WorkerBefore(DemandEvent assignment) =>
        assignment.Kind != DemandEventKind.Assigned
            ? null
            : assignment.PreviousWorkerId
              ?? Timeline.LastOrDefault(e => e.Sequence < assignment.Sequence && e.Kind == DemandEventKind.Assigned)?.WorkerId;

    public DemandSummary ToSummary() => new(
        Id, State, CommunityId, CategoryId, ServiceType, Urgency, HomeStationId, StationId, WorkerId,
        ReportedAt, FirstDispatchedAt, DispatchedAt, AcceptedAt, FirstContactAt, ClosedAt, CancelledAt,
        IsOverdue, DispatchedTo, ReturnedBy, SatisfactionRating, RiskLevel, Person.Name,
        Description.Length <= DemandSummary.DescriptionPreviewLength
            ? Description
            : Description[..DemandSummary.DescriptionPreviewLength],
        Version)
    {
        Services = Services,
        ResourcesLinked = ResourcesLinked,
        NextFollowUpOn = NextFollowUpOn,
        OpenReferrals = OpenReferrals.Count,
        KeyPersonId = KeyPersonId,
        FoundOnVisitId = FoundOnVisitId,
        FoundByWorkerId = FoundByWorkerId,
    };
}

/// <summary>
/// The slice of a demand that lists, boards and KPIs need; the views (index, station, worker) hold these.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DemandSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] DemandState State,
    [property: Id(2)] string CommunityId,
    [property: Id(3)] string CategoryId,
    [property: Id(4)] ServiceType ServiceType,
    [property: Id(5)] Urgency Urgency,
    [property: Id(6)] string HomeStationId,
    [property: Id(7)] string? StationId,
    [property: Id(8)] string? WorkerId,
    [property: Id(9)] DateTimeOffset ReportedAt,
    [property: Id(10)] DateTimeOffset? FirstDispatchedAt,
    [property: Id(11)] DateTimeOffset? DispatchedAt,
    [property: Id(12)] DateTimeOffset? AcceptedAt,
    [property: Id(13)] DateTimeOffset? FirstContactAt,
    [property: Id(14)] DateTimeOffset? ClosedAt,
    [property: Id(15)] DateTimeOffset? CancelledAt,
    [property: Id(16)] bool IsOverdue,
    [property: Id(17)] ImmutableList<string> DispatchedTo,
    [property: Id(18)] ImmutableList<string> ReturnedBy,
    [property: Id(19)] int? SatisfactionRating,
    [property: Id(20)] RiskLevel? RiskLevel,
    [property: Id(21)] string PersonName,
    [property: Id(22)] string DescriptionPreview,
    [property: Id(23)] int Version)
{
    public const int DescriptionPreviewLength = 80;

    // Added after the first release: init properties with defaults, so summaries stored before them still read.
    [Id(24)] public ImmutableList<ServiceTally> Services { get; init; } = [];
    [Id(25)] public ImmutableList<ResourceLink> ResourcesLinked { get; init; } = [];
    [Id(26)] public DateOnly? NextFollowUpOn { get; init; }
    /// <summary>Referrals still waiting for the department's answer; the case cannot close while any is.</summary>
    [Id(27)] public int OpenReferrals { get; init; }
    [Id(28)] public string? KeyPersonId { get; init; }
    [Id(29)] public string? FoundOnVisitId { get; init; }
    [Id(30)] public string? FoundByWorkerId { get; init; }
    /// <summary>
    /// Moved to the monthly archive: set on summaries read from it, and on the mark an index shard logs when one leaves.
    /// </summary>
    [Id(31)] public bool Archived { get; init; }

    public bool IsOpen => State is not (DemandState.Closed or DemandState.Cancelled);
}
