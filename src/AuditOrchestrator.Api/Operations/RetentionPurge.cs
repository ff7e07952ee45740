using AuditOrchestrator.Engine.Jobs;
using AuditOrchestrator.Engine.Persistence;
using Hangfire;
using Npgsql;

namespace AuditOrchestrator.Api.Operations;

/// <summary>What one purge pass removed.</summary>
public sealed record PurgeResult(long Bookmarks, long Effects, long TakenSignals, long InboxRows, bool Skipped = false)
{
    /// <summary>Pending signals no wait took, expired (recorded in their run's journal first, where they have one).</summary>
    public long ExpiredSignals { get; init; }
}

/// <summary>
/// Retention of the runtime's history. <c>Retention__Journal</c> (default 730 days): a run whose whole tree ended
/// (completed or cancelled; faulted is not an end, an operator may retry it) longer ago than that loses its consumed
/// bookmarks, its effect records and the ledger of the signals it has taken. Its journal is the run's hash-chained
/// record (docs/evidence.md) and is never purged, nor are the instance rows, so the run stays listed and its evidence
/// pack verifiable. A tree with any live instance keeps everything. <c>Retention__Inbox</c> (default 30 days):
/// consumed signal inbox rows; the ledger keeps what was taken for the run's whole life. A pending signal (one no wait
/// has taken) expires once its run has ended, or after <c>Retention__PendingSignals</c> (default 7 days) whatever its
/// run: a wait takes a signal that came early within moments (a reply lands after the ping its wait follows), never
/// days later. Before it goes, a signal that belongs to a run is written to that run's journal
/// (<c>signal-not-taken</c>, with its payload) and to the ledger, so the record keeps it and a reconciliation that
/// reads it on the issue again finds it taken. Ages are on the service clock, where the rows' times were written.
/// </summary>
public sealed class RetentionPurge(NpgsqlDataSource dataSource, TimeProvider clock, IConfiguration configuration)
{
    public TimeSpan Journal => configuration.GetValue("Retention:Journal", TimeSpan.FromDays(730));
    public TimeSpan Inbox => configuration.GetValue("Retention:Inbox", TimeSpan.FromDays(30));
    public TimeSpan PendingSignals => configuration.GetValue("Retention:PendingSignals", TimeSpan.FromDays(7));

    /// <summary>Purges in batches of <paramref name="batchSize"/> until nothing old is left; skipped while another node purges.</summary>
    public async Task<PurgeResult> PurgeAsync(int batchSize, CancellationToken ct)
    {
        await using var lockConnection = await dataSource.OpenConnectionAsync(ct);
        if (!await AdvisoryLock.TryTakeAsync(lockConnection, AdvisoryLocks.RetentionPurge, ct))
        {
            return new PurgeResult(0, 0, 0, 0, Skipped: true);
        }
        try
        {
            var now = clock.GetUtcNow();
            long bookmarks = 0, effects = 0, taken = 0, inbox = 0, expired = 0;
            while (true)
            {
                // Each batch is its own short transaction, so a large first purge never holds locks for long.
                var (b, e, t, roots) = await PurgeFinishedTreesAsync(now - Journal, batchSize, ct);
                bookmarks += b;
                effects += e;
                taken += t;
                if (roots < batchSize || b + e + t == 0)
                {
                    break;
                }
            }
            while (true)
            {
                var deleted = await PurgeInboxAsync(now - Inbox, batchSize, ct);
                inbox += deleted;
                if (deleted < batchSize)
                {
                    break;
                }
            }
            while (true)
            {
                var deleted = await ExpirePendingAsync(now, now - PendingSignals, batchSize, ct);
                expired += deleted;
                if (deleted < batchSize)
                {
                    break;
                }
            }
            return new PurgeResult(bookmarks, effects, taken, inbox) { ExpiredSignals = expired };
        }
        finally
        {
            await AdvisoryLock.ReleaseAsync(lockConnection, AdvisoryLocks.RetentionPurge);
        }
    }

    private async Task<(long Bookmarks, long Effects, long TakenSignals, long Roots)> PurgeFinishedTreesAsync(DateTimeOffset before, int batchSize, CancellationToken ct)
    {
        // Roots that ended before the cutoff and still have something to purge; their trees; only trees with nobody live in them.
        await using var command = dataSource.CreateCommand("""
            WITH RECURSIVE roots AS (
                SELECT i.id FROM workflow_instances i
                WHERE i.parent_id IS NULL AND i.status IN ('completed', 'cancelled') AND i.completed_at < $1
                  AND EXISTS (SELECT 1 FROM workflow_journal j WHERE j.run_id = i.id
                              AND (EXISTS (SELECT 1 FROM workflow_bookmarks b WHERE b.instance_id = j.instance_id AND b.consumed_at IS NOT NULL)
                                   OR EXISTS (SELECT 1 FROM workflow_effects e WHERE e.instance_id = j.instance_id)
                                   OR EXISTS (SELECT 1 FROM workflow_effect_attempts a WHERE a.instance_id = j.instance_id)
                                   OR EXISTS (SELECT 1 FROM workflow_taken_signals t WHERE t.instance_id = j.instance_id)))
                ORDER BY i.completed_at LIMIT $2
            ), tree AS (
                SELECT id AS root, id FROM roots
                UNION ALL
                SELECT t.root, c.id FROM workflow_instances c JOIN tree t ON c.parent_id = t.id
            ), live AS (
                SELECT DISTINCT t.root FROM tree t JOIN workflow_instances i ON i.id = t.id
                WHERE i.status NOT IN ('completed', 'cancelled')
            ), doomed AS (
                SELECT id FROM tree WHERE root NOT IN (SELECT root FROM live)
            ), b AS (
                DELETE FROM workflow_bookmarks WHERE instance_id IN (SELECT id FROM doomed) AND consumed_at IS NOT NULL RETURNING 1
            ), e AS (
                DELETE FROM workflow_effects WHERE instance_id IN (SELECT id FROM doomed) RETURNING 1
            ), attempts AS (
                DELETE FROM workflow_effect_attempts WHERE instance_id IN (SELECT id FROM doomed)
            ), taken AS (
                DELETE FROM workflow_taken_signals WHERE instance_id IN (SELECT id FROM doomed) RETURNING 1
            )
            SELECT (SELECT count(*) FROM b), (SELECT count(*) FROM e), (SELECT count(*) FROM taken), (SELECT count(*) FROM roots)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = before });
        command.Parameters.Add(new NpgsqlParameter { Value = batchSize });
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    private async Task<long> PurgeInboxAsync(DateTimeOffset before, int batchSize, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            DELETE FROM workflow_inbox WHERE id IN (
                SELECT id FROM workflow_inbox WHERE consumed_at IS NOT NULL AND consumed_at < $1 ORDER BY consumed_at LIMIT $2)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = before });
        command.Parameters.Add(new NpgsqlParameter { Value = batchSize });
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Expires pending signals whose run has ended, or that arrived before <paramref name="before"/>. A signal's run is
    /// the one whose audit issue its GitLab key names (<c>audit_issues</c>), or the run of the instance its key is the id
    /// of (operator actions); one with neither goes with no record (no run ever had its key).
    /// </summary>
    private async Task<long> ExpirePendingAsync(DateTimeOffset now, DateTimeOffset before, int batchSize, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            WITH owned AS (
                SELECT x.id, x.delivery_key, x.signal_name, x.correlation_key, x.payload, x.actor, x.received_at,
                       COALESCE(issue.run_id, instance.run_id) AS run
                FROM workflow_inbox x
                -- The casts sit in CASE: a WHERE's conditions may be evaluated in any order.
                LEFT JOIN LATERAL (
                    SELECT a.run_id FROM audit_issues a
                    WHERE a.project_id = CASE WHEN x.correlation_key ~ '^gitlab-(thread|note|issue):[0-9]{1,18}:[0-9]{1,9}(:|$)'
                                              THEN split_part(x.correlation_key, ':', 2)::bigint END
                      AND a.issue_iid = CASE WHEN x.correlation_key ~ '^gitlab-(thread|note|issue):[0-9]{1,18}:[0-9]{1,9}(:|$)'
                                             THEN split_part(x.correlation_key, ':', 3)::int END) issue ON true
                LEFT JOIN LATERAL (
                    SELECT j.run_id FROM workflow_journal j
                    WHERE j.instance_id = CASE WHEN x.correlation_key ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                                               THEN x.correlation_key::uuid END
                      AND j.run_id IS NOT NULL
                    LIMIT 1) instance ON true
                WHERE x.consumed_at IS NULL
            ), doomed AS (
                SELECT o.*, CASE WHEN r.status IN ('completed', 'cancelled') THEN 'run-ended' ELSE 'expired' END AS reason
                FROM owned o LEFT JOIN workflow_instances r ON r.id = o.run
                WHERE r.status IN ('completed', 'cancelled') OR o.received_at < $1
                ORDER BY o.received_at, o.id LIMIT $3
            ), locked AS (
                -- A row a bookmark is taking right now is left for the next pass.
                SELECT x.id FROM workflow_inbox x WHERE x.id IN (SELECT id FROM doomed) AND x.consumed_at IS NULL FOR UPDATE SKIP LOCKED
            ), gone AS (
                DELETE FROM workflow_inbox WHERE id IN (SELECT id FROM locked) RETURNING id
            ), recorded AS (
                INSERT INTO workflow_journal (instance_id, at, kind, step_id, actor, data)
                SELECT d.run, $2, 'signal-not-taken', NULL, d.actor, jsonb_build_object(
                    'signal', d.signal_name, 'key', d.correlation_key, 'delivery', d.delivery_key,
                    'receivedAt', to_char(d.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                    'reason', d.reason, 'payload', d.payload)
                FROM doomed d JOIN gone g ON g.id = d.id WHERE d.run IS NOT NULL
                ORDER BY d.received_at, d.id
            ), ledger AS (
                INSERT INTO workflow_taken_signals (delivery_key, instance_id, signal_name, taken_at)
                SELECT d.delivery_key, d.run, d.signal_name, $2 FROM doomed d JOIN gone g ON g.id = d.id WHERE d.run IS NOT NULL
                ON CONFLICT (delivery_key) DO NOTHING
            )
            SELECT count(*) FROM gone
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = before });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        command.Parameters.Add(new NpgsqlParameter { Value = batchSize });
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }
}

/// <summary>The Hangfire recurring job <c>retention-purge</c>: every hour (real time), on whichever node gets the lock.</summary>
[AutomaticRetry(Attempts = 0)]
public sealed class RetentionJob(RetentionPurge purge, ILogger<RetentionJob> logger)
{
    public const string Id = "retention-purge";
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    private const int BatchSize = 500;

    public async Task RunAsync(CancellationToken ct)
    {
        var result = await purge.PurgeAsync(BatchSize, ct);
        if (result.Bookmarks + result.Effects + result.TakenSignals + result.InboxRows + result.ExpiredSignals > 0)
        {
            logger.LogInformation("Retention purge removed {Bookmarks} bookmarks, {Effects} effects, {TakenSignals} taken signals, {Inbox} inbox rows, {Expired} expired pending signals",
                result.Bookmarks, result.Effects, result.TakenSignals, result.InboxRows, result.ExpiredSignals);
        }
    }
}

public static class OperationsServices
{
    public static IServiceCollection AddOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<RetentionPurge>();
        services.AddTransient<RetentionJob>();
        services.AddSingleton(RecurringPass.Every<RetentionJob>(RetentionJob.Id, RetentionJob.Interval, job => job.RunAsync(CancellationToken.None)));
        // Per node on purpose: each node's metrics read the gauges it refreshes.
        services.AddHostedService<OperationalGauges>();
        services.AddOrchestratorTelemetry(configuration);
        return services;
    }
}
