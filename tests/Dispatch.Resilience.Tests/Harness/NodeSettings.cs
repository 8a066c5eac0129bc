using Dispatch.Testing;
using Dispatch.Web.Extensions;

namespace Dispatch.Resilience.Tests.Harness;

/// <summary>Nodes started by the tests share these settings: one storage (fresh containers), the tests' signing key, demo users.</summary>
public static class NodeSettings
{
    public const string SigningKey = "dispatch-resilience-signing-key-0123456789abcdef";

    public static Dictionary<string, string> SharedStorage(AzuriteFixture azurite) => new()
    {
        ["Dispatch:Storage:ConnectionString"] = azurite.ConnectionString,
        ["Dispatch:Storage:ContainerName"] = AzuriteFixture.UniqueContainerName("state"),
        ["Dispatch:Storage:ReminderContainerName"] = AzuriteFixture.UniqueContainerName("reminders"),
        ["Dispatch:Auth:SigningKey"] = SigningKey,
        ["Dispatch:Auth:DemoUsers"] = "true",
        // Azurite's published key and the demo users are refused outside Development unless allowed by name.
        [SecretCheckExtensions.AllowDevelopmentSecrets] = "true",
        // The flows sign in many users from one address and take in demands as fast as they can.
        [$"{RateLimitOptions.Section}:SignIn:PermitLimit"] = int.MaxValue.ToString(),
        [$"{RateLimitOptions.Section}:Intake:PermitLimit"] = int.MaxValue.ToString(),
        ["Dispatch:Simulator:Enabled"] = "false",
        ["Dispatch:DemoData:KeyPersonsPerCommunity"] = "0",
    };

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
