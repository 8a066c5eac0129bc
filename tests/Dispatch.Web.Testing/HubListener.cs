using Dispatch.Contracts.Live;
using Dispatch.Web.Extensions;
using Dispatch.Web.Live;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Testing;

/// <summary>A client of <c>/hubs/dispatch</c> (the official .NET client, over a real port) that records every push.</summary>
public sealed class HubListener : IAsyncDisposable
{
    private readonly List<LiveBatch> pushes = [];

    private HubListener(HubConnection connection) => Connection = connection;

    public HubConnection Connection { get; }

    /// <summary>
    /// A connection to the hub at <paramref name="root"/> as the holder of <paramref name="token"/>, with the product's
    /// JSON options, not started: for a client that handles pushes its own way (a benchmark's clients time them).
    /// </summary>
    public static HubConnection Build(Uri root, string token) => new HubConnectionBuilder()
        .WithUrl(new Uri(root, DispatchHub.Path.TrimStart('/')), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
        .AddJsonProtocol(options => ProblemHandlingExtensions.Configure(options.PayloadSerializerOptions))
        .Build();

    public static async Task<HubListener> Connect(Uri root, string token)
    {
        var connection = Build(root, token);
        var listener = new HubListener(connection);
        connection.On<LiveBatch>(DispatchHubPush.Changes, batch =>
        {
            lock (listener.pushes)
            {
                listener.pushes.Add(batch);
            }
        });
        await connection.StartAsync();
        return listener;
    }

    public IReadOnlyList<LiveBatch> Pushes
    {
        get
        {
            lock (pushes)
            {
                return [.. pushes];
            }
        }
    }

    public IReadOnlyList<LiveMessage> Messages => [.. Pushes.SelectMany(p => p.Messages)];

    public bool HasDemand(string demandId) => Messages.Any(m => m.Change.Demand?.Summary.Id == demandId);

    /// <summary>Waits (real time, small sleeps) until <paramref name="done"/> holds for what arrived.</summary>
    public async Task Until(Func<HubListener, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!done(this))
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}; {Messages.Count} messages in {Pushes.Count} pushes");
            await Task.Delay(50);
        }
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
