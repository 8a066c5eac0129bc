using Azure.Storage.Blobs;
using Dispatch.Grains.Storage;
using Dispatch.Testing;

namespace Dispatch.BlobStorage.Tests;

public sealed record LoggedEntry(string Id, int Version, string Text);

/// <summary>
/// What every <see cref="IRecordLog"/> must do: keep each append, in order; fold the log into a snapshot; and refuse to
/// compact over records it has not seen, so two writers (two activations during a partition) never lose each other's.
/// </summary>
public abstract class RecordLogContract
{
    protected const string Name = "demand-index-3";

    /// <summary>The log as one writer sees it.</summary>
    protected abstract IRecordLog Log { get; }

    /// <summary>The same log through another writer (another silo's client of the same storage).</summary>
    protected abstract IRecordLog OtherWriter { get; }

    [Fact]
    public async Task A_log_never_written_is_empty()
    {
        var loaded = await Log.Load<LoggedEntry>(Name);

        Assert.Empty(loaded.Snapshot);
        Assert.Empty(loaded.Appended);
        Assert.Equal(0, loaded.Position.LogLength);
    }

    [Fact]
    public async Task Appends_are_kept_in_order_and_read_back_by_any_writer()
    {
        var position = (await Log.Load<LoggedEntry>(Name)).Position;
        position = await Log.Append(Name, [Entry("a", 1)], position);
        position = await Log.Append(Name, [Entry("b", 1), Entry("a", 2)], position);

        var loaded = await OtherWriter.Load<LoggedEntry>(Name);

        Assert.Equal([Entry("a", 1), Entry("b", 1), Entry("a", 2)], loaded.Appended);
        Assert.Equal(2, position.LogLength);
        Assert.Equal(position, loaded.Position);
    }

    [Fact]
    public async Task Compaction_folds_the_log_into_the_snapshot_and_appends_start_a_new_log()
    {
        var position = (await Log.Load<LoggedEntry>(Name)).Position;
        position = await Log.Append(Name, [Entry("a", 1)], position);
        position = await Log.Append(Name, [Entry("a", 2)], position);

        var compacted = await Log.Compact(Name, [Entry("a", 2)], position);
        Assert.NotNull(compacted);
        var afterAppend = await Log.Append(Name, [Entry("b", 1)], compacted);

        var loaded = await OtherWriter.Load<LoggedEntry>(Name);
        Assert.Equal([Entry("a", 2)], loaded.Snapshot);
        Assert.Equal([Entry("b", 1)], loaded.Appended);
        // The writer still knows the whole log, so it may compact again.
        Assert.NotNull(await Log.Compact(Name, [Entry("a", 2), Entry("b", 1)], afterAppend));
    }

    [Fact]
    public async Task A_writer_that_missed_someone_elses_append_cannot_compact_it_away()
    {
        var mine = (await Log.Load<LoggedEntry>(Name)).Position;
        var theirs = (await OtherWriter.Load<LoggedEntry>(Name)).Position;
        mine = await Log.Append(Name, [Entry("a", 1)], mine);
        await OtherWriter.Append(Name, [Entry("b", 1)], theirs);
        mine = await Log.Append(Name, [Entry("a", 2)], mine);

        var compacted = await Log.Compact(Name, [Entry("a", 2)], mine);

        Assert.Null(compacted);
        var loaded = await Log.Load<LoggedEntry>(Name);
        Assert.Contains(Entry("b", 1), loaded.Snapshot.Concat(loaded.Appended));
        Assert.Contains(Entry("a", 2), loaded.Snapshot.Concat(loaded.Appended));
        // Having loaded everything, the writer compacts.
        Assert.NotNull(await Log.Compact(Name, [Entry("a", 2), Entry("b", 1)], loaded.Position));
    }

    [Fact]
    public async Task A_compaction_from_a_stale_snapshot_is_refused_and_keeps_the_newer_one()
    {
        var stale = await Log.Append(Name, [Entry("a", 1)], (await Log.Load<LoggedEntry>(Name)).Position);
        var other = await OtherWriter.Load<LoggedEntry>(Name);
        Assert.NotNull(await OtherWriter.Compact(Name, [Entry("a", 1), Entry("z", 9)], other.Position));

        Assert.Null(await Log.Compact(Name, [Entry("a", 1)], stale));

        Assert.Equal([Entry("a", 1), Entry("z", 9)], (await Log.Load<LoggedEntry>(Name)).Snapshot);
    }

    [Fact]
    public async Task Chinese_text_and_every_unicode_plane_survive()
    {
        var text = "城厢镇 \"引号\" \n 换行 😀 𠀀 \u0001";
        await Log.Append(Name, [Entry("a", 1, text)], (await Log.Load<LoggedEntry>(Name)).Position);

        Assert.Equal(text, Assert.Single((await OtherWriter.Load<LoggedEntry>(Name)).Appended).Text);
    }

    private static LoggedEntry Entry(string id, int version, string text = "城厢镇") => new(id, version, text);
}

[Collection(AzuriteCollection.Name)]
public sealed class BlobRecordLogTests(AzuriteFixture azurite) : RecordLogContract, IAsyncLifetime
{
    private readonly BlobStorageOptions options = StorageFactory.Options(azurite);

    protected override IRecordLog Log => field ??= new BlobRecordLog(options);

    protected override IRecordLog OtherWriter => field ??= new BlobRecordLog(options);

    public Task InitializeAsync() => Container.CreateIfNotExistsAsync();

    public Task DisposeAsync() => Container.DeleteIfExistsAsync();

    private BlobContainerClient Container => azurite.CreateServiceClient().GetBlobContainerClient(options.ContainerName);

    [Fact]
    public async Task The_log_is_readable_json_lines_next_to_a_json_snapshot()
    {
        var position = await Log.Append(Name, [new LoggedEntry("a", 1, "城厢镇")], (await Log.Load<LoggedEntry>(Name)).Position);

        var lines = (await Container.GetBlobClient(BlobNames.ForRecordLogAppends(Name)).DownloadContentAsync()).Value.Content.ToString();
        Assert.Equal("{\"id\":\"a\",\"version\":1,\"text\":\"城厢镇\"}\n", lines);
        Assert.NotNull(await Log.Compact(Name, [new LoggedEntry("a", 1, "城厢镇")], position));
        Assert.False((await Container.GetBlobClient(BlobNames.ForRecordLogAppends(Name)).ExistsAsync()).Value);
        Assert.Contains("城厢镇", (await Container.GetBlobClient(BlobNames.ForRecordLogSnapshot(Name)).DownloadContentAsync()).Value.Content.ToString());
    }
}

public sealed class MemoryRecordLogTests : RecordLogContract
{
    private readonly MemoryRecordLog shared = new();

    protected override IRecordLog Log => shared;

    protected override IRecordLog OtherWriter => shared;
}
