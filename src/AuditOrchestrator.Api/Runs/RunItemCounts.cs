using Npgsql;
using NpgsqlTypes;

namespace AuditOrchestrator.Api.Runs;

/// <summary>
/// The runs list's item counts per state, and its person search, in one query over the runs' audit instances: each
/// item of a run's <c>items</c> with its child instance's state (<see cref="RunReader.StateOf"/>'s rule in SQL).
/// </summary>
public sealed class RunItemCounts(NpgsqlDataSource dataSource)
{
    public async Task<Dictionary<Guid, Dictionary<string, int>>> CountAsync(IReadOnlyCollection<Guid> runIds, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT r.id,
                   CASE WHEN c.status = 'cancelled' THEN 'cancelled' ELSE coalesce(c.variables->>'state', 'open') END AS state,
                   count(*)::int
            FROM workflow_instances r
            CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(r.variables->'items') = 'array' THEN r.variables->'items' ELSE '[]'::jsonb END) item
            LEFT JOIN LATERAL (
                SELECT status, variables FROM workflow_instances c
                WHERE c.parent_id = r.id AND c.variables->'item'->>'id' = item->>'id'
                LIMIT 1) c ON true
            WHERE r.id = ANY($1)
            GROUP BY 1, 2
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = runIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        var counts = runIds.ToDictionary(id => id, _ => new Dictionary<string, int>(StringComparer.Ordinal));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            counts[reader.GetGuid(0)][reader.GetString(1)] = reader.GetInt32(2);
        }
        return counts;
    }

    /// <summary>The runs among <paramref name="runIds"/> with an item whose person or id contains <paramref name="person"/>, ignoring case.</summary>
    public async Task<HashSet<Guid>> WithPersonAsync(IReadOnlyCollection<Guid> runIds, string person, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT r.id FROM workflow_instances r
            WHERE r.id = ANY($1) AND jsonb_typeof(r.variables->'items') = 'array' AND EXISTS (
                SELECT 1 FROM jsonb_array_elements(r.variables->'items') item
                WHERE strpos(lower(coalesce(item->>'person', '')), lower($2)) > 0 OR strpos(lower(coalesce(item->>'id', '')), lower($2)) > 0)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = runIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = person });
        var found = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            found.Add(reader.GetGuid(0));
        }
        return found;
    }
}
