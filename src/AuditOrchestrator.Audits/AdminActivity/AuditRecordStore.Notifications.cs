using Npgsql;

namespace AuditOrchestrator.Audits.AdminActivity;

/// <summary>One recorded status change of a source and where it was delivered.</summary>
public sealed record SourceNotification(
    long Id, string Source, SourceStatus From, SourceStatus To, string Message, DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt, IReadOnlyList<string> DeliveredTo, string? DeliveryError)
{
    /// <summary>The idempotency key carried by the Slack message, so a retried delivery finds the first one.</summary>
    public string Key => $"source-notification-{Id}";
}

/// <summary>Status changes, recorded once each.</summary>
public sealed partial class AuditRecordStore
{
    /// <summary>
    /// Records the change from the last notified status to <paramref name="to"/>, once: of two nodes evaluating the same
    /// change only one moves <c>notified_status</c>, and only that one inserts the notification. Null when it was not this call.
    /// </summary>
    public async Task<long?> RecordTransitionAsync(
        string name, SourceStatus from, SourceStatus to, string message, DateTimeOffset serviceNow, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH moved AS (
                UPDATE source_status SET notified_status = $3 WHERE name = $1 AND notified_status = $2 RETURNING name
            )
            INSERT INTO source_notifications (source, from_status, to_status, message, created_at)
            SELECT name, $2, $3, $4, $5 FROM moved
            RETURNING id
            """);
        command.Parameters.Add(new() { Value = name });
        command.Parameters.Add(new() { Value = from.Name() });
        command.Parameters.Add(new() { Value = to.Name() });
        command.Parameters.Add(new() { Value = message });
        command.Parameters.Add(new() { Value = serviceNow });
        return await command.ExecuteScalarAsync(cancellationToken) is long id ? id : null;
    }

    public async Task<IReadOnlyList<SourceNotification>> NotificationsAsync(string name, bool pendingOnly, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT id, source, from_status, to_status, message, created_at, delivered_at, delivered_to, delivery_error
            FROM source_notifications WHERE source = $1 {(pendingOnly ? "AND delivered_at IS NULL" : "")} ORDER BY id
            """);
        command.Parameters.Add(new() { Value = name });
        var list = new List<SourceNotification>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new SourceNotification(
                reader.GetInt64(0), reader.GetString(1), SourceHealth.Parse(reader.GetString(2)), SourceHealth.Parse(reader.GetString(3)),
                reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5), Time(reader, 6), reader.GetFieldValue<string[]>(7),
                reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return list;
    }

    /// <summary>Where the notification went; <paramref name="done"/> false leaves it pending for the next pass to retry.</summary>
    public async Task RecordDeliveryAsync(long id, IReadOnlyList<string> deliveredTo, string? error, bool done, DateTimeOffset serviceNow, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE source_notifications SET delivered_to = $2, delivery_error = $3, delivered_at = CASE WHEN $4 THEN $5 END WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = deliveredTo.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)error ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = done });
        command.Parameters.Add(new() { Value = serviceNow });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
