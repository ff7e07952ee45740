using System.Text.Json.Nodes;
using Npgsql;

namespace AuditOrchestrator.Engine.Runtime;

/// <summary>The runtime's rows: instances, journal, bookmarks, effects. Every change of an instance is one transaction.</summary>
public sealed partial class InstanceStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    internal NpgsqlDataSource DataSource => dataSource;

    internal DateTimeOffset Now => clock.GetUtcNow();

    internal static async Task InsertInstanceAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, NewInstance instance, DateTimeOffset now, string? actor, CancellationToken ct)
    {
        await Sql.ExecuteAsync(connection, transaction, """
            INSERT INTO workflow_instances (id, definition_id, definition_version, status, current_step, variables, parent_id,
                                            correlation_key, run_after, created_at, updated_at)
            VALUES (@id, @definition, @version, 'running', @step, @variables, @parent::uuid, @key::text, @now, @now, @now)
            """, ct,
            ("id", instance.Id), ("definition", instance.DefinitionId), ("version", instance.DefinitionVersion), ("step", instance.StartStep),
            ("variables", instance.Variables), ("parent", instance.ParentId), ("key", instance.CorrelationKey), ("now", now));
        await InsertJournalAsync(connection, transaction, instance.Id, now,
            [new JournalEntry("started", null, actor, new JsonObject { ["definition"] = instance.DefinitionId, ["version"] = instance.DefinitionVersion })], ct);
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
            var command = new NpgsqlBatchCommand(
                "INSERT INTO workflow_journal (instance_id, at, kind, step_id, actor, data) VALUES ($1, $2, $3, $4, $5, $6::jsonb)");
            command.Parameters.Add(new NpgsqlParameter { Value = instanceId });
            command.Parameters.Add(new NpgsqlParameter { Value = now });
            command.Parameters.Add(new NpgsqlParameter { Value = entry.Kind });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.StepId ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.Actor ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.Data?.ToJsonString() ?? DBNull.Value });
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(ct);
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
