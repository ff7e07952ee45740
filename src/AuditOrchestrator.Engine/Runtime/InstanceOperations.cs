using System.Text.Json.Nodes;
using Npgsql;

namespace AuditOrchestrator.Engine.Runtime;

public enum OperationStatus
{
    Done,
    NotFound,
    NotApplicable,
    Invalid,
}

public sealed record OperationResult(OperationStatus Status, string? Reason = null)
{
    public static readonly OperationResult Done = new(OperationStatus.Done);
    public static readonly OperationResult NotFound = new(OperationStatus.NotFound, "No such instance.");

    public static OperationResult NotApplicable(string reason) => new(OperationStatus.NotApplicable, reason);

    public static OperationResult Invalid(string reason) => new(OperationStatus.Invalid, reason);
}

/// <summary>What an operator can do to an instance. Each action is journalled with who did it.</summary>
public sealed class InstanceOperations(InstanceStore store, TimerService timerService, TimerAlarms alarms, DefinitionCache definitions, ExecutorWakeUp wakeUp)
{
    /// <summary>
    /// The longest one extend-wait may add: half a year, the audits' cadence. More is a typo (or an attempt to push a
    /// due time past what the timers and the database can hold), not a plan.
    /// </summary>
    public static readonly TimeSpan MaxWaitExtension = TimeSpan.FromDays(183);

    /// <summary>Fires the instance's waiting timer now, as if it had come due.</summary>
    public async Task<OperationResult> SkipWaitAsync(Guid instanceId, string actor, CancellationToken ct)
    {
        var timer = await WaitingTimerAsync(instanceId, ct);
        if (timer is null)
        {
            return await ExistsAsync(instanceId, ct) ? OperationResult.NotApplicable("The instance is not waiting on a timer.") : OperationResult.NotFound;
        }
        if (!await timerService.FireAsync(timer.BookmarkId, $"operator:{actor}", ct, early: true, actor: actor))
        {
            return OperationResult.NotApplicable("The wait ended meanwhile.");
        }
        await JournalAsync(instanceId, "operator-action", actor, new JsonObject { ["action"] = "skip-wait", ["dueAt"] = timer.DueAt }, ct);
        return OperationResult.Done;
    }

    /// <summary>Moves the instance's waiting timer later by <paramref name="by"/>.</summary>
    public async Task<OperationResult> ExtendWaitAsync(Guid instanceId, TimeSpan by, string actor, CancellationToken ct)
    {
        if (by <= TimeSpan.Zero || by > MaxWaitExtension)
        {
            return OperationResult.Invalid(
                $"The extension ('by') must be more than 0 and at most {MaxWaitExtension.TotalDays:0} days, as a duration like \"1.00:00:00\"; got {by:c}.");
        }
        var now = store.Now;
        await using var connection = await store.DataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        Guid bookmark;
        DateTimeOffset due;
        await using (var command = Sql.Command(connection, transaction, """
            UPDATE workflow_bookmarks SET due_at = due_at + @by
            WHERE id = (SELECT id FROM workflow_bookmarks WHERE instance_id = @id AND kind = 'timer' AND consumed_at IS NULL ORDER BY due_at LIMIT 1 FOR UPDATE)
            RETURNING id, due_at
            """, ("by", by), ("id", instanceId)))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct))
            {
                await reader.DisposeAsync();
                await transaction.RollbackAsync(ct);
                return await ExistsAsync(instanceId, ct) ? OperationResult.NotApplicable("The instance is not waiting on a timer.") : OperationResult.NotFound;
            }
            bookmark = reader.GetGuid(0);
            due = reader.GetFieldValue<DateTimeOffset>(1);
        }
        await InstanceStore.InsertJournalAsync(connection, transaction, instanceId, now,
            [new JournalEntry("operator-action", null, actor, new JsonObject { ["action"] = "extend-wait", ["by"] = by.ToString("c"), ["dueAt"] = due })], ct);
        await transaction.CommitAsync(ct);
        // The old alarm finds the bookmark not yet due and does nothing. If the node dies before the next line, the
        // backstop sweep fires the timer.
        alarms.Schedule([due]);
        return OperationResult.Done;
    }

    /// <summary>Resumes a faulted instance at the step that faulted, with a fresh retry budget.</summary>
    public async Task<OperationResult> RetryAsync(Guid instanceId, string actor, CancellationToken ct)
    {
        var now = store.Now;
        await using var connection = await store.DataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var updated = await Sql.ExecuteAsync(connection, transaction, $"""
            UPDATE workflow_instances SET status = '{InstanceStatusNames.Running}', attempt = 0, incident = NULL, run_after = @now, updated_at = @now, revision = revision + 1
            WHERE id = @id AND status = '{InstanceStatusNames.Faulted}'
            """, ct, ("now", now), ("id", instanceId));
        if (updated == 0)
        {
            await transaction.RollbackAsync(ct);
            return await ExistsAsync(instanceId, ct) ? OperationResult.NotApplicable("Only a faulted instance can be retried.") : OperationResult.NotFound;
        }
        await InstanceStore.InsertJournalAsync(connection, transaction, instanceId, now,
            [new JournalEntry("operator-action", null, actor, new JsonObject { ["action"] = "retry" })], ct);
        await transaction.CommitAsync(ct);
        wakeUp.Wake();
        return OperationResult.Done;
    }

    /// <summary>
    /// Ends the instance and every descendant that has not finished; their waits are cancelled. A <paramref name="reason"/>
    /// goes into the instance's journal entry.
    /// </summary>
    public async Task<OperationResult> CancelAsync(Guid instanceId, string actor, CancellationToken ct, string? reason = null)
    {
        var now = store.Now;
        await using var connection = await store.DataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var cancelled = new List<Guid>();
        await using (var command = Sql.Command(connection, transaction, $"""
            WITH RECURSIVE tree AS (
                SELECT id FROM workflow_instances WHERE id = @id
                UNION ALL
                SELECT child.id FROM workflow_instances child JOIN tree ON child.parent_id = tree.id)
            UPDATE workflow_instances i
            SET status = '{InstanceStatusNames.Cancelled}', run_after = NULL, lease_owner = NULL, lease_expires_at = NULL, completed_at = @now,
                updated_at = @now, revision = revision + 1
            FROM tree WHERE i.id = tree.id AND i.status IN {InstanceStatusNames.LiveSql}
            RETURNING i.id
            """, ("id", instanceId), ("now", now)))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                cancelled.Add(reader.GetGuid(0));
            }
        }
        if (cancelled.Count == 0)
        {
            await transaction.RollbackAsync(ct);
            return await ExistsAsync(instanceId, ct) ? OperationResult.NotApplicable("The instance has already ended.") : OperationResult.NotFound;
        }
        // A cancelled timer's alarm still runs and finds nothing due: alarms are never unscheduled.
        await Sql.ExecuteAsync(connection, transaction, """
            UPDATE workflow_bookmarks SET consumed_at = @now, consumed_by = 'cancelled'
            WHERE instance_id = ANY(@ids) AND consumed_at IS NULL
            """, ct, ("now", now), ("ids", cancelled.ToArray()));
        string? finishedRun = null;
        await using (var parent = Sql.Command(connection, transaction, "SELECT parent_id, definition_id FROM workflow_instances WHERE id = @id", ("id", instanceId)))
        {
            Guid? parentId = null;
            await using (var reader = await parent.ExecuteReaderAsync(ct))
            {
                if (await reader.ReadAsync(ct))
                {
                    parentId = reader.IsDBNull(0) ? null : reader.GetGuid(0);
                    finishedRun = parentId is null ? reader.GetString(1) : null;
                }
            }
            if (parentId is { } id)
            {
                // A cancelled child counts as finished: its parent may be waiting for it alone.
                await InstanceStore.JoinParentAsync(connection, transaction, id, now, ct);
            }
        }
        foreach (var id in cancelled)
        {
            await InstanceStore.InsertJournalAsync(connection, transaction, id, now,
                [new JournalEntry("cancelled", null, actor, new JsonObject
                {
                    ["by"] = id == instanceId ? "operator" : $"parent {instanceId}",
                    ["reason"] = id == instanceId ? reason : null,
                })], ct);
        }
        await transaction.CommitAsync(ct);
        if (finishedRun is not null)
        {
            Telemetry.OrchestratorTelemetry.RunsFinished.Add(1, Telemetry.OrchestratorTelemetry.Tags("audit", finishedRun, "status", InstanceStatusNames.Cancelled));
        }
        return OperationResult.Done;
    }

    /// <summary>Moves the instance to another version of its definition; refused when its current step is not there.</summary>
    public async Task<OperationResult> MigrateAsync(Guid instanceId, int version, string actor, CancellationToken ct)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        string definitionId;
        string? currentStep;
        int fromVersion;
        string status;
        await using (var command = Sql.Command(connection, transaction,
            "SELECT definition_id, current_step, definition_version, status FROM workflow_instances WHERE id = @id FOR UPDATE", ("id", instanceId)))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct))
            {
                return OperationResult.NotFound;
            }
            definitionId = reader.GetString(0);
            currentStep = reader.IsDBNull(1) ? null : reader.GetString(1);
            fromVersion = reader.GetInt32(2);
            status = reader.GetString(3);
        }
        if (InstanceStatusNames.IsFinished(status))
        {
            return OperationResult.NotApplicable("The instance has already ended.");
        }
        var target = await definitions.FindAsync(definitionId, version, ct);
        if (target is null)
        {
            return OperationResult.NotApplicable($"Definition '{definitionId}' has no version {version}.");
        }
        if (currentStep is not null && !target.TryGetStep(currentStep, out _))
        {
            return OperationResult.NotApplicable($"The instance is at step '{currentStep}', which version {version} does not have.");
        }
        var now = store.Now;
        await Sql.ExecuteAsync(connection, transaction,
            "UPDATE workflow_instances SET definition_version = @version, updated_at = @now, revision = revision + 1 WHERE id = @id", ct,
            ("version", version), ("now", now), ("id", instanceId));
        await InstanceStore.InsertJournalAsync(connection, transaction, instanceId, now,
            [new JournalEntry("operator-action", currentStep, actor, new JsonObject { ["action"] = "migrate", ["from"] = fromVersion, ["to"] = version })], ct);
        await transaction.CommitAsync(ct);
        return OperationResult.Done;
    }

    private async Task<TimerBookmark?> WaitingTimerAsync(Guid instanceId, CancellationToken ct)
    {
        await using var command = store.DataSource.CreateCommand(
            "SELECT id, due_at FROM workflow_bookmarks WHERE instance_id = $1 AND kind = 'timer' AND consumed_at IS NULL ORDER BY due_at LIMIT 1");
        command.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new TimerBookmark(reader.GetGuid(0), instanceId, reader.GetFieldValue<DateTimeOffset>(1)) : null;
    }

    private async Task<bool> ExistsAsync(Guid instanceId, CancellationToken ct)
    {
        await using var command = store.DataSource.CreateCommand("SELECT 1 FROM workflow_instances WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    private async Task JournalAsync(Guid instanceId, string kind, string actor, JsonObject data, CancellationToken ct)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await InstanceStore.InsertJournalAsync(connection, transaction, instanceId, store.Now, [new JournalEntry(kind, null, actor, data)], ct);
        await transaction.CommitAsync(ct);
    }
}
