using System.Text.Json.Nodes;

namespace AuditOrchestrator.Engine.Runtime;

public sealed partial class InstanceStore
{
    /// <summary>
    /// Takes up to <paramref name="limit"/> runnable instances for this node until <paramref name="leaseUntil"/>.
    /// SKIP LOCKED lets nodes claim side by side; an expired lease (a dead node) makes an instance claimable again.
    /// </summary>
    internal async Task<IReadOnlyList<InstanceState>> ClaimAsync(string node, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = Sql.Command(connection, null, """
            UPDATE workflow_instances i SET lease_owner = @node, lease_expires_at = @until
            FROM (SELECT id FROM workflow_instances
                  WHERE status = 'running' AND run_after <= @now AND (lease_expires_at IS NULL OR lease_expires_at < @now)
                  ORDER BY run_after LIMIT @limit FOR UPDATE SKIP LOCKED) claimable
            WHERE i.id = claimable.id
            RETURNING i.id, i.definition_id, i.definition_version, i.current_step, i.step_count, i.attempt, i.variables::text,
                      i.resume::text, i.parent_id, i.correlation_key, i.revision
            """, ("node", node), ("until", leaseUntil), ("now", now), ("limit", limit));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var claimed = new List<InstanceState>();
        while (await reader.ReadAsync(ct))
        {
            claimed.Add(new InstanceState
            {
                Id = reader.GetGuid(0),
                DefinitionId = reader.GetString(1),
                DefinitionVersion = reader.GetInt32(2),
                Status = InstanceStatus.Running,
                CurrentStep = reader.IsDBNull(3) ? null : reader.GetString(3),
                StepCount = reader.GetInt32(4),
                Attempt = reader.GetInt32(5),
                Variables = Sql.ReadJsonObject(reader, 6) ?? [],
                Resume = ResumeJson.FromJson(Sql.ReadJsonObject(reader, 7)),
                ParentId = reader.IsDBNull(8) ? null : reader.GetGuid(8),
                CorrelationKey = reader.IsDBNull(9) ? null : reader.GetString(9),
                Revision = reader.GetInt64(10),
            });
        }
        return claimed;
    }

    /// <summary>Extends the leases this node holds, so a long step is not taken over by another node.</summary>
    internal async Task RenewLeasesAsync(string node, IReadOnlyCollection<Guid> instances, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        if (instances.Count == 0)
        {
            return;
        }
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await Sql.ExecuteAsync(connection, null,
            "UPDATE workflow_instances SET lease_expires_at = @until WHERE lease_owner = @node AND id = ANY(@ids)", ct,
            ("until", leaseUntil), ("node", node), ("ids", instances.ToArray()));
    }

    /// <summary>Gives an instance back without changes (this node is stopping), so another node can take it at once.</summary>
    internal async Task ReleaseAsync(string node, Guid instance, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await Sql.ExecuteAsync(connection, null,
            "UPDATE workflow_instances SET lease_owner = NULL, lease_expires_at = NULL WHERE id = @id AND lease_owner = @node", ct,
            ("id", instance), ("node", node));
    }

    internal static JsonObject EmptyVariables() => [];
}
