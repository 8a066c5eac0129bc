using System.Collections.Immutable;
using System.Text.Json;
using Azure.Storage.Blobs;
using Dispatch.Testing;
using Orleans.Storage;

namespace Dispatch.BlobStorage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class BlobGrainStorageTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string StateName = "state";
    private static readonly GrainId Grain = GrainId.Create("demand", "20261122-ABC123");

    private readonly BlobStorageOptions _options = StorageFactory.Options(azurite);
    private BlobGrainStorage _storage = null!;

    public async Task InitializeAsync()
    {
        _storage = StorageFactory.GrainStorage(_options);
        await _storage.EnsureContainerAsync(CancellationToken.None);
    }

    public Task DisposeAsync() => Container.DeleteIfExistsAsync();

    private BlobContainerClient Container => azurite.CreateServiceClient().GetBlobContainerClient(_options.ContainerName);

    private BlobClient StateBlob(GrainId grainId) => Container.GetBlobClient(BlobNames.ForGrainState(StateName, grainId));

    [Fact]
    public async Task Read_of_a_grain_never_written_gives_a_fresh_state_without_etag()
    {
        var state = new GrainState<CaseFileState>();

        await _storage.ReadStateAsync(StateName, Grain, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.NotNull(state.State);
        Assert.Null(state.State.Case);
    }

    [Fact]
    public async Task Record_state_round_trips_and_is_stored_as_readable_json()
    {
        var written = new GrainState<CaseFile>(CaseFile.Sample());

        await _storage.WriteStateAsync(StateName, Grain, written);

        Assert.True(written.RecordExists);
        Assert.NotNull(written.ETag);

        var read = new GrainState<CaseFile>();
        await _storage.ReadStateAsync(StateName, Grain, read);

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        AssertSameCase(CaseFile.Sample(), read.State!);

        var blob = StateBlob(Grain);
        var properties = (await blob.GetPropertiesAsync()).Value;
        Assert.Equal("application/json", properties.ContentType);
        Assert.Equal("state/demand/20261122-ABC123.json", blob.Name);

        var json = (await blob.DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("\"town\": \"城厢镇\"", json);          // Chinese unescaped, camelCase, indented
        Assert.Contains("\"urgency\": \"Critical\"", json);     // enums by name
        Assert.Contains("\"phone\": null", json);
        Assert.Contains("\"openedAt\": \"2026-11-22T09:30:15.123+08:00\"", json);
        Assert.Contains("独居", json);
        Assert.Contains('\n', json);
        Assert.DoesNotContain("\\u", json);
        Assert.DoesNotContain("$type", json);
        Assert.DoesNotContain("Dispatch.", json);
        Assert.DoesNotContain("System.", json);
        using var _ = JsonDocument.Parse(json);
    }

    [Fact]
    public async Task State_without_a_parameterless_constructor_reads_as_a_fresh_instance()
    {
        var state = new GrainState<Visit>();

        await _storage.ReadStateAsync(StateName, Grain, state);

        Assert.False(state.RecordExists);
        Assert.NotNull(state.State);
    }

    [Fact]
    public async Task First_write_refuses_to_overwrite_a_state_another_writer_created()
    {
        var other = StorageFactory.GrainStorage(_options);
        await other.WriteStateAsync(StateName, Grain, new GrainState<CaseFile>(CaseFile.Sample() with { Town = "first" }));

        var fresh = new GrainState<CaseFile>(CaseFile.Sample() with { Town = "second" });
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, Grain, fresh));

        Assert.NotNull(error.StoredEtag);
        Assert.NotEqual("(no blob)", error.StoredEtag);
        Assert.Equal("first", (await ReadAsync()).State!.Town);
    }

    [Fact]
    public async Task Write_with_a_stale_etag_is_refused_and_keeps_the_first_writers_state()
    {
        await _storage.WriteStateAsync(StateName, Grain, new GrainState<CaseFile>(CaseFile.Sample()));
        var first = await ReadAsync();
        var second = await ReadAsync();

        first.State = first.State! with { Town = "first writer" };
        await _storage.WriteStateAsync(StateName, Grain, first);

        second.State = second.State! with { Town = "second writer" };
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, Grain, second));

        Assert.Equal(first.ETag, error.StoredEtag);
        Assert.Equal("first writer", (await ReadAsync()).State!.Town);
    }

    [Fact]
    public async Task Successive_writes_with_the_current_etag_succeed()
    {
        var state = new GrainState<CaseFile>(CaseFile.Sample());
        await _storage.WriteStateAsync(StateName, Grain, state);
        var firstETag = state.ETag;

        state.State = state.State! with { Rating = 3, Tags = state.State!.Tags.Add("回访") };
        await _storage.WriteStateAsync(StateName, Grain, state);

        Assert.NotEqual(firstETag, state.ETag);
        var read = await ReadAsync();
        Assert.Equal(3, read.State!.Rating);
        Assert.Equal(new[] { "elderly", "独居", "回访" }, read.State!.Tags);
    }

    [Fact]
    public async Task Clear_removes_the_blob_and_the_next_read_finds_nothing()
    {
        var state = new GrainState<CaseFile>(CaseFile.Sample());
        await _storage.WriteStateAsync(StateName, Grain, state);

        await _storage.ClearStateAsync(StateName, Grain, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.False((await StateBlob(Grain).ExistsAsync()).Value);
        var read = await ReadAsync();
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);

        // After a clear the grain may write again, as a first write.
        state.State = CaseFile.Sample() with { Town = "again" };
        await _storage.WriteStateAsync(StateName, Grain, state);
        Assert.Equal("again", (await ReadAsync()).State!.Town);
    }

    [Fact]
    public async Task Clear_with_a_stale_etag_is_refused_and_keeps_the_blob()
    {
        await _storage.WriteStateAsync(StateName, Grain, new GrainState<CaseFile>(CaseFile.Sample()));
        var stale = await ReadAsync();
        var current = await ReadAsync();
        current.State = current.State! with { Town = "newer" };
        await _storage.WriteStateAsync(StateName, Grain, current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearStateAsync(StateName, Grain, stale));

        Assert.Equal("newer", (await ReadAsync()).State!.Town);
    }

    [Fact]
    public async Task Clear_of_a_state_never_written_is_fine()
    {
        var state = new GrainState<CaseFile>();

        await _storage.ClearStateAsync(StateName, Grain, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
    }

    [Fact]
    public async Task Clear_without_etag_refuses_to_delete_a_state_someone_else_wrote()
    {
        await StorageFactory.GrainStorage(_options)
            .WriteStateAsync(StateName, Grain, new GrainState<CaseFile>(CaseFile.Sample()));

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            _storage.ClearStateAsync(StateName, Grain, new GrainState<CaseFile>()));

        Assert.True((await StateBlob(Grain).ExistsAsync()).Value);
    }

    [Fact]
    public async Task Write_after_the_container_was_deleted_recreates_it()
    {
        var state = new GrainState<CaseFile>(CaseFile.Sample());
        await _storage.WriteStateAsync(StateName, Grain, state);

        await Container.DeleteAsync();

        // A grain that never wrote simply creates its blob in the recreated container...
        var other = GrainId.Create("demand", "20261122-XYZ789");
        await _storage.WriteStateAsync(StateName, other, new GrainState<CaseFile>(CaseFile.Sample("20261122-XYZ789")));
        Assert.True((await StateBlob(other).ExistsAsync()).Value);

        // ...while a grain whose stored version vanished with the container is told so, not silently re-created.
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, Grain, state));
    }

    [Fact]
    public async Task Read_when_the_container_is_missing_gives_a_fresh_state()
    {
        await Container.DeleteAsync();

        var state = await ReadAsync();

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
    }

    [Fact]
    public async Task Hand_edited_blob_with_broken_json_fails_the_read_naming_the_blob()
    {
        await StateBlob(Grain).UploadAsync(BinaryData.FromString("{ not json"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ReadAsync());

        Assert.Contains("state/demand/20261122-ABC123.json", error.Message);
    }

    [Fact]
    public async Task Grains_with_awkward_keys_get_separate_blobs()
    {
        var keys = new[] { "a/b", "a%2Fb", "..", "城厢镇 #1?x=y", "~", "%", new string('k', 500), new string('k', 499) + "x" };
        foreach (var key in keys)
        {
            var grain = GrainId.Create("demand", key);
            await _storage.WriteStateAsync(StateName, grain, new GrainState<CaseFile>(CaseFile.Sample(key)));
        }

        foreach (var key in keys)
        {
            var read = new GrainState<CaseFile>();
            await _storage.ReadStateAsync(StateName, GrainId.Create("demand", key), read);
            Assert.True(read.RecordExists, key);
            Assert.Equal(key, read.State!.Id);
        }
    }

    private async Task<GrainState<CaseFile>> ReadAsync()
    {
        var state = new GrainState<CaseFile>();
        await _storage.ReadStateAsync(StateName, Grain, state);
        return state;
    }

    private static void AssertSameCase(CaseFile expected, CaseFile actual)
    {
        // Records compare ImmutableList members by reference, so compare the lists element by element.
        Assert.Equal(expected with { Visits = ImmutableList<Visit>.Empty, Tags = ImmutableList<string>.Empty }, actual with { Visits = ImmutableList<Visit>.Empty, Tags = ImmutableList<string>.Empty });
        Assert.Equal(expected.Visits, actual.Visits);
        Assert.Equal(expected.Tags, actual.Tags);
        Assert.Equal(expected.OpenedAt.Offset, actual.OpenedAt.Offset);
    }
}
