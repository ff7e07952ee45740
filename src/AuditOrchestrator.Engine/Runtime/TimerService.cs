using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Telemetry;
using Npgsql;

namespace AuditOrchestrator.Engine.Runtime;

/// <summary>Fires timer bookmarks: from the sweep that Hangfire's alarms and backstop run, or early by an operator's skip-wait.</summary>
public sealed class TimerService(InstanceStore store, ExecutorWakeUp wakeUp)
{
    // The tolerance only absorbs rounding of stored times.
    private static readonly TimeSpan DueTolerance = TimeSpan.FromSeconds(1);

    /// <summary>Consumes the timer bookmark if it is still waiting and due. False when it was consumed, cancelled or moved later.</summary>
    public async Task<bool> FireAsync(Guid bookmarkId, string firedBy, CancellationToken ct, bool early = false, string? actor = null) =>
        await FireManyAsync([bookmarkId], firedBy, ct, early, actor) == 1;

    /// <summary>
    /// Consumes many due timers in one transaction: one commit (one fsync) for the batch instead of one per timer.
    /// Bookmarks are taken in id order so that two nodes' batches lock in the same order.
    /// </summary>
    public async Task<int> FireManyAsync(IReadOnlyCollection<Guid> bookmarkIds, string firedBy, CancellationToken ct, bool early = false, string? actor = null)
    {
        var now = store.Now;
        await using var connection = await store.DataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var lateness = await ConsumeAsync(connection, transaction, bookmarkIds.Order(), firedBy, early, actor, now, ct);
        await transaction.CommitAsync(ct);
        Fired(lateness, firedBy, early);
        return lateness.Count;
    }

    /// <summary>
    /// Consumes up to <paramref name="limit"/> waiting timers that are due now on the service clock, earliest first, a
    /// batch per statement. Timers another node is consuming are skipped. Returns how many were taken.
    /// </summary>
    /// <remarks>
    /// One statement does per batch what <see cref="InstanceStore.ConsumeAsync"/> does per bookmark: holding the timer
    /// row's lock excludes every other consumer of its wait (they lock all of a wait's rows), so the wait's other
    /// bookmarks are cancelled, the instance made runnable and the resume journalled without looking first. A wait has
    /// at most one timer (<see cref="ActivityResult.Suspended"/>), so no two rows of a batch resume the same wait.
    /// </remarks>
    public async Task<int> FireDueAsync(int limit, CancellationToken ct)
    {
        var now = store.Now;
        await using var connection = await store.DataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var lateness = new List<double>(limit);
        await using (var command = Sql.Command(connection, transaction, $$"""
            WITH due AS (
                SELECT id, wait_id, instance_id, step_id, due_at FROM workflow_bookmarks
                WHERE kind = 'timer' AND consumed_at IS NULL AND due_at <= @now
                ORDER BY due_at, id LIMIT @limit FOR UPDATE SKIP LOCKED
            ), consumed AS (
                UPDATE workflow_bookmarks b SET consumed_at = @now,
                       consumed_by = CASE WHEN b.id = due.id THEN 'timer' ELSE 'cancelled:timer' END
                FROM due WHERE b.wait_id = due.wait_id AND b.consumed_at IS NULL
            ), resumed AS (
                UPDATE workflow_instances i SET status = '{{InstanceStatusNames.Running}}', run_after = @now, updated_at = @now, revision = i.revision + 1,
                       resume = jsonb_build_object('kind', 'timer', 'bookmarkId', due.id::text, 'signal', NULL, 'actor', NULL, 'traceParent', NULL,
                                                   'payload', jsonb_build_object('dueAt', due.due_at, 'early', false))
                FROM due WHERE i.id = due.instance_id
            ), journalled AS (
                INSERT INTO workflow_journal (instance_id, at, kind, step_id, actor, data)
                SELECT instance_id, @now, 'resumed', step_id, NULL, '{"by": "timer", "kind": "timer"}'::jsonb FROM due
            )
            SELECT due_at FROM due
            """, ("now", now), ("limit", limit)))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                lateness.Add(Math.Max(0, (now - reader.GetFieldValue<DateTimeOffset>(0)).TotalSeconds));
            }
        }
        await transaction.CommitAsync(ct);
        Fired(lateness, "timer", early: false);
        return lateness.Count;
    }

    /// <summary>Consumes each timer still waiting (and due, unless early); returns how late each consumed one was.</summary>
    private static async Task<List<double>> ConsumeAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<Guid> bookmarkIds, string firedBy, bool early, string? actor,
        DateTimeOffset now, CancellationToken ct)
    {
        var lateness = new List<double>();
        foreach (var bookmarkId in bookmarkIds)
        {
            DateTimeOffset? dueAt = null;
            if (await InstanceStore.ConsumeAsync(connection, transaction, bookmarkId, firedBy,
                    row =>
                    {
                        dueAt = row.DueAt;
                        return new ResumeInfo(ResumeInfo.TimerKind, row.Id, null, new JsonObject { ["dueAt"] = row.DueAt, ["early"] = early }, actor);
                    },
                    now, null, ct,
                    stillApplies: row => row.Kind == "timer" && (early || row.DueAt <= now + DueTolerance)))
            {
                lateness.Add(dueAt is { } due ? Math.Max(0, (now - due).TotalSeconds) : 0);
            }
        }
        return lateness;
    }

    // Called after the commit: a rolled-back batch fired nothing.
    private void Fired(List<double> lateness, string firedBy, bool early)
    {
        if (lateness.Count == 0)
        {
            return;
        }
        wakeUp.Wake();
        var tags = OrchestratorTelemetry.Tags("fired_by", firedBy);
        foreach (var seconds in lateness)
        {
            OrchestratorTelemetry.TimersFired.Add(1, tags);
            if (!early)
            {
                OrchestratorTelemetry.TimerLateness.Record(seconds, tags);
            }
        }
    }
}
