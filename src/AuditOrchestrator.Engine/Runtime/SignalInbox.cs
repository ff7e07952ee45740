using System.Diagnostics;
using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Telemetry;
using Npgsql;

namespace AuditOrchestrator.Engine.Runtime;

public enum DeliveryOutcome
{
    /// <summary>The signal resumed a waiting instance.</summary>
    Resumed,
    /// <summary>No bookmark waits for it yet: it is kept and taken by the next bookmark of its name and key.</summary>
    Pending,
    /// <summary>The same delivery key was seen before: nothing changed.</summary>
    Duplicate,
}

public sealed record Signal(string DeliveryKey, string Name, string CorrelationKey, JsonNode? Payload = null, string? Actor = null);

public sealed record DeliveryResult(DeliveryOutcome Outcome, Guid InboxId, Guid? ResumedInstance);

/// <summary>
/// Signals (webhooks, admin actions) are written to the inbox first, deduplicated by their delivery key (against the
/// inbox and the ledger of signals runs have taken), and matched to the oldest waiting bookmark of their name and key
/// in the same transaction.
/// </summary>
public sealed class SignalInbox(InstanceStore store, ExecutorWakeUp wakeUp)
{
    public async Task<DeliveryResult> DeliverAsync(Signal signal, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(signal);
        using var span = OrchestratorTelemetry.Source.StartActivity($"signal {signal.Name}");
        span?.SetTag("signal.name", signal.Name);
        span?.SetTag("signal.key", signal.CorrelationKey);
        var result = await DeliverInTransactionAsync(signal, Activity.Current?.Id, ct);
        span?.SetTag("signal.outcome", result.Outcome.ToString());
        span?.SetTag("instance.id", result.ResumedInstance);
        OrchestratorTelemetry.Signals.Add(1, OrchestratorTelemetry.Tags("signal", signal.Name, "outcome", result.Outcome.ToString().ToLowerInvariant()));
        return result;
    }

    /// <summary><paramref name="traceParent"/> is kept on the inbox row, so the step the signal resumes joins its trace.</summary>
    private async Task<DeliveryResult> DeliverInTransactionAsync(Signal signal, string? traceParent, CancellationToken ct)
    {
        var now = store.Now;
        await using var connection = await store.DataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var inboxId = Guid.CreateVersion7(now);
        // A key the inbox holds, or one a run has taken (its inbox row may be purged since), is a repeat.
        var inserted = await Sql.ExecuteAsync(connection, transaction, """
            INSERT INTO workflow_inbox (id, delivery_key, signal_name, correlation_key, payload, actor, received_at, trace_parent)
            SELECT @id, @delivery, @name, @key, @payload::jsonb, @actor::text, @now, @trace::text
            WHERE NOT EXISTS (SELECT 1 FROM workflow_taken_signals WHERE delivery_key = @delivery)
            ON CONFLICT (delivery_key) DO NOTHING
            """, ct,
            ("id", inboxId), ("delivery", signal.DeliveryKey), ("name", signal.Name), ("key", signal.CorrelationKey),
            ("payload", signal.Payload), ("actor", signal.Actor), ("now", now), ("trace", traceParent));
        if (inserted == 0)
        {
            await transaction.RollbackAsync(ct);
            return new DeliveryResult(DeliveryOutcome.Duplicate, Guid.Empty, null);
        }

        await Sql.LockSignalKeyAsync(connection, transaction, signal.Name, signal.CorrelationKey, ct);
        var resumed = await ResumeOldestWaitingAsync(connection, transaction, signal, inboxId, traceParent, now, ct);
        await transaction.CommitAsync(ct);
        if (resumed is not null)
        {
            wakeUp.Wake();
        }
        return new DeliveryResult(resumed is null ? DeliveryOutcome.Pending : DeliveryOutcome.Resumed, inboxId, resumed);
    }

    private static async Task<Guid?> ResumeOldestWaitingAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Signal signal, Guid inboxId, string? traceParent, DateTimeOffset now, CancellationToken ct)
    {
        await using var find = Sql.Command(connection, transaction, """
            SELECT id FROM workflow_bookmarks
            WHERE kind = 'signal' AND signal_name = @name AND correlation_key = @key AND consumed_at IS NULL
            ORDER BY created_at, id
            """, ("name", signal.Name), ("key", signal.CorrelationKey));
        var candidates = new List<Guid>();
        await using (var reader = await find.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                candidates.Add(reader.GetGuid(0));
            }
        }
        foreach (var bookmarkId in candidates)
        {
            Guid? instance = null;
            var journal = new List<JournalEntry>();
            var consumed = await InstanceStore.ConsumeAsync(connection, transaction, bookmarkId, $"signal:{inboxId}", row =>
            {
                instance = row.InstanceId;
                return new ResumeInfo(ResumeInfo.SignalKind, row.Id, signal.Name, signal.Payload?.DeepClone(), signal.Actor, traceParent);
            }, now, journal, ct);
            if (!consumed)
            {
                continue;
            }
            journal.Insert(0, new JournalEntry("signal-received", null, signal.Actor,
                new JsonObject { ["signal"] = signal.Name, ["key"] = signal.CorrelationKey, ["inbox"] = inboxId.ToString(), ["delivery"] = signal.DeliveryKey }));
            await InstanceStore.InsertJournalAsync(connection, transaction, instance!.Value, now, journal, ct);
            await InstanceStore.MarkTakenAsync(connection, transaction, inboxId, instance.Value, now, ct);
            return instance;
        }
        return null;
    }
}
