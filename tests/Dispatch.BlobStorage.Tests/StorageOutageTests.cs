using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Azure;
using Dispatch.Testing;
using Orleans.Storage;

namespace Dispatch.BlobStorage.Tests;

/// <summary>Stops and restarts a private Azurite: the health probe notices, and stored state survives the outage.</summary>
public sealed class StorageOutageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly GrainId Grain = GrainId.Create("demand", "20261122-OUTAGE");

    [Fact]
    public async Task Health_reports_the_outage_and_state_written_before_it_is_still_there_after_restart()
    {
        if (azurite.IsExternal)
        {
            return; // External storage cannot be stopped from here (xunit 2 has no runtime skip).
        }

        var options = StorageFactory.Options(azurite);
        // No SDK retries: a failing call should fail now, not after several back-offs.
        options.ConfigureClientOptions = client => client.Retry.MaxRetries = 0;
        var storage = StorageFactory.GrainStorage(options);
        var health = new BlobStorageHealth(options, TimeSpan.FromSeconds(2));
        await storage.EnsureContainerAsync(CancellationToken.None);

        var state = new GrainState<CaseFile>(CaseFile.Sample());
        await storage.WriteStateAsync("state", Grain, state);
        Assert.Null(await health.ProblemAsync());

        await azurite.StopAsync();
        try
        {
            var watch = Stopwatch.StartNew();
            var problem = await health.ProblemAsync();
            Assert.NotNull(problem);
            Assert.Contains(options.ContainerName, problem);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"probe took {watch.Elapsed}");

            var failure = await Assert.ThrowsAnyAsync<Exception>(() => storage.WriteStateAsync("state", Grain, state));
            Assert.IsNotType<InconsistentStateException>(failure);
        }
        finally
        {
            await azurite.StartAsync();
        }

        Assert.Null(await health.ProblemAsync());
        var read = new GrainState<CaseFile>();
        await storage.ReadStateAsync("state", Grain, read);
        Assert.True(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal("城厢镇", read.State!.Town);

        // The grain carries on with the ETag it had before the outage.
        state.State = state.State! with { Rating = 1 };
        await storage.WriteStateAsync("state", Grain, state);
    }

    [Fact]
    public async Task A_write_to_storage_that_accepts_connections_but_never_answers_fails_within_the_configured_tries()
    {
        // Not Azurite: a port that takes the connection and then says nothing, the outage a refused connection is not.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var held = new List<TcpClient>();
        using var stop = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                held.Add(await silent.AcceptTcpClientAsync(stop.Token));
            }
        });
        var options = new BlobStorageOptions
        {
            ConnectionString = azurite.ConnectionString.Replace($":{azurite.Port}/", $":{((IPEndPoint)silent.LocalEndpoint).Port}/", StringComparison.Ordinal),
            TryTimeout = TimeSpan.FromSeconds(1),
            MaxRetries = 1,
            RetryDelay = TimeSpan.FromMilliseconds(100),
        };
        var faults = new StorageFaultSignal();
        Exception? reported = null;
        faults.Unavailable += e => reported = e;
        var storage = StorageFactory.GrainStorage(options, faults);

        var watch = Stopwatch.StartNew();
        // Without the settings the SDK would wait 100 s a try, four tries: the bound below would end the test instead.
        var failure = await Assert.ThrowsAnyAsync<Exception>(() =>
            storage.WriteStateAsync("state", Grain, new GrainState<CaseFile>(CaseFile.Sample())).WaitAsync(TimeSpan.FromSeconds(60)));
        watch.Stop();

        Assert.IsNotType<TimeoutException>(failure);
        Assert.True(StorageFailures.IsUnavailable(failure), failure.ToString());
        Assert.Same(failure, reported);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"the write took {watch.Elapsed} to fail");
        await stop.CancelAsync();
        held.ForEach(c => c.Dispose());
    }

    [Fact]
    public void An_outage_is_told_from_a_conflict_or_a_refusal_however_it_is_wrapped()
    {
        var refused = new RequestFailedException("Connection refused", new HttpRequestException("Connection refused"));
        var gaveUp = new AggregateException("Retry failed after 3 tries.", refused, refused, refused);
        Assert.True(StorageFailures.IsUnavailable(gaveUp));
        Assert.True(StorageFailures.IsUnavailable(new OrleansException("Error from storage provider", gaveUp)));
        Assert.True(StorageFailures.IsUnavailable(new RequestFailedException(503, "Server busy")));
        // Tries that storage left unanswered past the network timeout, as the SDK reports them (seen in a CI-like run).
        var unanswered = new TaskCanceledException("The operation was cancelled because it exceeded the configured timeout of 0:00:01.");
        Assert.True(StorageFailures.IsUnavailable(new AggregateException("Retry failed after 2 tries.", unanswered, unanswered)));

        Assert.False(StorageFailures.IsUnavailable(new RequestFailedException(412, "Condition not met")));
        Assert.False(StorageFailures.IsUnavailable(new InconsistentStateException("changed underneath", "a", "b")));
        Assert.False(StorageFailures.IsUnavailable(new OrleansException("Error from storage provider", new InvalidOperationException("bad JSON"))));
        Assert.False(StorageFailures.IsUnavailable(new AggregateException(refused, new RequestFailedException(404, "gone"))));
    }
}
