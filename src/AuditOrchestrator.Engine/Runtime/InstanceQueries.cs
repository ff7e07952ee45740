using System.Text.Json.Nodes;
using Npgsql;

namespace AuditOrchestrator.Engine.Runtime;

public sealed record InstanceSummary(
    Guid Id, string DefinitionId, int DefinitionVersion, string Status, string? CurrentStep, Guid? ParentId, string? CorrelationKey,
    string? Outcome, JsonObject? Incident, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt);

public sealed record JournalView(long Id, DateTimeOffset At, string Kind, string? StepId, string? Actor, JsonObject? Data);

public sealed record BookmarkView(Guid Id, string StepId, string Kind, string? Signal, string? CorrelationKey, DateTimeOffset? DueAt,
    DateTimeOffset CreatedAt, DateTimeOffset? ConsumedAt, string? ConsumedBy);

public sealed record InstanceDetail(InstanceSummary Instance, JsonObject Variables, IReadOnlyList<JournalView> Journal,
    IReadOnlyList<BookmarkView> Bookmarks, IReadOnlyList<InstanceSummary> Children);

public sealed record InstanceFilter(string? DefinitionId = null, string? Status = null, string? CorrelationKey = null, Guid? ParentId = null, int Limit = 100);

/// <summary>Reads instances for the API and the admin UI.</summary>
public sealed class InstanceQueries(NpgsqlDataSource dataSource)
{
    private const string SummaryColumns =
        "id, definition_id, definition_version, status, current_step, parent_id, correlation_key, outcome, incident::text, created_at, updated_at, completed_at";

    public async Task<IReadOnlyList<InstanceSummary>> SearchAsync(InstanceFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var command = dataSource.CreateCommand($"""
            SELECT {SummaryColumns} FROM workflow_instances
            WHERE ($1::text IS NULL OR definition_id = $1) AND ($2::text IS NULL OR status = $2)
              AND ($3::text IS NULL OR correlation_key = $3) AND ($4::uuid IS NULL OR parent_id = $4)
            ORDER BY created_at DESC, id LIMIT $5
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.DefinitionId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.Status ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.CorrelationKey ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.ParentId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = Math.Clamp(filter.Limit, 1, 1000) });
        return await ReadSummariesAsync(command, ct);
    }

    public async Task<InstanceDetail?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        InstanceSummary summary;
        JsonObject variables;
        await using (var command = new NpgsqlCommand($"SELECT {SummaryColumns}, variables::text FROM workflow_instances WHERE id = $1", connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = id });
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }
            summary = ReadSummary(reader);
            variables = Sql.ReadJsonObject(reader, 12) ?? [];
        }

        var journal = new List<JournalView>();
        await using (var command = new NpgsqlCommand(
            "SELECT id, at, kind, step_id, actor, data::text FROM workflow_journal WHERE instance_id = $1 ORDER BY id", connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = id });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                journal.Add(new JournalView(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), Sql.ReadJsonObject(reader, 5)));
            }
        }

        var bookmarks = new List<BookmarkView>();
        await using (var command = new NpgsqlCommand("""
            SELECT id, step_id, kind, signal_name, correlation_key, due_at, created_at, consumed_at, consumed_by
            FROM workflow_bookmarks WHERE instance_id = $1 ORDER BY created_at, id
            """, connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = id });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                bookmarks.Add(new BookmarkView(reader.GetGuid(0), reader.GetString(1), reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6),
                    reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7), reader.IsDBNull(8) ? null : reader.GetString(8)));
            }
        }

        var children = await SearchAsync(new InstanceFilter(ParentId: id, Limit: 1000), ct);
        return new InstanceDetail(summary, variables, journal, bookmarks, children);
    }

    private static async Task<IReadOnlyList<InstanceSummary>> ReadSummariesAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var list = new List<InstanceSummary>();
        while (await reader.ReadAsync(ct))
        {
            list.Add(ReadSummary(reader));
        }
        return list;
    }

    private static InstanceSummary ReadSummary(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetGuid(5),
        reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7),
        Sql.ReadJsonObject(reader, 8), reader.GetFieldValue<DateTimeOffset>(9), reader.GetFieldValue<DateTimeOffset>(10),
        reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11));
}
