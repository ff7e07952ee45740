using System.Text.Json.Nodes;

namespace AuditOrchestrator.Engine.Runtime;

public sealed partial class InstanceStore
{
    /// <summary>
    /// Takes up to <paramref name="limit"/> runnable instances for this node for <paramref name="lease"/>. Leases are set
    /// and compared on the database's clock (clock_timestamp()), so a node whose own clock is off can neither take an
    /// instance another node still holds nor hold one past its time. SKIP LOCKED lets nodes claim side by side; an
    /// expired lease (a dead or stalled node) makes an instance claimable again. <paramref name="now"/> (the service
    /// clock) only says which instances are due.
    /// </summary>
    internal async Task<IReadOnlyList<InstanceState>> ClaimAsync(string node, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = Sql.Command(connection, null, $"""
            UPDATE workflow_instances i SET lease_owner = @node, lease_expires_at = clock_timestamp() + @lease
            FROM (SELECT id FROM workflow_instances
                  WHERE status = '{InstanceStatusNames.Running}' AND run_after <= @now AND (lease_expires_at IS NULL OR lease_expires_at < clock_timestamp())
                  ORDER BY run_after LIMIT @limit FOR UPDATE SKIP LOCKED) claimable
            WHERE i.id = claimable.id
            RETURNING i.id, i.definition_id, i.definition_version, i.current_step, i.step_count, i.attempt, i.variables::text,
                      i.resume::text, i.parent_id, i.correlation_key, i.revision
            """, ("node", node), ("lease", lease), ("now", now), ("limit", limit));
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

    /// <summary>
    /// Extends, on the database's clock, the leases this node still holds; returns the instances renewed. A lease that
    /// expired meanwhile is not revived (another node may have taken the instance, or may be about to).
    /// </summary>
    internal async Task<IReadOnlySet<Guid>> RenewLeasesAsync(string node, IReadOnlyCollection<Guid> instances, TimeSpan lease, CancellationToken ct)
    {
        var renewed = new HashSet<Guid>();
        if (instances.Count == 0)
        {
            return renewed;
        }
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = Sql.Command(connection, null, """
            UPDATE workflow_instances SET lease_expires_at = clock_timestamp() + @lease
            WHERE lease_owner = @node AND id = ANY(@ids) AND lease_expires_at > clock_timestamp()
            RETURNING id
            """, ("lease", lease), ("node", node), ("ids", instances.ToArray()));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            renewed.Add(reader.GetGuid(0));
        }
        return renewed;
    }

    /// <summary>
    /// Whether this node still holds the instance's lease, with at least <paramref name="margin"/> left on the database's
    /// clock, at the revision it claimed: asked right before every side effect.
    /// </summary>
    internal async Task<bool> HoldsLeaseAsync(Guid instance, string node, long revision, TimeSpan margin, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = Sql.Command(connection, null, """
            SELECT EXISTS (SELECT 1 FROM workflow_instances
                           WHERE id = @id AND lease_owner = @node AND revision = @revision AND lease_expires_at > clock_timestamp() + @margin)
            """, ("id", instance), ("node", node), ("revision", revision), ("margin", margin));
        return (bool)(await command.ExecuteScalarAsync(ct))!;
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
