using System.Globalization;
using System.Text;
using AuditOrchestrator.Audits.Workflows;
using AuditOrchestrator.Engine.Runtime;
using Npgsql;
using NpgsqlTypes;

namespace AuditOrchestrator.Api.Runs;

/// <summary>What GET /api/runs filters on; <see cref="After"/> is the cursor a previous page gave.</summary>
public sealed record RunListFilter(string? Audit = null, string? Person = null, bool Tests = false, string? After = null, int Limit = RunList.DefaultLimit);

/// <summary>One listed run: its row and what the list says of its audit instance, without items or journals.</summary>
public sealed record ListedRun(AuditRun Run, string? InstanceStatus, bool Test, bool ReviewRequested, bool ChildFaulted);

public sealed record RunListPage(IReadOnlyList<ListedRun> Runs, string? Next);

/// <summary>
/// The runs list in one keyset-paged query (newest first: created_at desc, id): filters are applied before the page
/// is cut, so a page is never short because runs were filtered out after it was read.
/// </summary>
public sealed class RunList(NpgsqlDataSource dataSource)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    public async Task<RunListPage> PageAsync(RunListFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var limit = Math.Clamp(filter.Limit, 1, MaxLimit);
        var (afterTime, afterId) = Decode(filter.After);
        await using var command = dataSource.CreateCommand($"""
            SELECT r.id, r.audit, r.kind, r.period, r.som, r.issue_project_id, r.issue_iid, r.issue_url, r.created_at,
                   i.status,
                   coalesce(i.variables->'testRun' = 'true'::jsonb, false),
                   coalesce(jsonb_typeof(i.variables->'review') NOT IN ('null'), false),
                   EXISTS (SELECT 1 FROM workflow_instances c WHERE c.parent_id = r.id AND c.status = '{InstanceStatusNames.Faulted}')
            FROM audit_runs r LEFT JOIN workflow_instances i ON i.id = r.id
            WHERE ($1::text IS NULL OR r.audit = $1)
              AND ($2 OR NOT coalesce(i.variables->'testRun' = 'true'::jsonb, false))
              AND ($3::text IS NULL OR EXISTS (
                  SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(i.variables->'items') = 'array' THEN i.variables->'items' ELSE '[]'::jsonb END) item
                  WHERE strpos(lower(coalesce(item->>'person', '')), lower($3)) > 0 OR strpos(lower(coalesce(item->>'id', '')), lower($3)) > 0))
              AND ($4::timestamptz IS NULL OR r.created_at < $4 OR (r.created_at = $4 AND r.id > $5))
            ORDER BY r.created_at DESC, r.id
            LIMIT $6
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = string.IsNullOrWhiteSpace(filter.Audit) ? DBNull.Value : filter.Audit, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = filter.Tests });
        command.Parameters.Add(new NpgsqlParameter { Value = string.IsNullOrWhiteSpace(filter.Person) ? DBNull.Value : filter.Person.Trim(), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)afterTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = afterId, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = limit + 1 });
        var runs = new List<ListedRun>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var run = new AuditRun(
                    reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : new AuditIssueRef(reader.GetInt64(5), reader.GetInt32(6), reader.GetString(7)),
                    reader.GetFieldValue<DateTimeOffset>(8));
                runs.Add(new ListedRun(run, reader.IsDBNull(9) ? null : reader.GetString(9), reader.GetBoolean(10), reader.GetBoolean(11), reader.GetBoolean(12)));
            }
        }
        if (runs.Count <= limit)
        {
            return new RunListPage(runs, null);
        }
        runs.RemoveAt(limit);
        return new RunListPage(runs, Encode(runs[^1].Run));
    }

    // The cursor is the last run's sort key, "<created_at as UTC ticks>|<id>", base64url so it travels in a query string.
    private static string Encode(AuditRun last) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{last.CreatedAt.UtcTicks}|{last.Id}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The cursor's (created_at, id); throws FormatException for a cursor this class did not make.</summary>
    public static (DateTimeOffset? Time, Guid Id) Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return (null, Guid.Empty);
        }
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=')));
            var parts = text.Split('|');
            if (parts.Length != 2)
            {
                throw new FormatException("Not a cursor of this API.");
            }
            return (new DateTimeOffset(long.Parse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture), TimeSpan.Zero), Guid.Parse(parts[1], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is ArgumentException or OverflowException)
        {
            throw new FormatException("Not a cursor of this API.", e);
        }
    }
}
