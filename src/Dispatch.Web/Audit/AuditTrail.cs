using Dispatch.BlobStorage;
using Dispatch.Contracts.Accounts;
using Dispatch.Grains;

namespace Dispatch.Web.Audit;

/// <summary>
/// The security audit trail: append-only, on the product's record log, one log per UTC day so no blob grows without end.
/// <see cref="Record"/> only queues the entry: a request never waits for, or fails with, the audit's storage. Queued
/// entries are written together every <see cref="FlushInterval"/>; when storage is down they stay queued (a warning
/// is logged) and go with the next try. Readers see queued entries too.
/// </summary>
public sealed class AuditTrail(
    IRecordLog log, [FromKeyedServices(DomainClock.Key)] TimeProvider clock, ILogger<AuditTrail> logger) : BackgroundService
{
    /// <summary>
    /// One append block per day's log per flush (unless more than <see cref="MaxPerAppend"/> wait): an append blob takes
    /// 50,000 blocks, so flushing every two seconds keeps one host's ordinary day (43,200 flushes at most) inside it.
    /// </summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(2);

    /// <summary>How many unwritten entries are kept while storage is down; beyond that the oldest go (with a warning).</summary>
    public const int MaxQueued = 100_000;

    /// <summary>Entries per append: a block stays far below Blob storage's 4 MiB even under a flood of refusals.</summary>
    public const int MaxPerAppend = 2_000;

    private const string LogPrefix = "audit-";

    private readonly List<AuditEntry> queued = [];

    public AuditEntry Record(AuditOutcome outcome, string? user, AuditReason? reason, string action, string? client)
    {
        var entry = new AuditEntry(
            Guid.NewGuid(), clock.GetUtcNow(), string.IsNullOrEmpty(user) ? AuditEntry.Anonymous : user, action, outcome, reason, client);
        int dropped;
        lock (queued)
        {
            queued.Add(entry);
            dropped = Math.Max(0, queued.Count - MaxQueued);
            queued.RemoveRange(0, dropped);
        }
        if (dropped > 0)
        {
            logger.LogWarning("The audit trail's storage has been down too long: {Count} oldest unwritten entries dropped", dropped);
        }
        return entry;
    }

    /// <summary>A sign-in through <paramref name="http"/> (the token route or the sign-in form) and how it went.</summary>
    public AuditEntry RecordSignIn(HttpContext http, string userName, SignInOutcome outcome)
    {
        var name = UserAccount.Normalize(userName);
        var (result, reason) = outcome.Status switch
        {
            SignInStatus.SignedIn => (AuditOutcome.SignedIn, (AuditReason?)null),
            SignInStatus.LockedOut => (AuditOutcome.LockedOut, AuditReason.TooManyFailures),
            SignInStatus.Disabled => (AuditOutcome.SignInRefused, AuditReason.AccountDisabled),
            _ => (AuditOutcome.SignInRefused, AuditReason.WrongUserNameOrPassword),
        };
        // A "name" that cannot be one (a password typed in the wrong box, say) is not written down.
        return Record(result, UserAccount.IsValidUserName(name) ? name : null, reason, AuditDenials.Action(http.Request), AuditDenials.Client(http));
    }

    /// <summary>Entries from <paramref name="from"/> to <paramref name="to"/> that match, newest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<AuditEntry>> Read(DateTimeOffset from, DateTimeOffset to, string? user, AuditOutcome? outcome, int limit)
    {
        bool Matches(AuditEntry e) => e.At >= from && e.At <= to && (user is null || e.User == user) && (outcome is null || e.Outcome == outcome);
        // Queued first: an entry written meanwhile is then found twice, and kept once.
        var found = Queued().Where(Matches).ToDictionary(e => e.Id);
        for (var day = to.UtcDateTime.Date; day >= from.UtcDateTime.Date; day = day.AddDays(-1))
        {
            var stored = await log.Load<AuditEntry>(LogName(day));
            foreach (var entry in stored.Snapshot.Concat(stored.Appended).Where(Matches))
            {
                found.TryAdd(entry.Id, entry);
            }
            // Days go newest first: once this day alone fills the page, older days cannot come into it.
            if (found.Values.Count(e => e.At.UtcDateTime >= day) >= limit)
            {
                break;
            }
        }
        return [.. found.Values.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(limit)];
    }

    /// <summary>Writes what is queued; what storage refuses stays queued for the next try.</summary>
    public async Task Flush()
    {
        foreach (var batch in Queued().GroupBy(e => LogName(e.At.UtcDateTime.Date)).SelectMany(day => day.Chunk(MaxPerAppend).Select(b => (day.Key, b))))
        {
            var (name, entries) = batch;
            try
            {
                await log.Append(name, entries, RecordLogPosition.Empty);
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Could not write {Count} audit entries to {Log}; they stay queued for the next try", entries.Length, name);
                continue;
            }
            var written = entries.Select(e => e.Id).ToHashSet();
            lock (queued)
            {
                queued.RemoveAll(e => written.Contains(e.Id));
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // What came in since the last flush goes before the host does.
        await Flush();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(FlushInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await Flush();
        }
    }

    private List<AuditEntry> Queued()
    {
        lock (queued)
        {
            return [.. queued];
        }
    }

    private static string LogName(DateTime utcDay) => $"{LogPrefix}{utcDay:yyyy-MM-dd}";
}
