using System.Diagnostics;
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
}
