using Dispatch.Web.Live;

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
        builder.Services.AddSingleton<DispatchHubPush>();
        builder.Services.AddSingleton<LiveRelay>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LiveRelay>());
        builder.Services.AddSignalR().AddJsonProtocol(options => ProblemHandlingExtensions.Configure(options.PayloadSerializerOptions));
        return builder;
    }

    public static WebApplication MapLivePush(this WebApplication app)
    {
        app.MapHub<DispatchHub>(DispatchHub.Path);
        return app;
    }
}
