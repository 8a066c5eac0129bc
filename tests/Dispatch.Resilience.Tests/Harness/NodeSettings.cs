using Dispatch.Testing;
using Dispatch.Web.Testing;

namespace Dispatch.Resilience.Tests.Harness;

/// <summary>Nodes started by the tests share the test hosts' settings (<see cref="DispatchAppFactory.HostSettings"/>) on one storage.</summary>
public static class NodeSettings
{
    public static Dictionary<string, string> SharedStorage(AzuriteFixture azurite) => DispatchAppFactory.HostSettings(azurite, StorageNames.Unique());

    /// <summary>Waits (real time) until <paramref name="done"/> holds, failing with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task Until(Func<bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out after {timeout.TotalSeconds:0} s waiting for {what}");
            await Task.Delay(100);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ProcessCollection : ICollectionFixture<AzuriteFixture>
{
    /// <summary>One at a time: each test runs several hosts, and the machine is small.</summary>
    public const string Name = "Host processes";
}
