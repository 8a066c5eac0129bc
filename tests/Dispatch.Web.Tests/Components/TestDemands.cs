using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;

namespace Dispatch.Web.Tests.Components;

/// <summary>Small, readable demand summaries for screen tests.</summary>
public static class TestDemands
{
    public static DemandSummary Summary(
        string id, DemandState state, Urgency urgency = Urgency.Normal, DateTimeOffset? reportedAt = null,
        DateTimeOffset? dispatchedAt = null, string communityId = "chengxiang-c01", string homeStationId = "chengxiang",
        string? stationId = null, string? workerId = null, bool overdue = false, int version = 1,
        string personName = "王秀英", string description = "独居老人行动不便，需上门探访。") =>
        new(id, state, communityId, "elderly-alone", ServiceType.ElderlyAndChildCare, urgency, homeStationId,
            stationId ?? (state is DemandState.Reported or DemandState.Cancelled ? null : homeStationId), workerId,
            reportedAt ?? ComponentTest.Now, dispatchedAt, dispatchedAt, null, null, null, null, overdue,
            [], [], null, null, personName, description, version);
}
