using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Testing;

public static class KestrelHosting
{
    /// <summary>Serves the app on a real loopback port (a browser cannot reach the in-memory test server).</summary>
    public static Uri StartOnKestrel(this DispatchAppFactory app)
    {
        app.UseKestrel(0);
        app.StartServer();
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        var root = new Uri(addresses.Addresses.First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
        // The factory's clients (tokens, API calls) go to the real port too.
        app.ClientOptions.BaseAddress = root;
        return root;
    }
}
