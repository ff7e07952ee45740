using AuditOrchestrator.Engine.Persistence;
using AuditOrchestrator.Engine.Runtime;
using Npgsql;

namespace AuditOrchestrator.Audits.GitLab.Webhooks;

/// <summary>An audit issue that a run owns (a row of <c>audit_issues</c>).</summary>
public sealed record AuditIssue(long ProjectId, long Iid, Guid RunId);

/// <summary>The <c>audit_issues</c> table: only events on these issues become signals.</summary>
public sealed class AuditIssues(NpgsqlDataSource dataSource, InstanceQueries instances)
{
    public async Task<bool> IsOwnedAsync(long projectId, long iid, CancellationToken ct)
    {
        if (iid is < 1 or > int.MaxValue)
        {
            return false;
        }

        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM audit_issues WHERE project_id = @p AND issue_iid = @i)");
        command.Parameters.AddWithValue("p", projectId);
        command.Parameters.AddWithValue("i", checked((int)iid));
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Every owned issue, of finished runs too (their signal keys still belong to them).</summary>
    public Task<IReadOnlyList<AuditIssue>> ListAsync(CancellationToken ct) => ReadAsync(null, ct);

    /// <summary>
    /// The issues to reconcile: those of runs that have not ended. A finished run's issue can resume nothing, and
    /// reading every issue ever owned would grow each pass with the service's history.
    /// </summary>
    public async Task<IReadOnlyList<AuditIssue>> ListOfLiveRunsAsync(CancellationToken ct) =>
        await ReadAsync([.. await instances.LiveRootIdsAsync(ct)], ct);

    private async Task<IReadOnlyList<AuditIssue>> ReadAsync(Guid[]? runs, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT project_id, issue_iid, run_id FROM audit_issues WHERE $1::uuid[] IS NULL OR run_id = ANY($1) ORDER BY created_at, project_id, issue_iid");
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)runs ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Uuid });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var issues = new List<AuditIssue>();
        while (await reader.ReadAsync(ct))
        {
            issues.Add(new AuditIssue(reader.GetInt64(0), reader.GetInt32(1), reader.GetGuid(2)));
        }

        return issues;
    }

    /// <summary>
    /// Runs <paramref name="pass"/> unless another node is running it (a session advisory lock held for the pass):
    /// every node schedules the reconciliation, one at a time does it. Returns false when skipped.
    /// </summary>
    public async Task<bool> RunAloneAsync(Func<CancellationToken, Task> pass, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pass);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        if (!await AdvisoryLock.TryTakeAsync(connection, AdvisoryLocks.GitLabReconciliation, ct))
        {
            return false;
        }

        try
        {
            await pass(ct);
            return true;
        }
        finally
        {
            // Also released when the connection closes, should this fail.
            await AdvisoryLock.ReleaseAsync(connection, AdvisoryLocks.GitLabReconciliation);
        }
    }

    /// <summary>
    /// The thread and note keys of the issue (<c>gitlab-thread:…</c>, <c>gitlab-note:…</c>) that instances waited on and
    /// that no unfinished instance waits on any more: an answer or an award there can resume nothing.
    /// </summary>
    public Task<IReadOnlySet<string>> SettledKeysAsync(long projectId, long iid, CancellationToken ct) =>
        instances.SettledSignalKeysAsync([$"gitlab-thread:{projectId}:{iid}:", $"gitlab-note:{projectId}:{iid}:"], ct);

    /// <summary>Of these delivery keys, the ones the inbox holds or a run has taken (so they need not be delivered again).</summary>
    public Task<IReadOnlySet<string>> KnownDeliveryKeysAsync(IReadOnlyCollection<string> keys, CancellationToken ct) =>
        instances.KnownDeliveryKeysAsync(keys, ct);
}
