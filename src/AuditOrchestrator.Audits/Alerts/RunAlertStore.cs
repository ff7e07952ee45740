using AuditOrchestrator.Audits.Workflows;
using AuditOrchestrator.Engine.Runtime;
using Npgsql;
using NpgsqlTypes;

namespace AuditOrchestrator.Audits.Alerts;

/// <summary>The run_alerts rows, and the incidents of open runs (which the engine finds in the runs' trees).</summary>
public sealed class RunAlertStore(NpgsqlDataSource dataSource, TreeQueries trees)
{

    private const string Columns = """
        id, run_id, kind, instance_id, subject, step_id, item_id, message, due_at, opened_at, delivered_to, delivered_at,
        resolved_at, resolved_delivered_to, resolved_delivered_at
        """;

    /// <summary>
    /// Every incident of a run that is not over: an instance of the run's tree faulted (one incident per fault), a
    /// waiting timer more than <paramref name="overdueAfter"/> past due at <paramref name="now"/> (service clock), or a
    /// warning the run journalled about itself (a missing issue template), which lasts while the run does.
    /// </summary>
    public async Task<IReadOnlyList<Incident>> CurrentIncidentsAsync(TimeSpan overdueAfter, DateTimeOffset now, CancellationToken ct)
    {
        var runs = new List<Guid>();
        await using (var command = dataSource.CreateCommand("SELECT id FROM audit_runs"))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                runs.Add(reader.GetGuid(0));
            }
        }
        var incidents = await trees.IncidentsAsync(runs, overdueAfter, now, CreateAuditIssueActivity.IssueTemplateMissing, "item", ct);
        return [.. incidents.Select(i => new Incident(i.RootId, i.Kind, i.InstanceId, i.Subject, i.StepId, i.ItemId, i.Message, i.DueAt))];
    }

    /// <summary>Records each incident once: one already recorded (open or resolved) stays as it is.</summary>
    public async Task OpenAsync(IEnumerable<Incident> incidents, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var incident in incidents)
        {
            await using var command = dataSource.CreateCommand("""
                INSERT INTO run_alerts (id, run_id, kind, instance_id, subject, step_id, item_id, message, due_at, opened_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                ON CONFLICT (run_id, kind, instance_id, subject) DO NOTHING
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = Guid.CreateVersion7(now) });
            command.Parameters.Add(new NpgsqlParameter { Value = incident.RunId });
            command.Parameters.Add(new NpgsqlParameter { Value = incident.Kind });
            command.Parameters.Add(new NpgsqlParameter { Value = incident.InstanceId });
            command.Parameters.Add(new NpgsqlParameter { Value = incident.Subject });
            command.Parameters.Add(Text(incident.StepId));
            command.Parameters.Add(Text(incident.ItemId));
            command.Parameters.Add(new NpgsqlParameter { Value = incident.Message });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)incident.DueAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter { Value = now });
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    public async Task ResolveAsync(IEnumerable<Guid> ids, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("UPDATE run_alerts SET resolved_at = $2 WHERE id = ANY($1) AND resolved_at IS NULL");
        command.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The alerts not resolved yet; of one run when <paramref name="runId"/> is given.</summary>
    public Task<IReadOnlyList<RunAlert>> OpenAlertsAsync(Guid? runId, CancellationToken ct) =>
        QueryAsync($"SELECT {Columns} FROM run_alerts WHERE resolved_at IS NULL AND ($1::uuid IS NULL OR run_id = $1) ORDER BY opened_at, id",
            ct, new NpgsqlParameter { Value = (object?)runId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });

    /// <summary>Every alert of the run, oldest first.</summary>
    public Task<IReadOnlyList<RunAlert>> AlertsOfRunAsync(Guid runId, CancellationToken ct) =>
        QueryAsync($"SELECT {Columns} FROM run_alerts WHERE run_id = $1 ORDER BY opened_at, id", ct, new NpgsqlParameter { Value = runId });

    /// <summary>Alerts whose opening, or whose recovery, has not been told everywhere yet.</summary>
    public Task<IReadOnlyList<RunAlert>> PendingAsync(CancellationToken ct) =>
        QueryAsync($"""
            SELECT {Columns} FROM run_alerts
            WHERE delivered_at IS NULL OR (resolved_at IS NOT NULL AND resolved_delivered_at IS NULL)
            ORDER BY opened_at, id LIMIT 200
            """, ct);

    /// <summary>Adds the targets reached; <paramref name="complete"/> closes the delivery of the opening (or of the recovery).</summary>
    public async Task RecordDeliveryAsync(Guid id, bool resolved, IEnumerable<string> reached, bool complete, string? error, DateTimeOffset now, CancellationToken ct)
    {
        var sql = resolved
            ? """
              UPDATE run_alerts SET resolved_delivered_to = ARRAY(SELECT DISTINCT unnest(resolved_delivered_to || $2)),
                  resolved_delivered_at = CASE WHEN $3 THEN $5 ELSE NULL END, delivery_error = $4
              WHERE id = $1
              """
            : """
              UPDATE run_alerts SET delivered_to = ARRAY(SELECT DISTINCT unnest(delivered_to || $2)),
                  delivered_at = CASE WHEN $3 THEN $5 ELSE NULL END, delivery_error = $4
              WHERE id = $1
              """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = reached.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = complete });
        command.Parameters.Add(Text(error));
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<IReadOnlyList<RunAlert>> QueryAsync(string sql, CancellationToken ct, params NpgsqlParameter[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var alerts = new List<RunAlert>();
        while (await reader.ReadAsync(ct))
        {
            alerts.Add(new RunAlert(
                reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetGuid(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
                reader.GetFieldValue<DateTimeOffset>(9),
                reader.GetFieldValue<string[]>(10),
                reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
                reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12),
                reader.GetFieldValue<string[]>(13),
                reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14)));
        }
        return alerts;
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };
}
