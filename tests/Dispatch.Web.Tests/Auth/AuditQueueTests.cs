using Dispatch.BlobStorage;
using Dispatch.Grains.Storage;
using Dispatch.Web.Audit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Dispatch.Web.Tests.Auth;

/// <summary>The audit trail's queue on its own: storage that fails, and reading across days.</summary>
public sealed class AuditQueueTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 23, 30, 0, TimeSpan.Zero);

    private readonly FlakyLog storage = new();
    private readonly WarningCounter warnings = new();
    private readonly FakeTimeProvider clock = new(Start);
    private readonly AuditTrail trail;

    public AuditQueueTests() => trail = new AuditTrail(storage, clock, warnings);

    [Fact]
    public async Task While_storage_is_down_entries_wait_in_the_queue_with_a_warning_and_go_with_the_next_flush()
    {
        storage.Down = true;
        var entry = trail.Record(AuditOutcome.Forbidden, "dispatcher", AuditReason.Role, "GET /api/audit", "10.0.0.7");
        await trail.Flush();

        Assert.Equal(1, warnings.Count);
        Assert.Empty((await storage.Load<AuditEntry>("audit-2026-11-02")).Appended);
        // Readers see the queued entry meanwhile.
        Assert.Equal([entry], await trail.Read(Start.AddHours(-1), Start, null, null, 10));

        storage.Down = false;
        await trail.Flush();
        Assert.Equal([entry], (await storage.Load<AuditEntry>("audit-2026-11-02")).Appended);
        // Written once, read once, queue empty: another flush writes nothing more.
        await trail.Flush();
        Assert.Single((await storage.Load<AuditEntry>("audit-2026-11-02")).Appended);
        Assert.Equal([entry], await trail.Read(Start.AddHours(-1), Start, null, null, 10));
    }

    [Fact]
    public async Task Each_utc_day_has_its_own_log_and_reads_go_newest_first_across_days_with_the_filters()
    {
        var entries = new List<AuditEntry>();
        for (var i = 0; i < 6; i++)
        {
            entries.Add(trail.Record(i % 2 == 0 ? AuditOutcome.Forbidden : AuditOutcome.SignedIn, i < 3 ? "leader" : "admin", null, $"step {i}", null));
            clock.Advance(TimeSpan.FromMinutes(20));
        }
        await trail.Flush();

        Assert.Equal(2, (await storage.Load<AuditEntry>("audit-2026-11-02")).Appended.Count);
        Assert.Equal(4, (await storage.Load<AuditEntry>("audit-2026-11-03")).Appended.Count);
        var end = clock.GetUtcNow();
        Assert.Equal(Enumerable.Reverse(entries), await trail.Read(Start, end, null, null, 10));
        Assert.Equal([entries[5], entries[4]], await trail.Read(Start, end, null, null, 2));
        Assert.Equal([entries[2], entries[0]], await trail.Read(Start, end, "leader", AuditOutcome.Forbidden, 10));
        Assert.Equal([entries[1], entries[0]], await trail.Read(Start, Start.AddMinutes(20), null, null, 10));
    }

    [Fact]
    public async Task A_flood_is_written_in_bounded_appends()
    {
        var flood = AuditTrail.MaxPerAppend * 2 + 1;
        for (var i = 0; i < flood; i++)
        {
            trail.Record(AuditOutcome.Unauthenticated, null, AuditReason.NoCredentials, "GET /api/demands", null);
        }
        await trail.Flush();

        Assert.Equal(3, storage.Appends);
        Assert.Equal(flood, (await storage.Load<AuditEntry>("audit-2026-11-02")).Appended.Count);
    }

    /// <summary>A record log whose storage can be switched off.</summary>
    private sealed class FlakyLog : IRecordLog
    {
        private readonly MemoryRecordLog inner = new();

        public bool Down { get; set; }

        public Task<LoadedRecords<T>> Load<T>(string name) => inner.Load<T>(name);

        public int Appends { get; private set; }

        public Task<RecordLogPosition> Append<T>(string name, IReadOnlyList<T> records, RecordLogPosition position)
        {
            if (Down)
            {
                throw new Azure.RequestFailedException(503, "storage is down");
            }
            Appends++;
            return inner.Append(name, records, position);
        }

        public Task<RecordLogPosition?> Compact<T>(string name, IReadOnlyCollection<T> records, RecordLogPosition position) =>
            inner.Compact(name, records, position);
    }

    private sealed class WarningCounter : ILogger<AuditTrail>
    {
        public int Count { get; private set; }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Count++;
            }
        }
    }
}
