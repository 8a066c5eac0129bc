using Dispatch.Contracts.Directory;

namespace Dispatch.Contracts.Demands;

/// <summary>An instruction to a demand grain; the state machine decides whether the current state allows it.</summary>
[GenerateSerializer, Immutable]
public abstract record DemandCommand
{
    public abstract DemandAction Action { get; }
}

/// <summary>
/// Takes in a new demand. <see cref="HomeStationId"/> is the station covering the community, resolved by the caller.
/// The optional links say which registered key person it is about and on which outreach visit, by whom, it was found.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ReportDemand(
    [property: Id(0)] string CommunityId,
    [property: Id(1)] string HomeStationId,
    [property: Id(2)] string CategoryId,
    [property: Id(3)] ServiceType ServiceType,
    [property: Id(4)] Urgency Urgency,
    [property: Id(5)] string Description,
    [property: Id(6)] Person Person,
    [property: Id(7)] Reporter Reporter,
    [property: Id(8)] string? KeyPersonId = null,
    [property: Id(9)] string? FoundOnVisitId = null,
    [property: Id(10)] string? FoundByWorkerId = null) : DemandCommand
{
    public override DemandAction Action => DemandAction.Report;
}

[GenerateSerializer, Immutable]
public sealed record DispatchDemand([property: Id(0)] string StationId, [property: Id(1)] string? Note = null) : DemandCommand
{
    public override DemandAction Action => DemandAction.Dispatch;
}

[GenerateSerializer, Immutable]
public sealed record AcceptDemand([property: Id(0)] string? Note = null) : DemandCommand
{
    public override DemandAction Action => DemandAction.Accept;
}

[GenerateSerializer, Immutable]
public sealed record ReturnDemand([property: Id(0)] string Reason) : DemandCommand
{
    public override DemandAction Action => DemandAction.Return;
}

[GenerateSerializer, Immutable]
public sealed record AssignDemand([property: Id(0)] string WorkerId, [property: Id(1)] string? Note = null) : DemandCommand
{
    public override DemandAction Action => DemandAction.Assign;
}

[GenerateSerializer, Immutable]
public sealed record RecordContact([property: Id(0)] string Note) : DemandCommand
{
    public override DemandAction Action => DemandAction.Contact;
}

/// <summary>A casework step with its form (which must be the step's own); the note is an optional free remark.</summary>
[GenerateSerializer, Immutable]
public sealed record RecordStep(
    [property: Id(0)] CaseworkStep Step,
    [property: Id(3)] CaseworkForm Form,
    [property: Id(1)] string? Note = null) : DemandCommand
{
    public override DemandAction Action => DemandAction.RecordStep;
}

/// <summary>Refers the case to another department (转介); the case stays open with its worker.</summary>
[GenerateSerializer, Immutable]
public sealed record ReferDemand([property: Id(0)] string Department, [property: Id(1)] string Reason) : DemandCommand
{
    public override DemandAction Action => DemandAction.Refer;
}

/// <summary>Records the department's answer to an open referral, named by its id ("R1", "R2" …).</summary>
[GenerateSerializer, Immutable]
public sealed record AnswerReferral([property: Id(0)] string ReferralId, [property: Id(1)] string Answer) : DemandCommand
{
    public override DemandAction Action => DemandAction.AnswerReferral;
}

[GenerateSerializer, Immutable]
public sealed record CloseDemand([property: Id(0)] string Summary) : DemandCommand
{
    public override DemandAction Action => DemandAction.Close;
}

[GenerateSerializer, Immutable]
public sealed record CancelDemand([property: Id(0)] string Reason) : DemandCommand
{
    public override DemandAction Action => DemandAction.Cancel;
}

[GenerateSerializer, Immutable]
public sealed record RecordCallback([property: Id(0)] int Rating, [property: Id(1)] string? Note) : DemandCommand
{
    public override DemandAction Action => DemandAction.Callback;
}
