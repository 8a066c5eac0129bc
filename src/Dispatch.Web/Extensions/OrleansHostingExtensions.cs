using System.Net;
using Dispatch.BlobStorage;
using Dispatch.Grains;

namespace Dispatch.Web.Extensions;

public static class OrleansHostingExtensions
{
    /// <summary>
    /// Co-hosts the Orleans silo in the web host: localhost clustering on one machine, grain state and reminders in Blob
    /// storage (section <c>Dispatch:Storage</c>, Azurite by default).
    /// </summary>
    public static WebApplicationBuilder AddDispatchSilo(this WebApplicationBuilder builder)
    {
        var storage = builder.Configuration.GetSection("Dispatch:Storage");
        var orleans = builder.Configuration.GetSection("Dispatch:Orleans");
        builder.UseOrleans(silo =>
        {
            // A second host on the same machine joins the first's cluster by naming its silo port.
            var primary = orleans.GetValue<int?>("PrimarySiloPort");
            silo.UseLocalhostClustering(
                siloPort: orleans.GetValue("SiloPort", 11111),
                gatewayPort: orleans.GetValue("GatewayPort", 30000),
                primarySiloEndpoint: primary is { } port ? new IPEndPoint(IPAddress.Loopback, port) : null);
            silo.AddBlobGrainStorageAsDefault(options => storage.Bind(options));
            silo.UseBlobReminderService(options => storage.Bind(options));
        });
        builder.Services.AddBlobStorageHealth();
        builder.Services.AddStorageMonitor();
        builder.Services.AddBlobRecordLog();
        builder.Services.AddDispatchGrains();
        return builder;
    }
}
