using Dispatch.Contracts.Live;
using Dispatch.Web.Extensions;
using Dispatch.Web.Live;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Testing;

/// <summary>
/// A client of <c>/hubs/dispatch</c> (the official .NET client, over a real port) that records every push, and whether
/// the connection closed. A connection the server aborted receives nothing more, so "nothing arrived" would pass for
/// it: reading what arrived, waiting and disposing fail once it closed, unless the test waits for that close.
/// </summary>
public sealed class HubListener : IAsyncDisposable
{
    private readonly List<LiveBatch> pushes = [];
    private readonly TaskCompletionSource<(DateTime At, Exception? Error)> closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool closeExpected;

    private HubListener(HubConnection connection)
    {
        Connection = connection;
        connection.Closed += error =>
        {
            closed.TrySetResult((DateTime.UtcNow, error));
            return Task.CompletedTask;
        };
    }

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
            AssertOpen();
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

    /// <summary>Waits for the server to close the connection (e.g. its token expired): that close is then the expected one.</summary>
    public Task<(DateTime At, Exception? Error)> ClosedByServer(TimeSpan within)
    {
        closeExpected = true;
        return closed.Task.WaitAsync(within);
    }

    /// <summary>Fails the test when the connection closed without the test asking for it (the server aborted it).</summary>
    public void AssertOpen()
    {
        if (closed.Task.IsCompleted && !closeExpected)
        {
            var (at, error) = closed.Task.Result;
            Assert.Fail($"the hub connection closed at {at:O}: {error?.Message ?? "closed by the server"}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            AssertOpen();
        }
        finally
        {
            await Connection.DisposeAsync();
        }
    }
}
