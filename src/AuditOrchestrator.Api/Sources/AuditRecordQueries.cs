using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;

namespace AuditOrchestrator.Api.Sources;

public sealed record AuditRecordFilter(DateTimeOffset? From, DateTimeOffset? To, string? Actor, string? ResourceType, string? Action);

public sealed record ResourceView(string? Id, string? Type, string? Summary);

public sealed record AuditRecordView(
    string Id, DateTimeOffset? ExecutionTime, string? Action, JsonNode? Actors, string? MethodType, ResourceView RootResource,
    string? RequestId, string? RemoteAddress, JsonNode? Details, bool Malformed);

public sealed record AuditRecordPage(IReadOnlyList<AuditRecordView> Records, string? Next);

public sealed record DayCount(DateOnly Day, long Count);

/// <summary>
/// Reads pagerduty_audit_logs newest first with keyset paging on (execution_time desc, id): a page ends with a cursor
/// of its last row, so rows collected meanwhile never shift a later page. Malformed records (no time) come last.
/// </summary>
public sealed class AuditRecordQueries(NpgsqlDataSource dataSource)
{
    private const string Where = """
        ($1::timestamptz IS NULL OR execution_time >= $1)
        AND ($2::timestamptz IS NULL OR execution_time < $2)
        AND ($3::text IS NULL OR EXISTS (
            SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(actors) = 'array' THEN actors ELSE '[]'::jsonb END) a
            WHERE a->>'id' = $3 OR a->>'summary' ILIKE '%' || $3 || '%'))
        AND ($4::text IS NULL OR root_resource_type = $4)
        AND ($5::text IS NULL OR action = $5)
        """;

    public async Task<AuditRecordPage> PageAsync(AuditRecordFilter filter, string? after, int limit, CancellationToken ct)
    {
        limit = Math.Clamp(limit, 1, 500);
        var (afterTime, afterId, afterNull) = Decode(after);
        await using var command = dataSource.CreateCommand($"""
            SELECT id, execution_time, action, actors::text, method_type, root_resource_id, root_resource_type, root_resource_summary,
                   request_id, remote_address, details::text, malformed
            FROM pagerduty_audit_logs
            WHERE {Where}
              AND ($6::text IS NULL
                   OR ($8 AND execution_time IS NULL AND id > $6)
                   OR (NOT $8 AND (execution_time < $7 OR execution_time IS NULL OR (execution_time = $7 AND id > $6))))
            ORDER BY execution_time DESC NULLS LAST, id
            LIMIT $9
            """);
        AddFilter(command, filter);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)afterId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)afterTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = afterNull });
        command.Parameters.Add(new NpgsqlParameter { Value = limit + 1 });
        var records = new List<AuditRecordView>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                records.Add(new AuditRecordView(
                    reader.GetString(0),
                    reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1),
                    Text(reader, 2),
                    Json(reader, 3),
                    Text(reader, 4),
                    new ResourceView(Text(reader, 5), Text(reader, 6), Text(reader, 7)),
                    Text(reader, 8),
                    Text(reader, 9),
                    Json(reader, 10),
                    reader.GetBoolean(11)));
            }
        }
        if (records.Count <= limit)
        {
            return new AuditRecordPage(records, null);
        }
        records.RemoveAt(limit);
        return new AuditRecordPage(records, Encode(records[^1]));
    }

    /// <summary>Records per UTC day in the filter's range, oldest day first (malformed records without a time are not counted).</summary>
    public async Task<IReadOnlyList<DayCount>> PerDayAsync(AuditRecordFilter filter, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT (execution_time AT TIME ZONE 'UTC')::date AS day, count(*)
            FROM pagerduty_audit_logs
            WHERE execution_time IS NOT NULL AND {Where}
            GROUP BY day ORDER BY day
            """);
        AddFilter(command, filter);
        var days = new List<DayCount>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            days.Add(new DayCount(reader.GetFieldValue<DateOnly>(0), reader.GetInt64(1)));
        }
        return days;
    }

    private static void AddFilter(NpgsqlCommand command, AuditRecordFilter filter)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.From ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.To ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        foreach (var text in new[] { filter.Actor, filter.ResourceType, filter.Action })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = string.IsNullOrWhiteSpace(text) ? DBNull.Value : text.Trim(), NpgsqlDbType = NpgsqlDbType.Text });
        }
    }

    // The cursor is the last row's sort key: "<time as UTC ticks, or '-'>|<id>", base64url so it travels in a query string.
    private static string Encode(AuditRecordView last)
    {
        var time = last.ExecutionTime is { } t ? t.UtcTicks.ToString(CultureInfo.InvariantCulture) : "-";
        return Convert.ToBase64String(Encoding.UTF8.GetBytes($"{time}|{last.Id}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The cursor's (time, id, time-is-null); throws FormatException for a cursor this class did not make.</summary>
    public static (DateTimeOffset? Time, string? Id, bool TimeIsNull) Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return (null, null, false);
        }
        try
        {
            return DecodeText(cursor);
        }
        catch (Exception e) when (e is ArgumentException or OverflowException)
        {
            throw new FormatException("Not a cursor of this API.", e);
        }
    }

    private static (DateTimeOffset? Time, string? Id, bool TimeIsNull) DecodeText(string cursor)
    {
        var base64 = cursor.Replace('-', '+').Replace('_', '/');
        var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=')));
        var bar = text.IndexOf('|', StringComparison.Ordinal);
        if (bar < 1)
        {
            throw new FormatException("Not a cursor of this API.");
        }
        var id = text[(bar + 1)..];
        return text[..bar] == "-"
            ? (null, id, true)
            : (new DateTimeOffset(long.Parse(text[..bar], CultureInfo.InvariantCulture), TimeSpan.Zero), id, false);
    }

    private static string? Text(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    private static JsonNode? Json(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : JsonNode.Parse(reader.GetString(column));
}
