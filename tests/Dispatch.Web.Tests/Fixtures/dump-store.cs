#:package Azure.Storage.Blobs
#:property PublishAot=false
// Writes every blob of the given containers to <folder>/<container>/<blob name>, and <folder>/blobs.json naming each
// blob's container, type and metadata, so a test can put the store back as it was (UpgradeTests reads it).
// dotnet run dump-store.cs -- <connection string> <folder> <container>...
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

var (connection, folder, containers) = (args[0], args[1], args[2..]);
Directory.CreateDirectory(folder);
var service = new BlobServiceClient(connection);
var manifest = new List<object>();
foreach (var name in containers)
{
    var container = service.GetBlobContainerClient(name);
    await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }))
    {
        var path = Path.Combine(folder, name, blob.Name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await container.GetBlobClient(blob.Name).DownloadToAsync(path);
        manifest.Add(new { container = name, name = blob.Name, type = blob.Properties.BlobType.ToString(), contentType = blob.Properties.ContentType, metadata = blob.Metadata });
    }
}
await File.WriteAllTextAsync(Path.Combine(folder, "blobs.json"), JsonSerializer.Serialize(manifest, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"{manifest.Count} blobs written to {folder}");
