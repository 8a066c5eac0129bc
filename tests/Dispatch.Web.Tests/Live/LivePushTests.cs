using System.Net;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Grains;
using Dispatch.Contracts.Live;
using Dispatch.Grains.Live;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.Tests.EndToEnd;
using Dispatch.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Live;

/// <summary>
/// The hub <c>/hubs/dispatch</c> on real hosts and a real Azurite: what each role's client receives, catching up after
/// a reconnect, a burst arriving in few pushes, and a change made through one host reaching a client of another.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class LivePushTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Each_client_hears_only_its_groups_changes()
    {
        await using var app = new DispatchAppFactory(azurite) { RealTime = true };
        var root = app.StartOnKestrel();
        await using var dispatcher = await HubListener.Connect(root, await app.TokenFor(DemoUsers.Dispatcher));
        await using var chengxiang = await HubListener.Connect(root, await app.TokenFor(DemoUsers.HeadOf("chengxiang")));
        await using var shaxi = await HubListener.Connect(root, await app.TokenFor(DemoUsers.HeadOf("shaxi")));
        var api = await DemandApi.For(app);

        var id = await api.ReportId(DemandApi.NewDemand("chengxiang-c01"));
        await api.Act(id, "dispatch", new { stationId = "chengxiang" });

        await dispatcher.Until(c => c.Messages.Count(m => m.Change.Demand?.Summary.Id == id) == 2, "the report and the dispatch at the dispatcher");
        // The head hears of the order once it is dispatched to their station; before, it was the city's alone.
        await chengxiang.Until(c => c.HasDemand(id), "the dispatch at 城厢's head");
        Assert.Equal(["Dispatched"], chengxiang.Messages.Where(m => m.Change.Demand?.Summary.Id == id).Select(m => m.Change.Demand!.Summary.State.ToString()));
        // 沙溪's head hears nothing of it: by the time the others have it, a push to them would have come too.
        await Task.Delay(500);
        Assert.False(shaxi.HasDemand(id));
    }

    [Fact]
    public async Task Every_kind_of_change_reaches_the_city_and_its_station_through_the_json_protocol_and_a_resume_after_it()
    {
        await using var app = new DispatchAppFactory(azurite) { RealTime = true };
        var root = app.StartOnKestrel();
        await using var city = await HubListener.Connect(root, await app.TokenFor(DemoUsers.Dispatcher));
        await using var station = await HubListener.Connect(root, await app.TokenFor(DemoUsers.HeadOf(LiveEdits.Station)));
        await using var other = await HubListener.Connect(root, await app.TokenFor(DemoUsers.HeadOf("shaxi")));
        var api = await DemandApi.For(app);
        var epoch = (await city.Connection.InvokeAsync<LiveCatchUp>("Resume", Guid.Empty, 0L)).Epoch;

        // Each change reaches both clients, and a client resuming from just before it gets it back.
        async Task Hears(string what, Func<LiveChange, bool> isIt, Func<Task> change, params HubListener[] clients)
        {
            var before = await city.Connection.InvokeAsync<LiveCatchUp>("Resume", epoch, 0L);
            await change();
            foreach (var client in clients)
            {
                await client.Until(c => c.Messages.Any(m => isIt(m.Change)), what);
                var missed = await client.Connection.InvokeAsync<LiveCatchUp>("Resume", epoch, before.Sequence);
                Assert.Contains(missed.Messages, m => isIt(m.Change));
            }
        }

        var demandId = "";
        await Hears("the dispatch of a demand", c => c.Demand?.Summary is { State: DemandState.Dispatched } d && d.Id == demandId, async () =>
        {
            demandId = await api.ReportId(DemandApi.NewDemand(LiveEdits.Community));
            await api.Act(demandId, "dispatch", new { stationId = LiveEdits.Station });
        }, city, station);
        var personId = "";
        var random = new Random(13);
        await Hears("a person registered", c => c.Person?.Id == personId, async () => personId = await LiveEdits.RegisterPerson(app, random), city, station);
        await Hears("a visit", c => c.Person is { } p && p.Id == personId && !p.Visits.IsEmpty, () => LiveEdits.RecordVisit(app, personId), city, station);
        await Hears("a directory edit", c => c.Kind == LiveChangeKind.Directory, () => LiveEdits.EditDirectory(app), city, station, other);

        // The other station heard the directory edit, which came after the rest: had the rest gone to it, it would have them.
        Assert.All(other.Messages, m => Assert.Equal(LiveChangeKind.Directory, m.Change.Kind));
    }

    [Fact]
    public async Task A_change_the_hub_cannot_write_is_left_out_and_every_connection_keeps_the_rest()
    {
        await using var app = new DispatchAppFactory(azurite) { RealTime = true };
        var root = app.StartOnKestrel();
        await using var city = await HubListener.Connect(root, await app.TokenFor(DemoUsers.Dispatcher));
        await using var station = await HubListener.Connect(root, await app.TokenFor(DemoUsers.HeadOf("chengxiang")));
        var api = await DemandApi.For(app);
        var first = await api.ReportId(DemandApi.NewDemand("chengxiang-c01"));
        await api.Act(first, "dispatch", new { stationId = "chengxiang" });
        await city.Until(c => c.Messages.Count(m => m.Change.Demand?.Summary.Id == first) == 2, "the first report and dispatch at the city");
        var (epoch, before) = (city.Pushes[^1].Epoch, city.Messages[^1].Sequence);

        // A form the JSON contract does not name (as a new casework step added without its [JsonDerivedType] would be):
        // the hub protocol fails on it, through the real log, relay and hub.
        var dispatched = city.Messages[^1].Change.Demand!;
        var unwritable = LiveChange.OfDemand(dispatched with { Event = dispatched.Event with { Form = new UnnamedForm() } }, "chengxiang");
        await app.Grains.GetGrain<ILiveChangeLogGrain>(LiveLog.Key).Publish(unwritable);
        var next = await api.ReportId(DemandApi.NewDemand("chengxiang-c01"));
        await api.Act(next, "dispatch", new { stationId = "chengxiang" });

        await city.Until(c => c.Messages.Count(m => m.Change.Demand?.Summary.Id == next) == 2, "the next report and dispatch at the city");
        await station.Until(c => c.HasDemand(next), "the next dispatch at the station");
        var resumed = await city.Connection.InvokeAsync<LiveCatchUp>("Resume", epoch, before);
        // The unwritable change took the sequence after the first dispatch; everything after it arrives, and resumes.
        Assert.Equal([before + 2, before + 3], city.Messages.Where(m => m.Sequence > before).Select(m => m.Sequence));
        Assert.Equal([before + 2, before + 3], resumed.Messages.Select(m => m.Sequence));
    }

    [Fact]
    public async Task A_change_for_everyone_amid_a_station_s_changes_arrives_in_the_log_s_order()
    {
        await using var app = new DispatchAppFactory(azurite) { RealTime = true };
        var root = app.StartOnKestrel();
        await using var city = await HubListener.Connect(root, await app.TokenFor(DemoUsers.Dispatcher));
        await using var station = await HubListener.Connect(root, await app.TokenFor(DemoUsers.HeadOf("chengxiang")));
        var api = await DemandApi.For(app);
        var id = await api.ReportId(DemandApi.NewDemand("chengxiang-c01"));
        await api.Act(id, "dispatch", new { stationId = "chengxiang" });
        await station.Until(c => c.HasDemand(id), "the dispatch at the station");
        var dispatch = station.Messages[^1].Change;

        // Back to back, the last ones share one push of the log: a station's change, the directory, the station's again.
        var log = app.Grains.GetGrain<ILiveChangeLogGrain>(LiveLog.Key);
        foreach (var change in new[] { dispatch, dispatch, LiveChange.Directory, dispatch })
        {
            await log.Publish(change);
        }

        var last = (await log.Since(Guid.Empty, 0)).Sequence;
        foreach (var client in new[] { city, station })
        {
            await client.Until(c => c.Messages.Any(m => m.Sequence == last), "the last of them");
            var sequences = client.Messages.Select(m => m.Sequence).ToList();
            Assert.Equal(sequences.Order(), sequences);
        }
    }

    /// <summary>A casework form the hub's JSON cannot write: <see cref="CaseworkForm"/> names every form it may carry.</summary>
    private sealed record UnnamedForm : CaseworkForm
    {
        public override CaseworkStep Step => CaseworkStep.Assessment;
    }

    [Fact]
    public async Task The_hub_answers_401_without_a_token_not_a_login_page()
    {
        await using var app = new DispatchAppFactory(azurite);

        var response = await app.Anonymous().PostAsync("/hubs/dispatch/negotiate?negotiateVersion=1", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_client_that_reconnects_gets_what_it_missed_or_is_told_to_reload()
    {
        await using var app = new DispatchAppFactory(azurite) { RealTime = true };
        var root = app.StartOnKestrel();
        var token = await app.TokenFor(DemoUsers.Dispatcher);
        var api = await DemandApi.For(app);
        LiveMessage last;
        Guid epoch;
        await using (var first = await HubListener.Connect(root, token))
        {
            var seen = await api.ReportId(DemandApi.NewDemand("chengxiang-c01"));
            await first.Until(c => c.HasDemand(seen), "the first report");
            (epoch, last) = (first.Pushes[^1].Epoch, first.Messages[^1]);
        }

        // Offline: three more changes.
        var missed = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            missed.Add(await api.ReportId(DemandApi.NewDemand("shaxi-c01")));
        }

        await using var again = await HubListener.Connect(root, token);
        var catchUp = await again.Connection.InvokeAsync<LiveCatchUp>("Resume", epoch, last.Sequence);
        Assert.False(catchUp.SnapshotNeeded);
        Assert.Equal(missed, catchUp.Messages.Select(m => m.Change.Demand!.Summary.Id));
        Assert.Equal(catchUp.Messages[^1].Sequence, catchUp.Sequence);
        // A point the log never had (another life of the log): reload instead of a silent gap.
        Assert.True((await again.Connection.InvokeAsync<LiveCatchUp>("Resume", Guid.NewGuid(), last.Sequence)).SnapshotNeeded);

        // A station head resuming gets only what concerns their station: none of 沙溪's reports.
        await using var head = await HubListener.Connect(root, await app.TokenFor(DemoUsers.HeadOf("shaxi")));
        Assert.Empty((await head.Connection.InvokeAsync<LiveCatchUp>("Resume", epoch, last.Sequence)).Messages);
    }

    [Fact]
    public async Task A_burst_of_changes_arrives_in_a_few_pushes()
    {
        await using var app = new DispatchAppFactory(azurite) { RealTime = true };
        var root = app.StartOnKestrel();
        await using var dispatcher = await HubListener.Connect(root, await app.TokenFor(DemoUsers.Dispatcher));
        var api = await DemandApi.For(app);
        const int Burst = 60;

        var ids = await Task.WhenAll(Enumerable.Range(0, Burst).Select(i => api.ReportId(DemandApi.NewDemand("chengxiang-c01"))));

        await dispatcher.Until(c => ids.All(c.HasDemand), "every report of the burst");
        // Every change, in order, in batches: a push carries what the log gathered in its window, not one change each.
        var sequences = dispatcher.Messages.Select(m => m.Sequence).ToList();
        Assert.Equal(sequences.Order(), sequences);
        Assert.True(dispatcher.Pushes.Count < Burst, $"{Burst} changes came in {dispatcher.Pushes.Count} pushes");
    }

    [Fact]
    public async Task A_change_made_through_one_host_reaches_a_client_of_another()
    {
        var storage = StorageNames.Unique();
        await using var first = new DispatchAppFactory(azurite, storage) { RealTime = true };
        first.StartOnKestrel();
        var primaryPort = first.Services.GetRequiredService<IConfiguration>()["Dispatch:Orleans:SiloPort"]!;
        await using var second = new DispatchAppFactory(azurite, storage, settings: new Dictionary<string, string>
        {
            ["Dispatch:Orleans:PrimarySiloPort"] = primaryPort,
        }) { RealTime = true };
        var secondRoot = second.StartOnKestrel();
        await using var listener = await HubListener.Connect(secondRoot, await second.TokenFor(DemoUsers.Dispatcher));

        var id = await (await DemandApi.For(first)).ReportId(DemandApi.NewDemand("liuhe-c01"));

        await listener.Until(c => c.HasDemand(id), "the report made through the first host, at a client of the second");
    }
}
