using System.Text.Json.Nodes;
using Npgsql;

namespace AuditOrchestrator.Engine.Runtime;

public sealed partial class InstanceStore
{
    /// <summary>
    /// Consumes a bookmark and cancels the other bookmarks of its wait, then makes the instance runnable with what
    /// resumed it. The wait's rows are locked first, so of two racing consumers (a signal and its timeout) exactly one
    /// wins. False when the bookmark was already consumed or cancelled.
    /// </summary>
    internal static async Task<bool> ConsumeAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid bookmarkId, string consumedBy,
        Func<BookmarkRow, ResumeInfo> resume, DateTimeOffset now, List<JournalEntry>? journal, CancellationToken ct,
        Func<BookmarkRow, bool>? stillApplies = null)
    {
        var rows = await LockWaitAsync(connection, transaction, bookmarkId, ct);
        var target = rows.FirstOrDefault(r => r.Id == bookmarkId);
        if (target is null || target.Consumed || (stillApplies is not null && !stillApplies(target)))
        {
            return false;
        }
        await Sql.ExecuteAsync(connection, transaction, """
            UPDATE workflow_bookmarks SET consumed_at = @now,
                   consumed_by = CASE WHEN id = @id THEN @by ELSE 'cancelled:' || @by END
            WHERE wait_id = @wait AND consumed_at IS NULL
            """, ct, ("now", now), ("id", bookmarkId), ("by", consumedBy), ("wait", target.WaitId));
        var info = resume(target);
        await SetRunnableAsync(connection, transaction, target.InstanceId, info, now, ct);
        var entry = new JournalEntry("resumed", target.StepId, info.Actor, new JsonObject { ["by"] = consumedBy, ["kind"] = info.Kind });
        if (journal is null)
        {
            await InsertJournalAsync(connection, transaction, target.InstanceId, now, [entry], ct);
        }
        else
        {
            journal.Add(entry);
        }
        return true;
    }

    private static async Task<List<BookmarkRow>> LockWaitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid bookmarkId, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, transaction, """
            SELECT id, instance_id, wait_id, step_id, kind, signal_name, due_at, consumed_at IS NOT NULL
            FROM workflow_bookmarks
            WHERE wait_id = (SELECT wait_id FROM workflow_bookmarks WHERE id = @id)
            ORDER BY id FOR UPDATE
            """, ("id", bookmarkId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<BookmarkRow>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new BookmarkRow(reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6), reader.GetBoolean(7)));
        }
        return rows;
    }

    /// <summary>The oldest signal of this name and key that no bookmark has taken yet; marks it taken.</summary>
    private static async Task<(Guid InboxId, JsonNode? Payload, string? Actor, string? TraceParent)?> TakePendingSignalAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, BookmarkRequest.Signal signal, Guid instanceId, DateTimeOffset now, CancellationToken ct)
    {
        Guid inboxId;
        string? payload;
        string? actor;
        string? traceParent;
        await using (var command = Sql.Command(connection, transaction, """
            SELECT id, payload::text, actor, trace_parent FROM workflow_inbox
            WHERE signal_name = @name AND correlation_key = @key AND consumed_at IS NULL
            ORDER BY received_at, id LIMIT 1
            """, ("name", signal.Name), ("key", signal.CorrelationKey)))
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }
            inboxId = reader.GetGuid(0);
            payload = reader.IsDBNull(1) ? null : reader.GetString(1);
            actor = reader.IsDBNull(2) ? null : reader.GetString(2);
            traceParent = reader.IsDBNull(3) ? null : reader.GetString(3);
        }
        await MarkTakenAsync(connection, transaction, inboxId, instanceId, now, ct);
        return (inboxId, payload is null ? null : JsonNode.Parse(payload), actor, traceParent);
    }

    /// <summary>
    /// Marks an inbox row consumed by <paramref name="instanceId"/> and records its delivery key in the ledger of taken
    /// signals, which outlives the inbox row (Retention__Inbox) for as long as the run keeps its journal.
    /// </summary>
    internal static async Task MarkTakenAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid inboxId, Guid instanceId, DateTimeOffset now, CancellationToken ct)
    {
        await Sql.ExecuteAsync(connection, transaction, """
            WITH taken AS (
                UPDATE workflow_inbox SET consumed_at = @now, consumed_by = @instance WHERE id = @id
                RETURNING delivery_key, signal_name)
            INSERT INTO workflow_taken_signals (delivery_key, instance_id, signal_name, taken_at)
            SELECT delivery_key, @instance, signal_name, @now FROM taken
            ON CONFLICT (delivery_key) DO NOTHING
            """, ct, ("now", now), ("instance", instanceId), ("id", inboxId));
    }

    /// <summary>
    /// Called in the transaction of a child that just finished. The parent's row lock serialises siblings finishing
    /// together, so exactly one of them sees that none is left and resumes the parent.
    /// </summary>
    internal static async Task JoinParentAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid parentId, DateTimeOffset now, CancellationToken ct, bool parentIsWriting = false)
    {
        if (!parentIsWriting)
        {
            await Sql.ExecuteAsync(connection, transaction, "SELECT 1 FROM workflow_instances WHERE id = @id FOR UPDATE", ct, ("id", parentId));
        }
        // Most completions are not the last: answer that in the database, so a fan-out of n items costs n small
        // queries, not n reads of every sibling.
        await using (var anyUnfinished = Sql.Command(connection, transaction,
            $"SELECT EXISTS (SELECT 1 FROM workflow_instances WHERE parent_id = @id AND status NOT IN {InstanceStatusNames.FinishedSql})", ("id", parentId)))
        {
            if (await anyUnfinished.ExecuteScalarAsync(ct) is true)
            {
                return;
            }
        }
        var outcomes = new JsonArray();
        var unfinished = 0;
        await using (var command = Sql.Command(connection, transaction,
            "SELECT id, status, outcome FROM workflow_instances WHERE parent_id = @id ORDER BY created_at, id", ("id", parentId)))
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var status = InstanceStatusNames.Parse(reader.GetString(1));
                if (!status.IsFinished())
                {
                    unfinished++;
                }
                outcomes.Add(new JsonObject
                {
                    ["id"] = reader.GetGuid(0).ToString(),
                    ["status"] = InstanceStatusNames.ToName(status),
                    ["outcome"] = reader.IsDBNull(2) ? null : reader.GetString(2),
                });
            }
        }
        if (unfinished > 0)
        {
            return;
        }
        Guid? bookmark = null;
        await using (var command = Sql.Command(connection, transaction,
            "SELECT id FROM workflow_bookmarks WHERE instance_id = @id AND kind = 'children' AND consumed_at IS NULL", ("id", parentId)))
        {
            if (await command.ExecuteScalarAsync(ct) is Guid id)
            {
                bookmark = id;
            }
        }
        if (bookmark is { } bookmarkId)
        {
            await ConsumeAsync(connection, transaction, bookmarkId, "children",
                row => new ResumeInfo(ResumeInfo.ChildrenKind, row.Id, null, new JsonObject { ["children"] = outcomes }, null), now, null, ct);
        }
    }
}

internal sealed record BookmarkRow(Guid Id, Guid InstanceId, Guid WaitId, string StepId, string Kind, string? SignalName, DateTimeOffset? DueAt, bool Consumed);
