using Npgsql;

namespace AuditOrchestrator.IntegrationTests.Infrastructure;

/// <summary>Instance rows written straight into the database, for tests of the engine's queries over many or odd instances.</summary>
public static class SeededInstances
{
    /// <summary>An instance of no definition, with <paramref name="variables"/> (JSON) and an optional parent.</summary>
    public static async Task InsertAsync(NpgsqlConnection connection, Guid id, Guid? parent, string status, string variables)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO workflow_instances (id, definition_id, definition_version, status, variables, parent_id, created_at, updated_at)
            VALUES ($1, 'not-a-definition', 1, $2, $3::jsonb, $4, now(), now())
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = status });
        command.Parameters.Add(new NpgsqlParameter { Value = variables });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)parent ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        await command.ExecuteNonQueryAsync();
    }
}
