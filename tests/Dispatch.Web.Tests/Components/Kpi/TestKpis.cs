using System.Collections.Immutable;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Kpis;

namespace Dispatch.Web.Tests.Components.Kpi;

/// <summary>Hand-made KPI figures: every number a wall test reads back is set here, nothing is computed.</summary>
public static class TestKpis
{
    public static readonly ReferenceData City = new(
        Communities:
        [
            new("chengxiang-c01", "新华社区", "chengxiang", CommunityKind.Community),
            new("chengxiang-c02", "东门村", "chengxiang", CommunityKind.Village),
            new("shaxi-c01", "沙溪社区", "shaxi", CommunityKind.Community),
        ],
        Stations:
        [
            new("chengxiang", "城厢镇社工站", "陈站长", "0512-1", "Asia/Shanghai"),
            new("shaxi", "沙溪镇社工站", "周站长", "0512-2", "Asia/Shanghai"),
        ],
        Workers:
        [
            new("w-zhang", "张社工", "chengxiang", Certification.Assistant, ["chengxiang-c01", "chengxiang-c02"], "1"),
            new("w-wang", "王社工", "shaxi", Certification.Senior, [], "2"),
        ],
        Categories: [new("elderly-alone", "独居老人", "Elderly living alone", false)],
        Sla: Contracts.Sla.SlaTargets.Default);

    public static KpiFigures Figures(
        int reported, int open = 0, int overdue = 0, int urgentOpen = 0, TimeSpan? acceptMedian = null, TimeSpan? acceptP90 = null,
        TimeSpan? responseMedian = null, TimeSpan? responseP90 = null, double? sla = null, int dispatches = 0, int returns = 0,
        double? meanRating = null, double? shareAtLeastFour = null, int closed = 0) =>
        new(
            Reported: reported,
            Closed: closed,
            Cancelled: 0,
            DispatchTime: new DurationStats(0, null, null, null),
            AcceptanceTime: new DurationStats(acceptMedian is null ? 0 : 5, acceptMedian, acceptMedian, acceptP90),
            ResponseTime: new DurationStats(responseMedian is null ? 0 : 5, responseMedian, responseMedian, responseP90),
            ResolutionTime: new DurationStats(0, null, null, null),
            Sla: [],
            SlaComplianceRate: sla,
            Backlog: new BacklogFigures(
                open, overdue,
                ImmutableSortedDictionary<DemandState, int>.Empty,
                ImmutableSortedDictionary.CreateRange([KeyValuePair.Create(Urgency.Urgent, urgentOpen), KeyValuePair.Create(Urgency.Normal, open - urgentOpen)]),
                ImmutableSortedDictionary<BacklogAge, int>.Empty),
            Dispatches: dispatches,
            Returns: returns,
            ReturnRate: dispatches == 0 ? null : (double)returns / dispatches,
            Satisfaction: new SatisfactionFigures(meanRating is null ? 0 : 4, meanRating, shareAtLeastFour),
            Services: []);

    public static KpiReport Report(DateTimeOffset now, KpiFigures overall, KpiFigures chengxiang, KpiFigures shaxi) => new(
        now, null, null, overall,
        [new StationKpis("chengxiang", "城厢镇社工站", chengxiang), new StationKpis("shaxi", "沙溪镇社工站", shaxi)],
        [new WorkerLoad("w-zhang", "张社工", "chengxiang", 3, 2), new WorkerLoad("w-wang", "王社工", "shaxi", 1, 0)],
        Coverage.Analyse(City));
}
