using Npgsql;

namespace AuditOrchestrator.Audits.AdminActivity;

/// <summary>The source's position and health.</summary>
public sealed partial class AuditRecordStore
{
    public async Task MarkPassStartedAsync(string name, DateTimeOffset realNow, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE source_status SET last_pass_started_real = $2 WHERE name = $1", cancellationToken, name, realNow);

    /// <summary>
    /// The pass read everything up to <paramref name="collectedUntil"/>: the position moves there. If the process dies
    /// before this commits, the next pass re-reads the same window and the duplicates drop.
    /// </summary>
    public async Task CompletePassAsync(string name, DateTimeOffset collectedUntil, DateTimeOffset serviceNow, CancellationToken cancellationToken) =>
        await ExecuteAsync("""
            UPDATE source_status SET collected_until = GREATEST(collected_until, $2), last_successful_poll = $3,
                failed_passes = 0, blocked_settings = NULL, updated_at = $3
            WHERE name = $1
            """, cancellationToken, name, collectedUntil, serviceNow);

    public async Task SetStatusAsync(string name, SourceStatus status, string? reason, DateTimeOffset serviceNow, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE source_status SET status = $2, reason = $3, updated_at = $4 WHERE name = $1",
            cancellationToken, name, status.Name(), reason, serviceNow);

    /// <summary>A failed pass; <paramref name="blockedSettings"/> is set when retrying cannot help until the settings change.</summary>
    public async Task RecordFailureAsync(
        string name, SourceStatus status, string reason, string? blockedSettings, DateTimeOffset serviceNow, CancellationToken cancellationToken) =>
        await ExecuteAsync("""
            UPDATE source_status SET status = $2, reason = $3, blocked_settings = $4, failed_passes = failed_passes + 1, updated_at = $5
            WHERE name = $1
            """, cancellationToken, name, status.Name(), reason, blockedSettings, serviceNow);

    /// <summary>An admin verified the settings and PagerDuty now lets them read audit records: the next pass calls again.</summary>
    public async Task ClearBlockAsync(string name, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE source_status SET blocked_settings = NULL WHERE name = $1", cancellationToken, name);

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params object?[] values)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
