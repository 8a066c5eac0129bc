using Dispatch.Contracts.Demands;
using Dispatch.Web.DemoData;

namespace Dispatch.Web.Accounts;

/// <summary>
/// One user per role, a head for every demo station and the first two workers of every station, all with one known
/// password: for demos and tests only (Development, or <c>Dispatch:Auth:DemoUsers=true</c>), never in production.
/// </summary>
public static class DemoUsers
{
    public const string Password = "Dispatch!2026";
    public const string Admin = "admin";
    public const string Dispatcher = "dispatcher";
    public const string Leader = "leader";

    public const int WorkersPerStation = 2;

    public static string HeadOf(string stationId) => $"head-{stationId}";

    public static string WorkerUser(string workerId) => $"worker-{workerId}";

    public static IReadOnlyList<NewAccount> Create()
    {
        var city = TaicangDemoData.Create();
        return
        [
            new(Admin, "系统管理员", ActorRole.Admin, null, null, Password),
            new(Dispatcher, "周敏", ActorRole.Dispatcher, null, null, Password),
            new(Leader, "刘建国", ActorRole.Leader, null, null, Password),
            .. city.Stations.Select(s => new NewAccount(HeadOf(s.Id), s.HeadName, ActorRole.StationHead, s.Id, null, Password)),
            .. city.Workers.GroupBy(w => w.StationId).SelectMany(station => station.Take(WorkersPerStation))
                .Select(w => new NewAccount(WorkerUser(w.Id), w.Name, ActorRole.SocialWorker, w.StationId, w.Id, Password)),
        ];
    }
}
