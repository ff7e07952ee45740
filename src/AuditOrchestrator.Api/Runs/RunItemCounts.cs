using Npgsql;
using NpgsqlTypes;

namespace AuditOrchestrator.Api.Runs;

/// <summary>
/// The one place that says which state each item of a run is in: the runs list counts these states, a run's page
/// lists them per item and totals them the same way. An item is followed up by an instance anywhere under the run
/// (a child of the audit's fan-out, or a grandchild when the audit runs several flows side by side); its state is what
/// that flow last decided, "cancelled" when the instance was cancelled, "open" before any decision. The audit's
/// findings without an instance yet are "open"; items that came later (the token review's rows) are counted too.
/// </summary>
public sealed class RunItemCounts(NpgsqlDataSource dataSource)
{
    private const int MaxDepth = 4;

    // Each (run, item, state) of the runs in $1; $2 is how deep items may sit under the run.
    private const string StatesSql = """
            WITH RECURSIVE tree AS (
                SELECT c.parent_id AS run_id, c.id, c.status, c.variables, c.created_at, 1 AS depth
                FROM workflow_instances c WHERE c.parent_id = ANY($1)
                UNION ALL
                SELECT t.run_id, c.id, c.status, c.variables, c.created_at, t.depth + 1
                FROM tree t JOIN workflow_instances c ON c.parent_id = t.id
                WHERE jsonb_typeof(t.variables->'item') IS DISTINCT FROM 'object' AND t.depth < $2
            ),
            followed AS (
                SELECT DISTINCT ON (run_id, variables->'item'->>'id') run_id, variables->'item'->>'id' AS item_id,
                       CASE WHEN status = 'cancelled' THEN 'cancelled' ELSE coalesce(variables->>'state', 'open') END AS state
                FROM tree
                WHERE jsonb_typeof(variables->'item') = 'object' AND variables->'item'->>'id' IS NOT NULL
                ORDER BY run_id, variables->'item'->>'id', created_at, id
            ),
            listed AS (
                SELECT r.id AS run_id, item->>'id' AS item_id
                FROM workflow_instances r
                CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(r.variables->'items') = 'array' THEN r.variables->'items' ELSE '[]'::jsonb END) item
                WHERE r.id = ANY($1) AND item->>'id' IS NOT NULL
            )
            SELECT coalesce(f.run_id, l.run_id), coalesce(f.item_id, l.item_id), coalesce(f.state, 'open')
            FROM listed l FULL JOIN followed f ON f.run_id = l.run_id AND f.item_id = l.item_id
            """;

    /// <summary>Per run: each item's id and its state, in one query for every run asked for.</summary>
    public async Task<Dictionary<Guid, Dictionary<string, string>>> StatesAsync(IReadOnlyCollection<Guid> runIds, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(StatesSql);
        command.Parameters.Add(new NpgsqlParameter { Value = runIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = MaxDepth });
        var states = runIds.Distinct().ToDictionary(id => id, _ => new Dictionary<string, string>(StringComparer.Ordinal));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            states[reader.GetGuid(0)][reader.GetString(1)] = reader.GetString(2);
        }
        return states;
    }

    /// <summary>Per run: how many items are in each state, counted by the database (a list never reads every item).</summary>
    public async Task<Dictionary<Guid, Dictionary<string, int>>> CountsAsync(IReadOnlyCollection<Guid> runIds, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"SELECT s.run_id, s.state, count(*)::int FROM ({StatesSql}) s(run_id, item_id, state) GROUP BY s.run_id, s.state");
        command.Parameters.Add(new NpgsqlParameter { Value = runIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = MaxDepth });
        var counts = runIds.Distinct().ToDictionary(id => id, _ => new Dictionary<string, int>(StringComparer.Ordinal));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            counts[reader.GetGuid(0)][reader.GetString(1)] = reader.GetInt32(2);
        }
        return counts;
    }

    /// <summary>How many items are in each state.</summary>
    public static Dictionary<string, int> Count(IEnumerable<string> states) =>
        states.GroupBy(s => s, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
