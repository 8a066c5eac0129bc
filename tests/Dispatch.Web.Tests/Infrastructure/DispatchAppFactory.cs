using System.Net;
using System.Net.Sockets;
using Dispatch.Grains;
using Dispatch.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dispatch.Web.Tests.Infrastructure;

/// <summary>
/// The real web host (co-hosted silo, blob storage on a real Azurite, demo directory) with the domain clock under the
/// test's control. Each factory gets its own containers unless given some, so a restart test can reopen the same storage.
/// </summary>
public sealed class DispatchAppFactory(AzuriteFixture azurite, StorageNames? storage = null, FakeTimeProvider? clock = null)
    : WebApplicationFactory<Program>
{
    /// <summary>Monday 2 November 2026, 09:00 China time.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.FromHours(8));

    public FakeTimeProvider Clock { get; } = clock ?? new FakeTimeProvider(Start);

    public StorageNames Storage { get; } = storage ?? StorageNames.Unique();

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Dispatch:Storage:ConnectionString", azurite.ConnectionString);
        builder.UseSetting("Dispatch:Storage:ContainerName", Storage.State);
        builder.UseSetting("Dispatch:Storage:ReminderContainerName", Storage.Reminders);
        builder.UseSetting("Dispatch:Orleans:SiloPort", FreePort().ToString());
        builder.UseSetting("Dispatch:Orleans:GatewayPort", FreePort().ToString());
        builder.UseSetting("Dispatch:Simulator:Enabled", "false");
        builder.ConfigureServices(services => services.AddKeyedSingleton<TimeProvider>(DomainClock.Key, Clock));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed record StorageNames(string State, string Reminders)
{
    public static StorageNames Unique() =>
        new(AzuriteFixture.UniqueContainerName("state"), AzuriteFixture.UniqueContainerName("reminders"));
}

/// <summary>One Azurite for every functional test; each factory isolates itself with its own containers.</summary>
[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Web";
}
