using Dispatch.Testing;

namespace Dispatch.Web.Tests.Infrastructure;

/// <summary>One Azurite for every functional test; each factory isolates itself with its own containers.</summary>
[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Web";
}
