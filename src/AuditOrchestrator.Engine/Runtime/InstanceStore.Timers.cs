namespace AuditOrchestrator.Engine.Runtime;

public sealed partial class InstanceStore
{
    /// <summary>Waiting timer bookmarks, earliest first.</summary>
    internal async Task<IReadOnlyList<TimerBookmark>> WaitingTimersAsync(int limit, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, instance_id, due_at FROM workflow_bookmarks
            WHERE kind = 'timer' AND consumed_at IS NULL ORDER BY due_at LIMIT $1
            """);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = limit });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var timers = new List<TimerBookmark>();
        while (await reader.ReadAsync(ct))
        {
            timers.Add(new TimerBookmark(reader.GetGuid(0), reader.GetGuid(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }
        return timers;
    }
}
