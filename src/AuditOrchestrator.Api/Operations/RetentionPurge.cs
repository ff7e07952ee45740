using AuditOrchestrator.Engine.Jobs;
using Hangfire;
using Npgsql;

namespace AuditOrchestrator.Api.Operations;

/// <summary>What one purge pass removed.</summary>
public sealed record PurgeResult(long Bookmarks, long Effects, long TakenSignals, long InboxRows, bool Skipped = false);

/// <summary>
/// Retention of the runtime's history. <c>Retention__Journal</c> (default 730 days): a run whose whole tree ended
/// (completed or cancelled; faulted is not an end, an operator may retry it) longer ago than that loses its consumed
/// bookmarks, its effect records and the ledger of the signals it has taken. Its journal is the run's hash-chained
/// record (docs/evidence.md) and is never purged, nor are the instance rows, so the run stays listed and its evidence
/// pack verifiable. A tree with any live instance keeps everything. <c>Retention__Inbox</c> (default 30 days):
/// consumed signal inbox rows; pending ones never go, and the ledger keeps what was taken for the run's whole life.
/// Ages are on the service clock, where the rows' times were written.
/// </summary>
public sealed class RetentionPurge(NpgsqlDataSource dataSource, TimeProvider clock, IConfiguration configuration)
{
    // An arbitrary constant naming "the retention purge" among advisory locks: one node purges at a time.
    public const long LockKey = 0x4155_4449_544f_0009;

    public TimeSpan Journal => configuration.GetValue("Retention:Journal", TimeSpan.FromDays(730));
    public TimeSpan Inbox => configuration.GetValue("Retention:Inbox", TimeSpan.FromDays(30));

    /// <summary>Purges in batches of <paramref name="batchSize"/> until nothing old is left; skipped while another node purges.</summary>
    public async Task<PurgeResult> PurgeAsync(int batchSize, CancellationToken ct)
    {
        await using var lockConnection = await dataSource.OpenConnectionAsync(ct);
        await using (var take = new NpgsqlCommand($"SELECT pg_try_advisory_lock({LockKey})", lockConnection))
        {
            if (!(bool)(await take.ExecuteScalarAsync(ct))!)
            {
                return new PurgeResult(0, 0, 0, 0, Skipped: true);
            }
        }
        try
        {
            var now = clock.GetUtcNow();
            long bookmarks = 0, effects = 0, taken = 0, inbox = 0;
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
            return new PurgeResult(bookmarks, effects, taken, inbox);
        }
        finally
        {
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({LockKey})", lockConnection);
            await release.ExecuteScalarAsync(CancellationToken.None);
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
        if (result.Bookmarks + result.Effects + result.TakenSignals + result.InboxRows > 0)
        {
            logger.LogInformation("Retention purge removed {Bookmarks} bookmarks, {Effects} effects, {TakenSignals} taken signals, {Inbox} inbox rows",
                result.Bookmarks, result.Effects, result.TakenSignals, result.InboxRows);
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
