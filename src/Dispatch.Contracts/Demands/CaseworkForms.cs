using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Dispatch.Contracts.Directory;

namespace Dispatch.Contracts.Demands;

/// <summary>
/// What a casework step records, one form per step. Stored on the step's timeline event; the JSON names the form's
/// step (<c>"$type": "Plan"</c>) so the API, the blob and a reader all see which form it is.
/// </summary>
[GenerateSerializer, Immutable]
[JsonPolymorphic]
[JsonDerivedType(typeof(AssessmentForm), nameof(CaseworkStep.Assessment))]
[JsonDerivedType(typeof(GradingForm), nameof(CaseworkStep.Grading))]
[JsonDerivedType(typeof(PlanForm), nameof(CaseworkStep.Plan))]
[JsonDerivedType(typeof(ExecutionForm), nameof(CaseworkStep.Execution))]
[JsonDerivedType(typeof(FollowUpForm), nameof(CaseworkStep.FollowUp))]
public abstract record CaseworkForm
{
    /// <summary>The step this form belongs to.</summary>
    public abstract CaseworkStep Step { get; }
}

/// <summary>A need found at the initial assessment, under the service type that answers it.</summary>
[GenerateSerializer, Immutable]
public sealed record AssessedNeed(
    [property: Id(0)] ServiceType ServiceType,
    [property: Id(1)] string Description);

/// <summary>初步评估: the needs found, at least one.</summary>
[GenerateSerializer, Immutable]
public sealed record AssessmentForm([property: Id(0)] ImmutableList<AssessedNeed> Needs) : CaseworkForm
{
    public override CaseworkStep Step => CaseworkStep.Assessment;
}

/// <summary>评定等级: the risk level, which sets how soon the case is followed up, and why.</summary>
[GenerateSerializer, Immutable]
public sealed record GradingForm(
    [property: Id(0)] RiskLevel RiskLevel,
    [property: Id(1)] string Reason) : CaseworkForm
{
    public override CaseworkStep Step => CaseworkStep.Grading;
}

/// <summary>One action of a plan, due by a date, optionally through a linked resource (e.g. 镇慈善基金).</summary>
[GenerateSerializer, Immutable]
public sealed record PlanAction(
    [property: Id(0)] string Description,
    [property: Id(1)] DateOnly Due,
    [property: Id(2)] string? Resource = null);

/// <summary>制订方案: the goals and the actions that reach them.</summary>
[GenerateSerializer, Immutable]
public sealed record PlanForm(
    [property: Id(0)] ImmutableList<string> Goals,
    [property: Id(1)] ImmutableList<PlanAction> Actions) : CaseworkForm
{
    public override CaseworkStep Step => CaseworkStep.Plan;
}

/// <summary>A service delivered: what type, to how many person-times (服务人次), on which day.</summary>
[GenerateSerializer, Immutable]
public sealed record ServiceDelivered(
    [property: Id(0)] ServiceType ServiceType,
    [property: Id(1)] int PersonTimes,
    [property: Id(2)] DateOnly On,
    [property: Id(3)] string Description);

/// <summary>执行方案: the services delivered since the plan, at least one.</summary>
[GenerateSerializer, Immutable]
public sealed record ExecutionForm([property: Id(0)] ImmutableList<ServiceDelivered> Services) : CaseworkForm
{
    public override CaseworkStep Step => CaseworkStep.Execution;
}

/// <summary>追踪辅导: how the case stands, when it is followed up next, and the risk level if it changed.</summary>
[GenerateSerializer, Immutable]
public sealed record FollowUpForm(
    [property: Id(0)] string Result,
    [property: Id(1)] DateOnly NextFollowUpOn,
    [property: Id(2)] RiskLevel? RevisedRiskLevel = null) : CaseworkForm
{
    public override CaseworkStep Step => CaseworkStep.FollowUp;
}

/// <summary>Person-times of one service type on one day: what reports count as 服务人次.</summary>
[GenerateSerializer, Immutable]
public sealed record ServiceTally(
    [property: Id(0)] ServiceType ServiceType,
    [property: Id(1)] int PersonTimes,
    [property: Id(2)] DateOnly On);

/// <summary>A resource a plan links the case to (镇慈善基金, 社区卫生服务中心 …), dated by the plan's China-local day.</summary>
[GenerateSerializer, Immutable]
public sealed record ResourceLink(
    [property: Id(0)] string Name,
    [property: Id(1)] DateOnly On);

/// <summary>A referral (转介) of the case to another department, open until the department's answer is recorded.</summary>
[GenerateSerializer, Immutable]
public sealed record Referral(
    [property: Id(0)] string Id,
    [property: Id(1)] string Department,
    [property: Id(2)] string Reason,
    [property: Id(3)] DateTimeOffset ReferredAt,
    [property: Id(4)] string? Answer = null,
    [property: Id(5)] DateTimeOffset? AnsweredAt = null)
{
    public bool IsOpen => AnsweredAt is null;
}
