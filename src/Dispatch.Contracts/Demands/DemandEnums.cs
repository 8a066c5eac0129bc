namespace Dispatch.Contracts.Demands;

/// <summary>States of a demand (工单), DESIGN.md: Reported → Dispatched → Accepted → Assigned → InService → Closed; Cancelled from any open state.</summary>
public enum DemandState { Reported, Dispatched, Accepted, Assigned, InService, Closed, Cancelled }

/// <summary>Everything anyone can do to a demand; each is one timeline event.</summary>
public enum DemandAction { Report, Dispatch, Accept, Return, Assign, Contact, RecordStep, Close, Cancel, Callback, Refer, AnswerReferral }

/// <summary>The casework steps inside service, in order: 初步评估 → 评定等级 → 制订方案 → 执行方案 → 追踪辅导.</summary>
public enum CaseworkStep { Assessment, Grading, Plan, Execution, FollowUp }

public enum Urgency { Urgent, Normal, Routine }

/// <summary>Set at grading (评定等级); it sets how soon the case is followed up (<see cref="FollowUpPolicy"/>).</summary>
public enum RiskLevel { High, Medium, Low }

/// <summary>Who brought the need in.</summary>
public enum ReportChannel
{
    GridWorker,
    BuildingHead,
    VillageGroupLeader,
    CommunityRoom,
    Hotline12345,
    Resident,
    DepartmentReferral,
    Outreach,
}

/// <summary>Events that are not actions: the system itself flags SLA breaches and escalates them.</summary>
public enum DemandEventKind
{
    Reported,
    Dispatched,
    Accepted,
    Returned,
    Assigned,
    Contacted,
    StepRecorded,
    Closed,
    Cancelled,
    CallbackRecorded,
    SlaBreached,
    Referred,
    ReferralAnswered,
}

public enum ActorRole { System, Dispatcher, StationHead, SocialWorker, Leader, Admin }
