using Dispatch.Testing;

namespace Dispatch.BlobStorage.Tests;

/// <summary>One Azurite shared by the storage tests; each test isolates itself with its own container.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
