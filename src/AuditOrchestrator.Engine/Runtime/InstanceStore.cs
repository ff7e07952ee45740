using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;

namespace AuditOrchestrator.Engine.Runtime;

/// <summary>The runtime's rows: instances, journal, bookmarks, effects. Every change of an instance is one transaction.</summary>
public sealed partial class InstanceStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    internal NpgsqlDataSource DataSource => dataSource;

    internal DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Children are written this many to a round trip: a fan-out of a thousand items costs a few, not two thousand.</summary>
    private const int InstancesPerBatch = 250;

    internal static Task InsertInstanceAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, NewInstance instance, DateTimeOffset now, string? actor, CancellationToken ct) =>
        InsertInstancesAsync(connection, transaction, [instance], now, actor, ct);

    /// <summary>Each instance with its "started" journal entry.</summary>
    internal static async Task InsertInstancesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<NewInstance> instances, DateTimeOffset now, string? actor, CancellationToken ct)
    {
        foreach (var chunk in instances.Chunk(InstancesPerBatch))
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var instance in chunk)
            {
                batch.BatchCommands.Add(InsertInstanceCommand(instance, now));
                batch.BatchCommands.Add(JournalCommand(instance.Id, now,
                    new JournalEntry("started", null, actor, new JsonObject { ["definition"] = instance.DefinitionId, ["version"] = instance.DefinitionVersion })));
            }
            await batch.ExecuteNonQueryAsync(ct);
        }
    }

    internal static async Task InsertJournalAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid instanceId, DateTimeOffset now, IReadOnlyList<JournalEntry> entries, CancellationToken ct)
    {
        if (entries.Count == 0)
        {
            return;
        }
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var entry in entries)
        {
            batch.BatchCommands.Add(JournalCommand(instanceId, now, entry));
        }
        await batch.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlBatchCommand InsertInstanceCommand(NewInstance instance, DateTimeOffset now)
    {
        var command = new NpgsqlBatchCommand($"""
            INSERT INTO workflow_instances (id, definition_id, definition_version, status, current_step, variables, parent_id,
                                            correlation_key, run_after, created_at, updated_at)
            VALUES ($1, $2, $3, '{InstanceStatusNames.Running}', $4, $5, $6, $7, $8, $8, $8)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = instance.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = instance.DefinitionId });
        command.Parameters.Add(new NpgsqlParameter { Value = instance.DefinitionVersion });
        command.Parameters.Add(new NpgsqlParameter { Value = instance.StartStep });
        command.Parameters.Add(new NpgsqlParameter { Value = instance.Variables.ToJsonString(), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)instance.ParentId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)instance.CorrelationKey ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        return command;
    }

    private static NpgsqlBatchCommand JournalCommand(Guid instanceId, DateTimeOffset now, JournalEntry entry)
    {
        var command = new NpgsqlBatchCommand(
            "INSERT INTO workflow_journal (instance_id, at, kind, step_id, actor, data) VALUES ($1, $2, $3, $4, $5, $6::jsonb)");
        command.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        command.Parameters.Add(new NpgsqlParameter { Value = entry.Kind });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.StepId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.Actor ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.Data?.ToJsonString() ?? DBNull.Value });
        return command;
    }

    /// <summary>
    /// Writes, in its own transaction and before the call, that an attempt of the side effect <paramref name="key"/> starts.
    /// False when an earlier attempt already started: it may have reached the outside system before its node died or
    /// its answer was lost, so this one must look for what it left before acting.
    /// </summary>
    internal async Task<bool> StartEffectAttemptAsync(Guid instance, string key, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO workflow_effect_attempts (key, instance_id, started_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        command.Parameters.Add(new NpgsqlParameter { Value = instance });
        command.Parameters.Add(new NpgsqlParameter { Value = Now });
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>The recorded result of a side effect, wrapped as <c>{"value": …}</c> so that a null result still reads as done.</summary>
    internal async Task<JsonObject?> FindEffectAsync(string key, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT result FROM workflow_effects WHERE key = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        return await command.ExecuteScalarAsync(ct) is string json ? JsonNode.Parse(json) as JsonObject : null;
    }
}

/// <summary>An instance about to be inserted.</summary>
internal sealed record NewInstance(Guid Id, string DefinitionId, int DefinitionVersion, string StartStep, JsonObject Variables, Guid? ParentId, string? CorrelationKey);
