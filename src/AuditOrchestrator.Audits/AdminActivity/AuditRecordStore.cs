using Npgsql;
using NpgsqlTypes;

namespace AuditOrchestrator.Audits.AdminActivity;

/// <summary>
/// The collector's tables: <c>pagerduty_audit_logs</c> (records, deduplicated by id) and the source's row in
/// <c>source_status</c> (saved position, health, counts). A page of records and the counts it adds commit together.
/// </summary>
public sealed partial class AuditRecordStore(NpgsqlDataSource dataSource)
{
    public const string PagerDutySource = "pagerduty";

    private const string Columns = """
        name, status, reason, collected_until, blocked_settings, last_pass_started_real, last_successful_poll,
        last_record_time, last_record_arrived_at, records_stored, malformed_records, failed_passes, notified_status, started_at
        """;

    /// <summary>The source's row, created (healthy, started now) on first use.</summary>
    public async Task<SourceState> LoadAsync(string name, DateTimeOffset serviceNow, CancellationToken cancellationToken)
    {
        await using var insert = dataSource.CreateCommand(
            "INSERT INTO source_status (name, status, started_at, updated_at) VALUES ($1, 'healthy', $2, $2) ON CONFLICT (name) DO NOTHING");
        insert.Parameters.Add(new() { Value = name });
        insert.Parameters.Add(new() { Value = serviceNow });
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return (await FindAsync(name, cancellationToken))!;
    }

    /// <summary>The source's row, or null when the collector has never run.</summary>
    public async Task<SourceState?> FindAsync(string name, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM source_status WHERE name = $1");
        command.Parameters.Add(new() { Value = name });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new SourceState(
            reader.GetString(0),
            SourceHealth.Parse(reader.GetString(1)),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            Time(reader, 3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            Time(reader, 5),
            Time(reader, 6),
            Time(reader, 7),
            Time(reader, 8),
            reader.GetInt64(9),
            reader.GetInt64(10),
            reader.GetInt32(11),
            SourceHealth.Parse(reader.GetString(12)),
            reader.GetFieldValue<DateTimeOffset>(13));
    }

    /// <summary>
    /// Stores a page; a record already stored (same id) is dropped. Returns how many rows were new and how many of
    /// those were malformed. The counts and the newest record time move in the same transaction as the rows.
    /// </summary>
    public async Task<(int Inserted, int Malformed)> InsertPageAsync(
        string name, IReadOnlyList<AuditRecord> records, DateTimeOffset serviceNow, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return (0, 0);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = new NpgsqlCommand("""
            WITH page AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                                     $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::boolean[])
                    AS p(id, execution_time, action, actors, method_type, method_truncated_token, root_resource_id,
                         root_resource_type, root_resource_summary, request_id, remote_address, details, raw, malformed)
            ), inserted AS (
                INSERT INTO pagerduty_audit_logs (id, execution_time, action, actors, method_type, method_truncated_token,
                    root_resource_id, root_resource_type, root_resource_summary, request_id, remote_address, details, raw,
                    malformed, collected_at)
                SELECT id, execution_time::timestamptz, action, actors::jsonb, method_type, method_truncated_token,
                    root_resource_id, root_resource_type, root_resource_summary, request_id, remote_address, details::jsonb,
                    raw::jsonb, malformed, $15
                FROM page
                ON CONFLICT (id) DO NOTHING
                RETURNING malformed, execution_time
            ), counted AS (
                SELECT count(*)::int AS n, (count(*) FILTER (WHERE malformed))::int AS m, max(execution_time) AS newest FROM inserted
            ), updated AS (
                UPDATE source_status SET
                    records_stored = records_stored + counted.n,
                    malformed_records = malformed_records + counted.m,
                    last_record_time = GREATEST(last_record_time, counted.newest),
                    last_record_arrived_at = CASE WHEN counted.n > counted.m THEN $15 ELSE last_record_arrived_at END,
                    updated_at = $15
                FROM counted WHERE name = $16 AND counted.n > 0
            )
            SELECT n, m FROM counted
            """, connection, transaction);
        AddTextArray(insert, records, r => r.Id);
        AddTextArray(insert, records, r => r.ExecutionTime?.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        AddTextArray(insert, records, r => r.Action);
        AddTextArray(insert, records, r => r.ActorsJson);
        AddTextArray(insert, records, r => r.MethodType);
        AddTextArray(insert, records, r => r.MethodTruncatedToken);
        AddTextArray(insert, records, r => r.RootResourceId);
        AddTextArray(insert, records, r => r.RootResourceType);
        AddTextArray(insert, records, r => r.RootResourceSummary);
        AddTextArray(insert, records, r => r.RequestId);
        AddTextArray(insert, records, r => r.RemoteAddress);
        AddTextArray(insert, records, r => r.DetailsJson);
        AddTextArray(insert, records, r => r.RawJson);
        insert.Parameters.Add(new() { Value = records.Select(r => r.Malformed).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Boolean });
        insert.Parameters.Add(new() { Value = serviceNow });
        insert.Parameters.Add(new() { Value = name });
        int inserted, malformed;
        await using (var reader = await insert.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            inserted = reader.GetInt32(0);
            malformed = reader.GetInt32(1);
        }

        await transaction.CommitAsync(cancellationToken);
        return (inserted, malformed);
    }

    public async Task<long> CountRecordsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM pagerduty_audit_logs");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static void AddTextArray(NpgsqlCommand command, IReadOnlyList<AuditRecord> records, Func<AuditRecord, string?> value) =>
        command.Parameters.Add(new() { Value = records.Select(value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);
}
