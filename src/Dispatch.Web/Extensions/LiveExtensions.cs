using Dispatch.Web.Live;
using Microsoft.AspNetCore.SignalR;

namespace Dispatch.Web.Extensions;

public static class LiveExtensions
{
    /// <summary>
    /// The live path: every written change goes through the cluster's live log to each host's <see cref="LiveRelay"/>,
    /// which hands it to this host's screens (<see cref="LiveFeed"/>) and its hub clients (<see cref="DispatchHub"/>).
    /// </summary>
    public static WebApplicationBuilder AddLivePush(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LiveFeed>();
        builder.Services.AddSingleton<ILiveChanges, LiveLogChanges>();
        builder.Services.AddSingleton<WritableMessages>();
        builder.Services.AddSingleton<DispatchHubPush>();
        builder.Services.AddSingleton<LiveRelay>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LiveRelay>());
        builder.Services.AddSignalR()
            .AddHubOptions<DispatchHub>(options => options.AddFilter<HubAccess>())
            .AddJsonProtocol(options => ProblemHandlingExtensions.Configure(options.PayloadSerializerOptions));
        return builder;
    }

    public static WebApplication MapLivePush(this WebApplication app)
    {
        // A connection lives on after the request that opened it: it must not outlive the token it was opened with.
        app.MapHub<DispatchHub>(DispatchHub.Path, options => options.CloseOnAuthenticationExpiration = true);
        return app;
    }
}
