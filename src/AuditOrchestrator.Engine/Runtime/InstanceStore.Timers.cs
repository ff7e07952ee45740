namespace AuditOrchestrator.Engine.Runtime;

public sealed partial class InstanceStore
{
    /// <summary>The distinct due times of every waiting timer, earliest first.</summary>
    public async Task<IReadOnlyList<DateTimeOffset>> WaitingTimerDueTimesAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT DISTINCT due_at FROM workflow_bookmarks WHERE kind = 'timer' AND consumed_at IS NULL ORDER BY due_at");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var dueTimes = new List<DateTimeOffset>();
        while (await reader.ReadAsync(ct))
        {
            dueTimes.Add(reader.GetFieldValue<DateTimeOffset>(0));
        }
        return dueTimes;
    }
}
