using System.Net;
using Dispatch.BlobStorage;
using Dispatch.Grains;
using Dispatch.Grains.Demands;
using Dispatch.Web.Cluster;
using Microsoft.AspNetCore.DataProtection;
using Orleans.Configuration;

namespace Dispatch.Web.Extensions;

public static class OrleansHostingExtensions
{
    /// <summary>
    /// Co-hosts the Orleans silo in the web host, grain state and reminders in Blob storage (section
    /// <c>Dispatch:Storage</c>, Azurite by default). <c>Dispatch:Orleans:Clustering</c> chooses how silos find each other:
    /// <c>Localhost</c> (one machine, the default) or <c>Redis</c> (several hosts, see <see cref="ClusterOptionsSection"/>).
    /// </summary>
    public static WebApplicationBuilder AddDispatchSilo(this WebApplicationBuilder builder)
    {
        var storage = builder.Configuration.GetSection("Dispatch:Storage");
        var orleans = builder.Configuration.GetSection(ClusterOptionsSection.Name).Get<ClusterOptionsSection>() ?? new();
        builder.UseOrleans(silo =>
        {
            if (orleans.Clustering == ClusteringMode.Redis)
            {
                UseRedisCluster(silo, orleans, builder.Configuration.GetSection($"{ClusterOptionsSection.Name}:Membership"));
            }
            else
            {
                // A second host on the same machine joins the first's cluster by naming its silo port.
                silo.UseLocalhostClustering(
                    siloPort: orleans.SiloPort,
                    gatewayPort: orleans.GatewayPort,
                    primarySiloEndpoint: orleans.PrimarySiloPort is { } port ? new IPEndPoint(IPAddress.Loopback, port) : null);
            }
            silo.AddBlobGrainStorageAsDefault(options => storage.Bind(options));
            silo.UseBlobReminderService(options => storage.Bind(options));
        });
        if (orleans.Clustering == ClusteringMode.Redis)
        {
            // Sign-in cookies and antiforgery tokens made by one node must open on every other.
            builder.Services.AddDataProtection()
                .SetApplicationName("Dispatch")
                .AddKeyManagementOptions(options => options.XmlRepository = new BlobKeyRing(storage.Get<BlobStorageOptions>() ?? new()));
        }
        builder.Services.AddBlobStorageHealth();
        builder.Services.AddStorageMonitor();
        builder.Services.AddBlobRecordLog();
        builder.Services.AddDispatchGrains();
        builder.Services.Configure<DemandArchiveOptions>(builder.Configuration.GetSection(DemandArchiveOptions.Section));
        return builder;
    }

    private static void UseRedisCluster(ISiloBuilder silo, ClusterOptionsSection orleans, IConfigurationSection membership)
    {
        var redis = orleans.Redis ?? throw new InvalidOperationException(
            $"{ClusterOptionsSection.Name}:Clustering is Redis but {ClusterOptionsSection.Name}:Redis (a StackExchange.Redis connection string) is not set.");
        silo.UseRedisClustering(redis);
        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = orleans.ClusterId;
            options.ServiceId = orleans.ServiceId;
        });
        // Other silos reach this one at the advertised address; it listens on every interface.
        silo.ConfigureEndpoints(IPAddress.Parse(orleans.AdvertisedAddress), orleans.SiloPort, orleans.GatewayPort, listenOnAnyHostAddress: true);
        silo.Configure<ClusterMembershipOptions>(options =>
        {
            // A silo that dies without leaving (kill -9, power loss) holds its grains until the others declare it dead:
            // missed probes every two seconds and a membership table re-read every five make that about ten seconds,
            // where Orleans' defaults (5 s probes, a 60 s table refresh) can take a minute. Overridable per setting.
            options.ProbeTimeout = TimeSpan.FromSeconds(2);
            options.NumMissedProbesLimit = 3;
            options.TableRefreshTimeout = TimeSpan.FromSeconds(5);
            membership.Bind(options);
        });
    }
}
