using Dispatch.Testing;

namespace Dispatch.BlobStorage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class BlobReminderTableTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTime StartAt = new(2026, 11, 22, 1, 30, 0, DateTimeKind.Utc);

    private readonly BlobStorageOptions _options = StorageFactory.Options(azurite);
    private BlobReminderTable _table = null!;

    public async Task InitializeAsync()
    {
        _table = StorageFactory.ReminderTable(_options);
        await _table.StartAsync();
    }

    public Task DisposeAsync() =>
        azurite.CreateServiceClient().GetBlobContainerClient(_options.ReminderContainerName).DeleteIfExistsAsync();

    [Fact]
    public async Task Upserted_reminder_reads_back_with_the_returned_etag()
    {
        var grain = Demand("20261122-ABC123");

        var etag = await _table.UpsertRow(Entry(grain, "sla-accept", TimeSpan.FromMinutes(15)));

        Assert.False(string.IsNullOrEmpty(etag));
        var row = await _table.ReadRow(grain, "sla-accept");
        Assert.NotNull(row);
        Assert.Equal(grain, row.GrainId);
        Assert.Equal("sla-accept", row.ReminderName);
        Assert.Equal(StartAt, row.StartAt);
        Assert.Equal(DateTimeKind.Utc, row.StartAt.Kind);
        Assert.Equal(TimeSpan.FromMinutes(15), row.Period);
        Assert.Equal(etag, row.ETag);
    }

    [Fact]
    public async Task Reminder_blob_is_named_after_grain_and_reminder_and_readable()
    {
        var grain = Demand("20261122-ABC123");
        await _table.UpsertRow(Entry(grain, "sla-accept", TimeSpan.FromMinutes(15)));

        var blob = azurite.CreateServiceClient()
            .GetBlobContainerClient(_options.ReminderContainerName)
            .GetBlobClient("demand/20261122-ABC123/sla-accept.json");
        var json = (await blob.DownloadContentAsync()).Value.Content.ToString();

        Assert.Contains("\"grainId\": \"demand/20261122-ABC123\"", json);
        Assert.Contains("\"reminderName\": \"sla-accept\"", json);
        Assert.Contains("\"startAt\": \"2026-11-22T01:30:00Z\"", json);
        Assert.Contains("\"period\": \"00:15:00\"", json);
    }

    [Fact]
    public async Task Upsert_replaces_the_reminder_and_changes_its_etag()
    {
        var grain = Demand("20261122-ABC123");
        var first = await _table.UpsertRow(Entry(grain, "sla-accept", TimeSpan.FromMinutes(15)));

        var second = await _table.UpsertRow(Entry(grain, "sla-accept", TimeSpan.FromMinutes(30)));

        Assert.NotEqual(first, second);
        var row = await _table.ReadRow(grain, "sla-accept");
        Assert.Equal(TimeSpan.FromMinutes(30), row!.Period);
        Assert.Single((await _table.ReadRows(grain)).Reminders);
    }

    [Fact]
    public async Task Missing_reminder_reads_as_null()
    {
        Assert.Null(await _table.ReadRow(Demand("nobody"), "sla-accept"));
        Assert.Empty((await _table.ReadRows(Demand("nobody"))).Reminders);
    }

    [Fact]
    public async Task ReadRows_by_grain_returns_only_that_grains_reminders()
    {
        var grain = Demand("20261122-ABC123");
        var longerKey = Demand("20261122-ABC1234");   // shares the text prefix, must not be mixed in
        var nestedKey = Demand("20261122-ABC123/x");  // a '/' inside a key must not look like a folder of the other grain
        await _table.UpsertRow(Entry(grain, "sla-accept", TimeSpan.FromMinutes(15)));
        await _table.UpsertRow(Entry(grain, "sla-close", TimeSpan.FromHours(24)));
        await _table.UpsertRow(Entry(longerKey, "sla-accept", TimeSpan.FromMinutes(15)));
        await _table.UpsertRow(Entry(nestedKey, "sla-accept", TimeSpan.FromMinutes(15)));

        var rows = (await _table.ReadRows(grain)).Reminders;

        Assert.Equal(new[] { "sla-accept", "sla-close" }, rows.Select(r => r.ReminderName).Order());
        Assert.All(rows, r => Assert.Equal(grain, r.GrainId));
        Assert.All(rows, r => Assert.False(string.IsNullOrEmpty(r.ETag)));
    }

    [Fact]
    public async Task ReadRows_by_range_uses_the_ring_semantics_including_wrap_around()
    {
        var grains = Enumerable.Range(0, 40).Select(i => Demand($"20261122-{i:D4}")).ToList();
        foreach (var grain in grains)
        {
            await _table.UpsertRow(Entry(grain, "sla-accept", TimeSpan.FromMinutes(15)));
        }

        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToList();
        var low = hashes[10];
        var high = hashes[30];

        // begin < end: (begin, end]
        await AssertRangeAsync(low, high, h => h > low && h <= high);
        // begin > end: wraps past uint.MaxValue
        await AssertRangeAsync(high, low, h => h > high || h <= low);
        // begin == end: the whole ring
        await AssertRangeAsync(low, low, _ => true);
        // boundaries: begin is exclusive, end inclusive
        await AssertRangeAsync(hashes[0], hashes[1], h => h == hashes[1]);
        await AssertRangeAsync(hashes[0] - 1, hashes[0], h => h == hashes[0]);

        async Task AssertRangeAsync(uint begin, uint end, Func<uint, bool> expected)
        {
            var rows = (await _table.ReadRows(begin, end)).Reminders;
            var want = grains.Where(g => expected(g.GetUniformHashCode())).OrderBy(g => g.ToString()).ToList();
            Assert.Equal(want, rows.Select(r => r.GrainId).OrderBy(g => g.ToString()).ToList());
        }
    }

    [Fact]
    public async Task ReadRows_by_range_also_finds_reminders_without_hash_metadata()
    {
        // A reminder blob written by hand (no metadata) is still found by its body's grain id.
        var grain = Demand("20261122-HAND01");
        var container = azurite.CreateServiceClient().GetBlobContainerClient(_options.ReminderContainerName);
        await container.GetBlobClient(BlobNames.ForReminder(grain, "manual")).UploadAsync(BinaryData.FromString(
            """{ "grainId": "demand/20261122-HAND01", "reminderName": "manual", "startAt": "2026-11-22T01:30:00Z", "period": "00:15:00" }"""));

        var hash = grain.GetUniformHashCode();
        Assert.Single((await _table.ReadRows(hash - 1, hash)).Reminders);
        Assert.Empty((await _table.ReadRows(hash, hash + 1)).Reminders);
    }

    [Fact]
    public async Task RemoveRow_needs_the_current_etag()
    {
        var grain = Demand("20261122-ABC123");
        var old = await _table.UpsertRow(Entry(grain, "sla-accept", TimeSpan.FromMinutes(15)));
        var current = await _table.UpsertRow(Entry(grain, "sla-accept", TimeSpan.FromMinutes(20)));

        Assert.False(await _table.RemoveRow(grain, "sla-accept", old!));
        Assert.NotNull(await _table.ReadRow(grain, "sla-accept"));

        Assert.True(await _table.RemoveRow(grain, "sla-accept", current!));
        Assert.Null(await _table.ReadRow(grain, "sla-accept"));

        Assert.False(await _table.RemoveRow(grain, "sla-accept", current!));
    }

    [Fact]
    public async Task TestOnlyClearTable_removes_everything()
    {
        await _table.UpsertRow(Entry(Demand("a"), "one", TimeSpan.FromMinutes(15)));
        await _table.UpsertRow(Entry(Demand("b"), "two", TimeSpan.FromMinutes(15)));

        await _table.TestOnlyClearTable();

        Assert.Empty((await _table.ReadRows(0, 0)).Reminders);
    }

    [Fact]
    public async Task Table_without_its_container_reads_empty_and_recreates_it_on_upsert()
    {
        await azurite.CreateServiceClient().GetBlobContainerClient(_options.ReminderContainerName).DeleteAsync();

        Assert.Empty((await _table.ReadRows(0, 0)).Reminders);
        Assert.Null(await _table.ReadRow(Demand("a"), "one"));

        await _table.UpsertRow(Entry(Demand("a"), "one", TimeSpan.FromMinutes(15)));
        Assert.NotNull(await _table.ReadRow(Demand("a"), "one"));
    }

    private static GrainId Demand(string key) => GrainId.Create("demand", key);

    private static ReminderEntry Entry(GrainId grain, string name, TimeSpan period) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = StartAt,
        Period = period,
    };
}
