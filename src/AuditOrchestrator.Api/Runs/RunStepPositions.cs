using Npgsql;

namespace AuditOrchestrator.Api.Runs;

/// <summary>Where every instance of a run is (<see cref="StepPosition"/>), one row per instance: what the run page counts.</summary>
public sealed class RunStepPositions(NpgsqlDataSource dataSource)
{
    private const int MaxDepth = 4;

    public async Task<IReadOnlyList<StepPosition>> ReadAsync(Guid runId, CancellationToken ct)
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
        command.Parameters.Add(new NpgsqlParameter { Value = runId });
        command.Parameters.Add(new NpgsqlParameter { Value = MaxDepth });
        var positions = new List<StepPosition>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            positions.Add(new StepPosition(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetFieldValue<string[]>(4)));
        }
        return positions;
    }
}
