using System.Net;
using System.Net.Http.Json;
using Dispatch.Contracts;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Web.Accounts;
using Dispatch.Web.DemoData;
using Dispatch.Web.DirectoryAdmin;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Live;

/// <summary>
/// The changes other than demands, made as users make them: 城厢's head registers a person in a community w001 covers
/// (API), w001 records a visit (API), and the admin saves the SLA targets (the admin screen's service: the directory has
/// no API route).
/// </summary>
public static class LiveEdits
{
    public const string Station = "chengxiang";
    public static readonly string Community = TaicangDemoData.Create().FindWorker("w001")!.CommunityIds[0];

    /// <summary>Registers a new person; returns their id.</summary>
    public static async Task<string> RegisterPerson(DispatchAppFactory app, Random random)
    {
        var head = await app.ClientFor(DemoUsers.HeadOf(Station));
        var response = await head.PostAsJsonAsync("/api/key-persons", new
        {
            name = "王秀英",
            idNumber = KeyPersonDemoData.NextIdNumber(random),
            phone = "13800000000",
            communityId = Community,
            categories = new[] { new { categoryId = "elderly-alone", since = "2026-01-01" } },
        });
        Assert.True(response.IsSuccessStatusCode, $"register: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await DemandApi.Read(response)).GetProperty("id").GetString()!;
    }

    /// <summary>w001 visits the person today (on the system clock: the live tests run on real time).</summary>
    public static async Task RecordVisit(DispatchAppFactory app, string personId)
    {
        var worker = await app.ClientFor(DemoUsers.WorkerUser("w001"));
        var response = await worker.PostAsJsonAsync($"/api/key-persons/{personId}/visits",
            new { on = ChinaCalendar.DateOf(DateTimeOffset.UtcNow), found = true, observations = "走访" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static async Task EditDirectory(DispatchAppFactory app)
    {
        var directory = app.Services.GetRequiredService<IDirectoryAdminService>();
        var admin = new DispatchUser(DemoUsers.Admin, "admin", ActorRole.Admin);
        Assert.Null(await directory.SaveSla((await directory.Get()).Sla, admin));
    }
}
