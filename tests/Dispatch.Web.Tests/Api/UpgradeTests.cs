using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Api;

/// <summary>
/// An upgrade: the store the last release wrote (<c>Fixtures/store-3cf4cd3</c>, made by <c>Fixtures/make-store.sh</c>:
/// demands in every state and through every detour, the simulator's demands and visits, the demo key persons and users)
/// put back into fresh containers and opened by this build. Whatever the release stored must read, answer and take new
/// changes.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class UpgradeTests(AzuriteFixture azurite)
{
    private const string Release = "3cf4cd3";

    private static readonly string Store = Path.Combine(AppContext.BaseDirectory, "Fixtures", $"store-{Release}");

    [Fact]
    public async Task The_last_release_s_store_opens_whole_and_takes_new_changes()
    {
        var storage = StorageNames.Unique();
        await PutBack(storage);
        var stored = StoredBlobs(storage.State, "demand/demand/").Select(b => b.GetProperty("demand")).ToList();
        var persons = StoredBlobs(storage.State, "keyPerson/key-person/").Select(b => b.GetProperty("person")).ToList();
        var accounts = StoredBlobs(storage.State, "users/").Single().GetProperty("directory").GetProperty("accounts");
        // Real time: the release wrote real times, and this build opens its store later, as an upgrade does.
        await using var app = new DispatchAppFactory(azurite, storage) { RealTime = true };
        var api = await DemandApi.For(app);

        // Every account the release stored is there, and one of each role signs in with its password (signing in is
        // deliberately slow: all of them would cost seconds and prove nothing more).
        var admin = new DispatchUser(DemoUsers.Admin, DemoUsers.Admin, ActorRole.Admin);
        var listed = (await app.Services.GetRequiredService<AccountService>().List(admin))!;
        Assert.Equal(accounts.EnumerateObject().Select(a => a.Name).Order(), listed.Select(a => a.UserName).Order());
        await Task.WhenAll(listed.DistinctBy(a => a.Role).Select(a => app.TokenFor(a.UserName)));

        // Every demand reads with its whole stored timeline (reminders may add SLA events since), and lists and KPIs count them all.
        var reads = await Task.WhenAll(stored.Select(d => api.Demand(d.GetProperty("id").GetString()!)));
        foreach (var (demand, read) in stored.Zip(reads.Select(r => r.GetProperty("demand"))))
        {
            Assert.Equal(demand.GetProperty("state").GetString(), read.GetProperty("state").GetString());
            Assert.Equal(Events(demand), Events(read).Take(demand.GetProperty("timeline").GetArrayLength()));
        }
        Assert.Equal(DemandApi.Ids(JsonSerializer.SerializeToElement(stored)).Order(), DemandApi.Ids(await api.Get("/api/demands?limit=1000")).Order());
        Assert.Equal(stored.Count, (await api.Get("/api/kpis")).GetProperty("overall").GetProperty("reported").GetInt32());

        // Every key person reads with their visits, and the plan and the report answer.
        var register = (await api.Get("/api/key-persons")).EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!);
        Assert.Equal(persons.Count, register.Count);
        foreach (var person in persons)
        {
            var id = person.GetProperty("id").GetString()!;
            Assert.Equal(person.GetProperty("visits").GetArrayLength(), register[id].GetProperty("visits").GetArrayLength());
        }
        var visited = persons.First(p => p.GetProperty("visits").GetArrayLength() > 0).GetProperty("id").GetString();
        Assert.NotEmpty((await api.Get($"/api/key-persons/{visited}")).GetProperty("person").GetProperty("visits").EnumerateArray());
        Assert.NotEmpty((await api.Get("/api/visits/plan")).EnumerateArray());
        var month = stored[0].GetProperty("reportedAt").GetDateTimeOffset().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM");
        Assert.Equal(stored.Count, (await api.Get($"/api/reports/{month}")).GetProperty("figures").GetProperty("orders").GetProperty("reported").GetInt32());

        // An old demand waiting for its station is accepted, and the acceptance is in storage.
        var waiting = stored.First(d => d.GetProperty("state").GetString() == "Dispatched").GetProperty("id").GetString()!;
        await api.Act(waiting, "accept");
        var written = StoredBlobs(storage.State, $"demand/demand/{waiting}.json").Single().GetProperty("demand");
        Assert.Equal("Accepted", written.GetProperty("state").GetString());
        Assert.Equal("Accepted", written.GetProperty("timeline").EnumerateArray().Last().GetProperty("kind").GetString());
    }

    /// <summary>Every blob of the fixture into <paramref name="storage"/>'s containers, with its type and metadata.</summary>
    private async Task PutBack(StorageNames storage)
    {
        var service = azurite.CreateServiceClient();
        var containers = new Dictionary<string, BlobContainerClient>
        {
            ["dispatch-state"] = service.GetBlobContainerClient(storage.State),
            ["dispatch-reminders"] = service.GetBlobContainerClient(storage.Reminders),
        };
        foreach (var container in containers.Values)
        {
            await container.CreateAsync();
        }
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Store, "blobs.json")));
        // Azurite answers many uploads at once much sooner than one after the other.
        await Parallel.ForEachAsync(manifest.RootElement.EnumerateArray(), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (blob, _) =>
        {
            var (container, name) = (blob.GetProperty("container").GetString()!, blob.GetProperty("name").GetString()!);
            var metadata = blob.GetProperty("metadata").EnumerateObject().ToDictionary(m => m.Name, m => m.Value.GetString()!);
            var headers = new BlobHttpHeaders { ContentType = blob.GetProperty("contentType").GetString() };
            await using var content = File.OpenRead(Path.Combine(Store, container, name));
            var target = containers[container];
            if (blob.GetProperty("type").GetString() == nameof(BlobType.Append))
            {
                // The demand index appends to its log: it must stay an append blob.
                var appends = target.GetAppendBlobClient(name);
                await appends.CreateAsync(new AppendBlobCreateOptions { HttpHeaders = headers, Metadata = metadata });
                if (content.Length > 0)
                {
                    await appends.AppendBlockAsync(content);
                }
            }
            else
            {
                await target.GetBlobClient(name).UploadAsync(content, new BlobUploadOptions { HttpHeaders = headers, Metadata = metadata });
            }
        });
    }

    /// <summary>The JSON blobs under <paramref name="prefix"/> as they are in storage now.</summary>
    private IEnumerable<JsonElement> StoredBlobs(string container, string prefix)
    {
        var client = azurite.CreateServiceClient().GetBlobContainerClient(container);
        foreach (var item in client.GetBlobs(BlobTraits.None, BlobStates.None, prefix, CancellationToken.None))
        {
            var text = Encoding.UTF8.GetString(client.GetBlobClient(item.Name).DownloadContent().Value.Content.ToArray());
            yield return JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    private static IEnumerable<string> Events(JsonElement demand) =>
        demand.GetProperty("timeline").EnumerateArray().Select(e => $"{e.GetProperty("sequence").GetInt32()} {e.GetProperty("kind").GetString()}");
}
