using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Dispatch.Resilience.Tests.Harness;
using Dispatch.Testing;
using Xunit.Abstractions;

namespace Dispatch.Resilience.Tests;

/// <summary>
/// A checkout whose local store was made by the old default (Azurite's metadata in LokiJS files in DISPATCH_DATA) started
/// with today's run.sh: the store is copied whole into the new default and the old files are kept aside.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class StoreMigrationTests(ITestOutputHelper output)
{
    private const string LogName = "record-log/x/appended.jsonl";
    private const string AppendedAfterCopy = "{\"id\":4}\n";
    private static readonly string[] LogLines = ["{\"id\":1}\n", "{\"id\":2}\n", "{\"id\":3}\n"];

    [Fact]
    public async Task A_LokiJS_store_is_copied_whole_into_the_new_default_at_the_first_start_and_kept_aside()
    {
        var data = Directory.CreateTempSubdirectory("dispatch-old-store-").FullName;
        try
        {
            await using (var old = AzuriteFixture.On(data))
            {
                await old.InitializeAsync();
                await WriteOldStore(old.CreateServiceClient());
                await old.StopAsync();
            }
            Assert.True(File.Exists(Path.Combine(data, "__azurite_db_blob__.json")), "the old default keeps its metadata in LokiJS files");

            await using var system = new ReadmeSystem(data);
            await system.Start();
            output.WriteLine(system.Output);
            await AssertCopied(OldState(system), string.Concat(LogLines));
            Assert.False(File.Exists(Path.Combine(data, "__azurite_db_blob__.json")));
            Assert.False(Directory.Exists(Path.Combine(data, "lokijs-being-copied")));
            var kept = Assert.Single(Directory.GetDirectories(data, "lokijs-copied-*"));
            Assert.True(File.Exists(Path.Combine(kept, "__azurite_db_blob__.json")), "the old files are kept");

            // The record logs go on where they were; started again, the store is the new one: nothing copied over it.
            await OldState(system).GetAppendBlobClient(LogName).AppendBlockAsync(new MemoryStream(Encoding.UTF8.GetBytes(AppendedAfterCopy)));
            await system.Interrupt();
            await system.Start();
            await AssertCopied(OldState(system), string.Concat(LogLines) + AppendedAfterCopy);
            Assert.Single(Directory.GetDirectories(data, "lokijs-copied-*"));
            await system.Interrupt();
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static BlobContainerClient OldState(ReadmeSystem system) => new BlobServiceClient(system.BlobConnection).GetBlobContainerClient("old-state");

    /// <summary>What the store holds besides Dispatch's own: a container with metadata, a block blob with headers and metadata under a Chinese name, an append blob of several blocks.</summary>
    private static async Task WriteOldStore(BlobServiceClient store)
    {
        var container = store.GetBlobContainerClient("old-state");
        await container.CreateAsync(metadata: new Dictionary<string, string> { ["origin"] = "lokijs" });
        await container.GetBlobClient("persons/张三.json").UploadAsync(BinaryData.FromString("{\"name\":\"张三\"}"), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            Metadata = new Dictionary<string, string> { ["kind"] = "person" },
        });
        var log = container.GetAppendBlobClient(LogName);
        await log.CreateAsync(new AppendBlobCreateOptions { Metadata = new Dictionary<string, string> { ["kind"] = "log" } });
        foreach (var line in LogLines)
        {
            await log.AppendBlockAsync(new MemoryStream(Encoding.UTF8.GetBytes(line)));
        }
    }

    private static async Task AssertCopied(BlobContainerClient container, string log)
    {
        Assert.Equal("lokijs", (await container.GetPropertiesAsync()).Value.Metadata["origin"]);

        var person = (await container.GetBlobClient("persons/张三.json").DownloadContentAsync()).Value;
        Assert.Equal("{\"name\":\"张三\"}", person.Content.ToString());
        Assert.Equal("application/json", person.Details.ContentType);
        Assert.Equal(BlobType.Block, person.Details.BlobType);
        Assert.Equal("person", person.Details.Metadata["kind"]);

        var appended = (await container.GetBlobClient(LogName).DownloadContentAsync()).Value;
        Assert.Equal(log, appended.Content.ToString());
        Assert.Equal(BlobType.Append, appended.Details.BlobType);
        Assert.Equal("log", appended.Details.Metadata["kind"]);
    }
}
