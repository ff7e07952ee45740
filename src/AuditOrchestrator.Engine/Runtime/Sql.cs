using AuditOrchestrator.Engine.Persistence;
using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;

namespace AuditOrchestrator.Engine.Runtime;

/// <summary>Small helpers for the runtime's hand-written SQL.</summary>
internal static class Sql
{
    public static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(value is JsonNode json
                ? new NpgsqlParameter(name, NpgsqlDbType.Jsonb) { Value = json.ToJsonString() }
                : new NpgsqlParameter(name, value ?? DBNull.Value));
        }
        return command;
    }

    public static NpgsqlParameter Jsonb(string name, JsonNode? value) =>
        new(name, NpgsqlDbType.Jsonb) { Value = value is null ? DBNull.Value : value.ToJsonString() };

    public static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Serialises everyone matching signals of one name and key: the signal side and the bookmark side.</summary>
    public static Task LockSignalKeyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, string key, CancellationToken ct) =>
        AdvisoryLock.TakeForTransactionAsync(connection, transaction, AdvisoryLocks.Signal(name, key), ct);

    public static JsonObject? ReadJsonObject(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : JsonNode.Parse(reader.GetString(ordinal)) as JsonObject;
}
