using System.Text.Json.Nodes;

namespace AuditOrchestrator.Engine.Runtime;

/// <summary>
/// What code outside a running step may add to or read from an instance's record: a journal entry for something done
/// on the instance's behalf (an issue reopened by a guard), and the due time of the wait a bookmark belonged to.
/// </summary>
public sealed class InstanceJournal(InstanceStore store)
{
    public async Task AppendAsync(Guid instanceId, string kind, string? actor, JsonObject? data, CancellationToken ct)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await InstanceStore.InsertJournalAsync(connection, transaction, instanceId, store.Now, [new JournalEntry(kind, null, actor, data)], ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// The due time of the timer that waited beside <paramref name="bookmarkId"/> (as extended by an operator), or null
    /// when its wait had none: a step that goes on waiting after a resume that did not count keeps its deadline.
    /// </summary>
    public async Task<DateTimeOffset?> TimerOfWaitAsync(Guid bookmarkId, CancellationToken ct)
    {
        await using var command = store.DataSource.CreateCommand("""
            SELECT due_at FROM workflow_bookmarks
            WHERE wait_id = (SELECT wait_id FROM workflow_bookmarks WHERE id = $1) AND kind = 'timer'
            ORDER BY due_at LIMIT 1
            """);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = bookmarkId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? reader.GetFieldValue<DateTimeOffset>(0) : null;
    }
}
