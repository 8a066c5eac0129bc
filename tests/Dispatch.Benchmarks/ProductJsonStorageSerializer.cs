using System.Text.Json;
using Dispatch.BlobStorage;
using Orleans.Storage;

namespace Dispatch.Benchmarks;

/// <summary>
/// Lets memory storage serialize grain state as the product's Blob storage does (System.Text.Json with
/// <see cref="BlobStateJson.Options"/>), instead of Orleans' default Newtonsoft.Json with type names: with the default,
/// the benchmark would mostly measure a serializer production never runs.
/// </summary>
public sealed class ProductJsonStorageSerializer : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) => BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(input, BlobStateJson.Options));

    public T Deserialize<T>(BinaryData input) => JsonSerializer.Deserialize<T>(input.ToMemory().Span, BlobStateJson.Options)!;
}
