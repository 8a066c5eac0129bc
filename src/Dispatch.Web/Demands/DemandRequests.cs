using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;

namespace Dispatch.Web.Demands;

// Request bodies. Everything is nullable so a missing field becomes a field error, not a binder failure.

public sealed record ReportDemandRequest(
    string? CommunityId,
    string? CategoryId,
    ServiceType? ServiceType,
    Urgency? Urgency,
    string? Description,
    PersonRequest? Person,
    ReporterRequest? Reporter);

public sealed record PersonRequest(string? Name, string? Phone, string? Address);

public sealed record ReporterRequest(string? Name, ReportChannel? Channel, string? Phone);

public sealed record DispatchRequest(string? StationId, string? Note);

public sealed record NoteRequest(string? Note);

public sealed record ReasonRequest(string? Reason);

public sealed record AssignRequest(string? WorkerId, string? Note);

public sealed record StepRequest(CaseworkStep? Step, string? Note, RiskLevel? RiskLevel);

public sealed record CloseRequest(string? Summary);

public sealed record CallbackRequest(int? Rating, string? Note);

/// <summary>Filters of <c>GET /api/demands</c>.</summary>
public sealed record DemandFilter(DemandState? State, string? StationId, Urgency? Urgency, bool? Overdue, int Limit)
{
    public const int DefaultLimit = 200;
    public const int MaxLimit = 5000;

    public bool Matches(DemandSummary d) =>
        (State is null || d.State == State)
        && (StationId is null || d.StationId == StationId)
        && (Urgency is null || d.Urgency == Urgency)
        && (Overdue is null || d.IsOverdue == Overdue);
}

/// <summary>A demand with what can be done to it now.</summary>
public sealed record DemandDetails(Demand Demand, IReadOnlyList<DemandAction> AllowedActions, IReadOnlyList<CaseworkStep> AllowedSteps)
{
    public static DemandDetails Of(Demand demand) =>
        new(demand, DemandStateMachine.AllowedActions(demand), DemandStateMachine.AllowedSteps(demand));
}
