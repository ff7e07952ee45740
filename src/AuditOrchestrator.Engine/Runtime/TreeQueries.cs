using Npgsql;
using NpgsqlTypes;

namespace AuditOrchestrator.Engine.Runtime;

/// <summary>
/// How the items of a tree are named in its instances' variables: an instance whose <see cref="Leaf"/> variable is an
/// object follows up the item whose id is that object's <c>id</c> (its own children are not walked); the root lists
/// items in the array <see cref="Listed"/>; an item's state is its instance's <see cref="State"/> variable,
/// <see cref="Unset"/> before it has one (or before it has an instance), "cancelled" once its instance is cancelled.
/// </summary>
public sealed record ItemNaming(string Leaf, string Listed, string State, string Unset, int MaxDepth);

/// <summary>Something wrong under a root that is not over: an instance faulted, a timer long overdue, or a warning journalled.</summary>
public sealed record TreeIncident(Guid RootId, string Kind, Guid InstanceId, string Subject, string? StepId, string? ItemId, string Message, DateTimeOffset? DueAt)
{
    public const string Faulted = "faulted";
    public const string Overdue = "overdue";
    public const string Warning = "warning";
}

/// <summary>Where one instance of a tree is: its flow from the root, its status, current step and completed steps.</summary>
public sealed record InstancePosition(string Flow, string DefinitionId, string Status, string? CurrentStep, IReadOnlyCollection<string> CompletedSteps);

/// <summary>Questions about a root instance and everything under it, answered by the engine from its own tables.</summary>
public sealed class TreeQueries(NpgsqlDataSource dataSource)
{
    // Each (root, item, state) of the roots in $1; $2 how deep items may sit; $3 leaf variable, $4 listed, $5 state, $6 unset.
    private const string ItemStatesSql = """
            WITH RECURSIVE tree AS (
                SELECT c.parent_id AS run_id, c.id, c.status, c.variables, c.created_at, 1 AS depth
                FROM workflow_instances c WHERE c.parent_id = ANY($1)
                UNION ALL
                SELECT t.run_id, c.id, c.status, c.variables, c.created_at, t.depth + 1
                FROM tree t JOIN workflow_instances c ON c.parent_id = t.id
                WHERE jsonb_typeof(t.variables->$3) IS DISTINCT FROM 'object' AND t.depth < $2
            ),
            followed AS (
                SELECT DISTINCT ON (run_id, variables->$3->>'id') run_id, variables->$3->>'id' AS item_id,
                       CASE WHEN status = 'cancelled' THEN 'cancelled' ELSE coalesce(variables->>$5, $6) END AS state
                FROM tree
                WHERE jsonb_typeof(variables->$3) = 'object' AND variables->$3->>'id' IS NOT NULL
                ORDER BY run_id, variables->$3->>'id', created_at, id
            ),
            listed AS (
                SELECT r.id AS run_id, item->>'id' AS item_id
                FROM workflow_instances r
                CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(r.variables->$4) = 'array' THEN r.variables->$4 ELSE '[]'::jsonb END) item
                WHERE r.id = ANY($1) AND item->>'id' IS NOT NULL
            )
            SELECT coalesce(f.run_id, l.run_id), coalesce(f.item_id, l.item_id), coalesce(f.state, $6)
            FROM listed l FULL JOIN followed f ON f.run_id = l.run_id AND f.item_id = l.item_id
            """;

    /// <summary>Per root: each item's id and its state, in one query for every root asked for.</summary>
    public async Task<Dictionary<Guid, Dictionary<string, string>>> ItemStatesAsync(IReadOnlyCollection<Guid> rootIds, ItemNaming naming, CancellationToken ct)
    {
        await using var command = ItemCommand(ItemStatesSql, rootIds, naming);
        var states = rootIds.Distinct().ToDictionary(id => id, _ => new Dictionary<string, string>(StringComparer.Ordinal));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            states[reader.GetGuid(0)][reader.GetString(1)] = reader.GetString(2);
        }
        return states;
    }

    /// <summary>Per root: how many items are in each state, counted by the database (a list never reads every item).</summary>
    public async Task<Dictionary<Guid, Dictionary<string, int>>> ItemStateCountsAsync(IReadOnlyCollection<Guid> rootIds, ItemNaming naming, CancellationToken ct)
    {
        await using var command = ItemCommand(
            $"SELECT s.run_id, s.state, count(*)::int FROM ({ItemStatesSql}) s(run_id, item_id, state) GROUP BY s.run_id, s.state", rootIds, naming);
        var counts = rootIds.Distinct().ToDictionary(id => id, _ => new Dictionary<string, int>(StringComparer.Ordinal));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            counts[reader.GetGuid(0)][reader.GetString(1)] = reader.GetInt32(2);
        }
        return counts;
    }

    /// <summary>
    /// Every incident under those of <paramref name="rootIds"/> that are not over: an instance of its tree faulted (one incident per fault), a waiting
    /// timer more than <paramref name="overdueAfter"/> past due at <paramref name="now"/> (service clock), or a journal
    /// entry of kind <paramref name="warningKind"/>, which lasts while the root does. Items are named by the
    /// <paramref name="leafVariable"/> object's <c>id</c>.
    /// </summary>
    public async Task<IReadOnlyList<TreeIncident>> IncidentsAsync(
        IReadOnlyCollection<Guid> rootIds, TimeSpan overdueAfter, DateTimeOffset now, string warningKind, string leafVariable, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            WITH RECURSIVE tree AS (
                SELECT i.id AS run_id, i.id AS instance_id
                FROM workflow_instances i
                WHERE i.id = ANY($5) AND i.status IN {InstanceStatusNames.LiveSql}
                UNION ALL
                SELECT t.run_id, c.id FROM workflow_instances c JOIN tree t ON c.parent_id = t.instance_id
            )
            SELECT t.run_id, 'faulted', i.id,
                   coalesce(i.incident->>'step', i.current_step, '') || '@' || coalesce(i.incident->>'at', ''),
                   coalesce(i.incident->>'step', i.current_step), i.variables->$4->>'id',
                   coalesce(i.incident->>'message', 'the step faulted'), NULL::timestamptz
            FROM tree t JOIN workflow_instances i ON i.id = t.instance_id
            WHERE i.status = 'faulted'
            UNION ALL
            SELECT t.run_id, 'overdue', i.id, b.id::text, b.step_id, i.variables->$4->>'id',
                   'the node may have been down, or its timer was lost.', b.due_at
            FROM tree t
            JOIN workflow_instances i ON i.id = t.instance_id
            JOIN workflow_bookmarks b ON b.instance_id = i.id
            WHERE i.status = 'waiting' AND b.kind = 'timer' AND b.consumed_at IS NULL AND b.due_at + $1 < $2
            UNION ALL
            SELECT t.run_id, 'warning', j.instance_id, 'journal:' || j.id, j.step_id, NULL,
                   coalesce(j.data->>'message', j.kind), NULL::timestamptz
            FROM tree t JOIN workflow_journal j ON j.instance_id = t.instance_id
            WHERE j.kind = $3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = overdueAfter, NpgsqlDbType = NpgsqlDbType.Interval });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        command.Parameters.Add(new NpgsqlParameter { Value = warningKind, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = leafVariable, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = rootIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var incidents = new List<TreeIncident>();
        while (await reader.ReadAsync(ct))
        {
            incidents.Add(new TreeIncident(
                reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7)));
        }
        return incidents;
    }

    /// <summary>
    /// Where every instance of the tree under <paramref name="rootId"/> (the root included, down to
    /// <paramref name="maxDepth"/> levels) is: its flow (the definition ids from the root down, joined by '/'), status,
    /// current step and the steps it completed.
    /// </summary>
    public async Task<IReadOnlyList<InstancePosition>> PositionsAsync(Guid rootId, int maxDepth, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            WITH RECURSIVE tree AS (
                SELECT id, definition_id::text AS flow, 0 AS depth FROM workflow_instances WHERE id = $1
                UNION ALL
                SELECT c.id, t.flow || '/' || c.definition_id, t.depth + 1
                FROM tree t JOIN workflow_instances c ON c.parent_id = t.id
                WHERE t.depth < $2
            )
            SELECT t.flow, i.definition_id, i.status, i.current_step,
                   ARRAY(SELECT DISTINCT j.step_id FROM workflow_journal j
                         WHERE j.instance_id = i.id AND j.kind = 'step-completed' AND j.step_id IS NOT NULL)
            FROM tree t JOIN workflow_instances i ON i.id = t.id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = rootId });
        command.Parameters.Add(new NpgsqlParameter { Value = maxDepth });
        var positions = new List<InstancePosition>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            positions.Add(new InstancePosition(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetFieldValue<string[]>(4)));
        }
        return positions;
    }

    private NpgsqlCommand ItemCommand(string sql, IReadOnlyCollection<Guid> rootIds, ItemNaming naming)
    {
        var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = rootIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = naming.MaxDepth });
        command.Parameters.Add(new NpgsqlParameter { Value = naming.Leaf, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = naming.Listed, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = naming.State, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = naming.Unset, NpgsqlDbType = NpgsqlDbType.Text });
        return command;
    }
}
