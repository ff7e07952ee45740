using Npgsql;

namespace AuditOrchestrator.Api.Webhooks;

/// <summary>A stored delivery waiting to be turned into signals.</summary>
public sealed record StoredDelivery(Guid Id, string DeliveryKey, string EventType, string Body, int Attempts, string? TraceParent = null);

/// <summary>What processing a delivery came to.</summary>
public sealed record ProcessedDelivery(string Outcome, int Signals);

/// <summary>
/// The <c>webhook_deliveries</c> table: every delivery is written here before GitLab gets its 200, deduplicated by its
/// delivery key, then claimed and processed. Times are real (operational), not the service clock.
/// </summary>
public sealed class WebhookDeliveries(NpgsqlDataSource dataSource)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);
    private readonly TimeProvider realTime = TimeProvider.System;

    /// <summary>Stores a delivery; false when its key was seen before (a replay: nothing changes).</summary>
    public async Task<bool> StoreAsync(string deliveryKey, string eventType, long? projectId, long? iid, string body, CancellationToken ct,
        string? traceParent = null)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO webhook_deliveries (id, delivery_key, event_type, project_id, issue_iid, received_at, body, trace_parent)
            VALUES (@id, @key, @event, @project, @iid, @now, @body, @trace) ON CONFLICT (delivery_key) DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter("trace", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)traceParent ?? DBNull.Value });
        var now = realTime.GetUtcNow();
        command.Parameters.AddWithValue("id", Guid.CreateVersion7(now));
        command.Parameters.AddWithValue("key", deliveryKey);
        command.Parameters.AddWithValue("event", eventType);
        command.Parameters.AddWithValue("project", (object?)projectId ?? DBNull.Value);
        command.Parameters.AddWithValue("iid", iid is { } i ? checked((int)i) : DBNull.Value);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("body", body);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Deletes processed deliveries received more than <paramref name="keep"/> ago; returns how many.</summary>
    public async Task<int> PurgeAsync(TimeSpan keep, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "DELETE FROM webhook_deliveries WHERE processed_at IS NOT NULL AND received_at < @before");
        command.Parameters.AddWithValue("before", realTime.GetUtcNow() - keep);
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Claims the oldest unprocessed delivery (skipping those another node holds) and records what
    /// <paramref name="process"/> made of it; false when none is due. A failure is retried later with a growing pause,
    /// and given up after <paramref name="maxAttempts"/>.
    /// </summary>
    public async Task<bool> ProcessNextAsync(
        Func<StoredDelivery, CancellationToken, Task<ProcessedDelivery>> process, int maxAttempts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(process);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        StoredDelivery? delivery = null;
        await using (var claim = new NpgsqlCommand("""
            SELECT id, delivery_key, event_type, body, attempts, trace_parent FROM webhook_deliveries
            WHERE processed_at IS NULL AND (retry_after IS NULL OR retry_after <= @now)
            ORDER BY received_at, id LIMIT 1 FOR UPDATE SKIP LOCKED
            """, connection, transaction))
        {
            claim.Parameters.AddWithValue("now", realTime.GetUtcNow());
            await using var reader = await claim.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                delivery = new StoredDelivery(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5));
            }
        }

        if (delivery is null)
        {
            await transaction.RollbackAsync(ct);
            return false;
        }

        // If the process dies from here to the commit, the row stays unprocessed and is claimed again: its signals are
        // delivered a second time and the inbox drops them as duplicates.
        await using var update = new NpgsqlCommand("", connection, transaction);
        var now = realTime.GetUtcNow();
        update.Parameters.AddWithValue("id", delivery.Id);
        update.Parameters.AddWithValue("now", now);
        try
        {
            var result = await process(delivery, ct);
            update.CommandText = """
                UPDATE webhook_deliveries SET processed_at = @now, outcome = @outcome, signals = @signals, attempts = attempts + 1,
                    retry_after = NULL, last_error = NULL WHERE id = @id
                """;
            update.Parameters.AddWithValue("outcome", result.Outcome);
            update.Parameters.AddWithValue("signals", result.Signals);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var attempts = delivery.Attempts + 1;
            var pause = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, attempts), MaxBackoff.TotalSeconds));
            update.CommandText = attempts >= maxAttempts
                ? "UPDATE webhook_deliveries SET processed_at = @now, outcome = 'failed', attempts = @attempts, last_error = @error WHERE id = @id"
                : "UPDATE webhook_deliveries SET attempts = @attempts, retry_after = @retry, last_error = @error WHERE id = @id";
            update.Parameters.AddWithValue("attempts", attempts);
            update.Parameters.AddWithValue("retry", now + pause);
            update.Parameters.AddWithValue("error", $"{e.GetType().Name}: {e.Message}");
        }

        await update.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }
}
