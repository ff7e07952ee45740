using Npgsql;
using NpgsqlTypes;

namespace AuditOrchestrator.Engine.Runtime;

/// <summary>
/// Pending signals whose correlation key is <see cref="KeyPrefix"/>, or starts with it followed by ':', belong to the
/// run <see cref="RunId"/>.
/// </summary>
public sealed record SignalOwner(string KeyPrefix, Guid RunId);

/// <summary>
/// Removes the runtime's history in small batches, each its own short transaction. The caller decides when and how old
/// (retention settings, locks); the engine knows what may go: journals and instance rows never do.
/// </summary>
public sealed class HistoryPurge(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// One batch: of up to <paramref name="batchSize"/> roots that ended (completed or cancelled) before
    /// <paramref name="before"/> and still have something to purge, the trees with nobody live in them lose their consumed
    /// bookmarks, effect records and ledger of taken signals. Journals and instance rows stay.
    /// </summary>
    public async Task<(long Bookmarks, long Effects, long TakenSignals, long Roots)> PurgeFinishedTreesAsync(DateTimeOffset before, int batchSize, CancellationToken ct)
    {
        // Roots that ended before the cutoff and still have something to purge; their trees; only trees with nobody live in them.
        await using var command = dataSource.CreateCommand($"""
            WITH RECURSIVE roots AS (
                SELECT i.id FROM workflow_instances i
                WHERE i.parent_id IS NULL AND i.status IN {InstanceStatusNames.FinishedSql} AND i.completed_at < $1
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
                WHERE i.status NOT IN {InstanceStatusNames.FinishedSql}
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

    /// <summary>One batch of consumed inbox rows consumed before <paramref name="before"/>.</summary>
    public async Task<long> PurgeConsumedInboxAsync(DateTimeOffset before, int batchSize, CancellationToken ct)
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
    /// One batch: expires pending signals whose run has ended, or that arrived before <paramref name="before"/>. A
    /// signal's run is the one an <paramref name="owners"/> entry names for its key, or the run of the instance its key
    /// is the id of (operator actions); one with neither goes with no record (no run ever had its key). Before it goes, a
    /// signal of a run is written to that run's journal (<c>signal-not-taken</c>) and to the ledger of taken signals.
    /// </summary>
    public async Task<long> ExpirePendingSignalsAsync(DateTimeOffset now, DateTimeOffset before, int batchSize,
        IReadOnlyCollection<SignalOwner> owners, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($$"""
            WITH owned AS (
                SELECT x.id, x.delivery_key, x.signal_name, x.correlation_key, x.payload, x.actor, x.received_at,
                       COALESCE(issue.run_id, instance.run_id) AS run
                FROM workflow_inbox x
                LEFT JOIN LATERAL (
                    SELECT o.run_id FROM unnest($4::text[], $5::uuid[]) o(prefix, run_id)
                    WHERE x.correlation_key = o.prefix OR starts_with(x.correlation_key, o.prefix || ':')
                    LIMIT 1) issue ON true
                LEFT JOIN LATERAL (
                    SELECT j.run_id FROM workflow_journal j
                    WHERE j.instance_id = CASE WHEN x.correlation_key ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                                               THEN x.correlation_key::uuid END
                      AND j.run_id IS NOT NULL
                    LIMIT 1) instance ON true
                WHERE x.consumed_at IS NULL
            ), doomed AS (
                SELECT o.*, CASE WHEN r.status IN {{InstanceStatusNames.FinishedSql}} THEN 'run-ended' ELSE 'expired' END AS reason
                FROM owned o LEFT JOIN workflow_instances r ON r.id = o.run
                WHERE r.status IN {{InstanceStatusNames.FinishedSql}} OR o.received_at < $1
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
        command.Parameters.Add(new NpgsqlParameter { Value = owners.Select(o => o.KeyPrefix).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = owners.Select(o => o.RunId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }
}
