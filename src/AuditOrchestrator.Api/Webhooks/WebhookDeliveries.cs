using AuditOrchestrator.Engine.Runtime;
using Microsoft.Extensions.Options;
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
public sealed class WebhookDeliveries(NpgsqlDataSource dataSource, IOptions<ExecutorOptions> executor)
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
    /// Claims the oldest unprocessed delivery that nobody holds and records what <paramref name="process"/> made of it;
    /// false when none is due. A failure is retried later with a growing pause, and given up after
    /// <paramref name="maxAttempts"/>. No row lock or transaction is held while the delivery is processed (which may
    /// call GitLab): the claim is a lease on the database's clock, renewed every third of it while processing.
    /// </summary>
    public async Task<bool> ProcessNextAsync(
        Func<StoredDelivery, CancellationToken, Task<ProcessedDelivery>> process, int maxAttempts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(process);
        var claim = $"{executor.Value.NodeId}/{Guid.NewGuid():N}";
        if (await ClaimAsync(claim, ct) is not { } delivery)
        {
            return false;
        }

        // claimed_by stays after the outcome is written: which node processed the delivery (last).
        // If the process dies from here to the outcome's update, the lease runs out and another node claims the
        // delivery again: its signals are delivered a second time and the inbox drops them as duplicates.
        await using var update = dataSource.CreateCommand("");
        update.Parameters.AddWithValue("id", delivery.Id);
        update.Parameters.AddWithValue("claim", claim);
        using (var renewal = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            var renewing = RenewWhileProcessingAsync(delivery.Id, claim, renewal.Token);
            try
            {
                var result = await process(delivery, ct);
                update.CommandText = """
                    UPDATE webhook_deliveries SET processed_at = @now, outcome = @outcome, signals = @signals, attempts = attempts + 1,
                        retry_after = NULL, last_error = NULL, claim_expires_at = NULL
                    WHERE id = @id AND claimed_by = @claim
                    """;
                update.Parameters.AddWithValue("outcome", result.Outcome);
                update.Parameters.AddWithValue("signals", result.Signals);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // The node is stopping: hand the delivery back at once rather than when the lease runs out.
                update.CommandText = "UPDATE webhook_deliveries SET claimed_by = NULL, claim_expires_at = NULL WHERE id = @id AND claimed_by = @claim";
                await renewal.CancelAsync();
                await renewing;
                await update.ExecuteNonQueryAsync(CancellationToken.None);
                throw;
            }
            catch (Exception e)
            {
                var attempts = delivery.Attempts + 1;
                var pause = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, attempts), MaxBackoff.TotalSeconds));
                update.CommandText = attempts >= maxAttempts
                    ? """
                      UPDATE webhook_deliveries SET processed_at = @now, outcome = 'failed', attempts = @attempts, last_error = @error,
                          claim_expires_at = NULL WHERE id = @id AND claimed_by = @claim
                      """
                    : """
                      UPDATE webhook_deliveries SET attempts = @attempts, retry_after = @retry, last_error = @error,
                          claim_expires_at = NULL WHERE id = @id AND claimed_by = @claim
                      """;
                update.Parameters.AddWithValue("attempts", attempts);
                update.Parameters.AddWithValue("retry", realTime.GetUtcNow() + pause);
                update.Parameters.AddWithValue("error", $"{e.GetType().Name}: {e.Message}");
            }

            await renewal.CancelAsync();
            await renewing;
        }

        update.Parameters.AddWithValue("now", realTime.GetUtcNow());
        // Zero rows: the lease ran out (a stalled node) and another node took the delivery over; its outcome stands.
        await update.ExecuteNonQueryAsync(ct);
        return true;
    }

    private async Task<StoredDelivery?> ClaimAsync(string claim, CancellationToken ct)
    {
        // One statement, committed at once: the row lock lasts only while the claim is written. A delivery waits while
        // an earlier one of its issue is unprocessed (claimed elsewhere, or pausing before a retry): one issue's
        // answers reach its runs in the order GitLab sent them, and different issues' are processed in parallel.
        await using var command = dataSource.CreateCommand("""
            UPDATE webhook_deliveries SET claimed_by = @claim, claim_expires_at = clock_timestamp() + @lease
            WHERE id = (SELECT d.id FROM webhook_deliveries d
                        WHERE d.processed_at IS NULL AND (d.retry_after IS NULL OR d.retry_after <= @now)
                          AND (d.claim_expires_at IS NULL OR d.claim_expires_at <= clock_timestamp())
                          AND NOT EXISTS (
                              SELECT 1 FROM webhook_deliveries earlier
                              WHERE earlier.processed_at IS NULL AND earlier.project_id = d.project_id AND earlier.issue_iid = d.issue_iid
                                AND (earlier.received_at, earlier.id) < (d.received_at, d.id))
                        ORDER BY d.received_at, d.id LIMIT 1 FOR UPDATE OF d SKIP LOCKED)
            RETURNING id, delivery_key, event_type, body, attempts, trace_parent
            """);
        command.Parameters.AddWithValue("claim", claim);
        command.Parameters.AddWithValue("lease", executor.Value.LeaseDuration);
        command.Parameters.AddWithValue("now", realTime.GetUtcNow());
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new StoredDelivery(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetString(5))
            : null;
    }

    /// <summary>Keeps the claim alive until <paramref name="ct"/> ends; a failed renewal is tried again at the next tick.</summary>
    private async Task RenewWhileProcessingAsync(Guid id, string claim, CancellationToken ct)
    {
        var lease = executor.Value.LeaseDuration;
        using var ticks = new PeriodicTimer(lease / 3, realTime);
        try
        {
            while (await ticks.WaitForNextTickAsync(ct))
            {
                try
                {
                    await using var renew = dataSource.CreateCommand("""
                        UPDATE webhook_deliveries SET claim_expires_at = clock_timestamp() + @lease
                        WHERE id = @id AND claimed_by = @claim AND processed_at IS NULL
                        """);
                    renew.Parameters.AddWithValue("lease", lease);
                    renew.Parameters.AddWithValue("id", id);
                    renew.Parameters.AddWithValue("claim", claim);
                    await renew.ExecuteNonQueryAsync(ct);
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException)
                {
                    // The database is unreachable for now: the lease may run out and another node process the
                    // delivery too, which only repeats signals the inbox drops.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Processing ended.
        }
    }
}
