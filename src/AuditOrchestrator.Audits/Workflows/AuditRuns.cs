using AuditOrchestrator.Audits.Kickoff;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Engine.Telemetry;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AuditOrchestrator.Audits.Workflows;

/// <summary>The audit_runs rows, and the audit_issues rows that tell the webhook receiver which issues a run owns.</summary>
public sealed class AuditRuns(
    NpgsqlDataSource dataSource,
    TimeProvider clock,
    IOptions<SupportOpsOptions> supportOps,
    FiscalCalendar fiscal)
{
    private const string Columns = "id, audit, kind, period, som, issue_project_id, issue_iid, issue_url, created_at";

    /// <summary>
    /// The run's row, created when missing with its period and the SOM whose turn it is. Both the runs API and the
    /// audit's first step call it, so a run started by any path has its row; the second call finds the first's.
    /// </summary>
    public async Task<AuditRun> EnsureAsync(Guid id, string audit, string kind, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is { } existing)
        {
            return existing;
        }
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // Serialises the "whose turn is it" count with the insert, so two runs started together get different SOMs.
        await using (var lockRuns = new NpgsqlCommand("LOCK TABLE audit_runs IN SHARE ROW EXCLUSIVE MODE", connection, transaction))
        {
            await lockRuns.ExecuteNonQueryAsync(ct);
        }
        long earlier;
        await using (var count = new NpgsqlCommand("SELECT count(*) FROM audit_runs", connection, transaction))
        {
            earlier = (long)(await count.ExecuteScalarAsync(ct))!;
        }
        var som = RunPolicies.SomInTurn(supportOps.Value.Managers ?? [], earlier);
        bool inserted;
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO audit_runs (id, audit, kind, period, som, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)
            ON CONFLICT (id) DO NOTHING
            """, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = id });
            insert.Parameters.Add(new NpgsqlParameter { Value = audit });
            insert.Parameters.Add(new NpgsqlParameter { Value = kind });
            insert.Parameters.Add(new NpgsqlParameter { Value = fiscal.PeriodOf(now).ToString() });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)som ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = now });
            inserted = await insert.ExecuteNonQueryAsync(ct) == 1;
        }
        await transaction.CommitAsync(ct);
        if (inserted)
        {
            OrchestratorTelemetry.RunsStarted.Add(1, OrchestratorTelemetry.Tags("audit", audit, "kind", kind));
        }
        return await FindAsync(id, ct) ?? throw new InvalidOperationException($"Run {id} vanished right after it was created.");
    }

    public async Task<AuditRun?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM audit_runs WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<AuditRun>> ListAsync(string? audit, int limit, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM audit_runs WHERE ($1::text IS NULL OR audit = $1) ORDER BY created_at DESC, id LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)audit ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = Math.Clamp(limit, 1, 1000) });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var runs = new List<AuditRun>();
        while (await reader.ReadAsync(ct))
        {
            runs.Add(Read(reader));
        }
        return runs;
    }

    /// <summary>
    /// Every run's id and creation time (of one audit when given), after <paramref name="after"/> in the newest-first
    /// order (created_at desc, id). Not cut to a page: the engine filters them on their instances and cuts the page.
    /// </summary>
    public async Task<IReadOnlyList<KeyedId>> NewestFirstKeysAsync(string? audit, (DateTimeOffset Time, Guid Id)? after, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, created_at FROM audit_runs
            WHERE ($1::text IS NULL OR audit = $1) AND ($2::timestamptz IS NULL OR created_at < $2 OR (created_at = $2 AND id > $3))
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)audit ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)after?.Time ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = after?.Id ?? Guid.Empty, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var keys = new List<KeyedId>();
        while (await reader.ReadAsync(ct))
        {
            keys.Add(new KeyedId(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }
        return keys;
    }

    /// <summary>The rows of these runs, by id (a run with no row is left out).</summary>
    public async Task<IReadOnlyDictionary<Guid, AuditRun>> FindAllAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM audit_runs WHERE id = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Uuid });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var runs = new Dictionary<Guid, AuditRun>();
        while (await reader.ReadAsync(ct))
        {
            var run = Read(reader);
            runs[run.Id] = run;
        }
        return runs;
    }

    /// <summary>Records the run's issue and claims it in audit_issues, so GitLab events about it become signals.</summary>
    public async Task RecordIssueAsync(Guid id, AuditIssueRef issue, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(issue);
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var claim = new NpgsqlCommand("""
            INSERT INTO audit_issues (project_id, issue_iid, run_id, web_url, created_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (project_id, issue_iid) DO NOTHING
            """, connection, transaction))
        {
            claim.Parameters.Add(new NpgsqlParameter { Value = issue.ProjectId });
            claim.Parameters.Add(new NpgsqlParameter { Value = (int)issue.Iid });
            claim.Parameters.Add(new NpgsqlParameter { Value = id });
            claim.Parameters.Add(new NpgsqlParameter { Value = issue.WebUrl });
            claim.Parameters.Add(new NpgsqlParameter { Value = now });
            await claim.ExecuteNonQueryAsync(ct);
        }
        await using (var update = new NpgsqlCommand(
            "UPDATE audit_runs SET issue_project_id = $2, issue_iid = $3, issue_url = $4, updated_at = $5 WHERE id = $1", connection, transaction))
        {
            update.Parameters.Add(new NpgsqlParameter { Value = id });
            update.Parameters.Add(new NpgsqlParameter { Value = issue.ProjectId });
            update.Parameters.Add(new NpgsqlParameter { Value = (int)issue.Iid });
            update.Parameters.Add(new NpgsqlParameter { Value = issue.WebUrl });
            update.Parameters.Add(new NpgsqlParameter { Value = now });
            await update.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }

    /// <summary>Hands the run to another SOM; later pings and the review go to them. False when there is no such run.</summary>
    public async Task<bool> ChangeSomAsync(Guid id, string username, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("UPDATE audit_runs SET som = $2, updated_at = $3 WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = username.Trim().TrimStart('@') });
        command.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() });
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    private static AuditRun Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.IsDBNull(5) ? null : new AuditIssueRef(reader.GetInt64(5), reader.GetInt32(6), reader.GetString(7)),
        reader.GetFieldValue<DateTimeOffset>(8));
}
