using System.Text.Json.Nodes;
using Npgsql;

namespace AuditOrchestrator.Engine.Runtime;

public sealed record InstanceSummary(
    Guid Id, string DefinitionId, int DefinitionVersion, string Status, string? CurrentStep, Guid? ParentId, string? CorrelationKey,
    string? Outcome, JsonObject? Incident, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt);

public sealed record JournalView(long Id, DateTimeOffset At, string Kind, string? StepId, string? Actor, JsonObject? Data);

public sealed record BookmarkView(Guid Id, string StepId, string Kind, string? Signal, string? CorrelationKey, DateTimeOffset? DueAt,
    DateTimeOffset CreatedAt, DateTimeOffset? ConsumedAt, string? ConsumedBy);

public sealed record InstanceDetail(InstanceSummary Instance, JsonObject Variables, IReadOnlyList<JournalView> Journal,
    IReadOnlyList<BookmarkView> Bookmarks, IReadOnlyList<InstanceSummary> Children);

/// <summary>An instance with its variables, without its journal or bookmarks (what walking a large run needs).</summary>
public sealed record InstanceWithVariables(InstanceSummary Instance, JsonObject Variables);

public sealed record InstanceFilter(string? DefinitionId = null, string? Status = null, string? CorrelationKey = null, Guid? ParentId = null, int Limit = 100);

/// <summary>Reads instances for the API and the admin UI.</summary>
public sealed class InstanceQueries(NpgsqlDataSource dataSource)
{
    private const string SummaryColumns =
        "id, definition_id, definition_version, status, current_step, parent_id, correlation_key, outcome, incident::text, created_at, updated_at, completed_at";

    public async Task<IReadOnlyList<InstanceSummary>> SearchAsync(InstanceFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var command = dataSource.CreateCommand($"""
            SELECT {SummaryColumns} FROM workflow_instances
            WHERE ($1::text IS NULL OR definition_id = $1) AND ($2::text IS NULL OR status = $2)
              AND ($3::text IS NULL OR correlation_key = $3) AND ($4::uuid IS NULL OR parent_id = $4)
            ORDER BY created_at DESC, id LIMIT $5
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.DefinitionId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.Status ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.CorrelationKey ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.ParentId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = Math.Clamp(filter.Limit, 1, 1000) });
        return await ReadSummariesAsync(command, ct);
    }

    /// <summary>
    /// Every instance under <paramref name="rootId"/> down to <paramref name="maxDepth"/> levels, oldest first, in one
    /// query and with no cap on how many: an instance for which <paramref name="leafVariable"/> is an object is a leaf
    /// (its own children are not walked).
    /// </summary>
    public async Task<IReadOnlyList<InstanceWithVariables>> DescendantsAsync(Guid rootId, string leafVariable, int maxDepth, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            WITH RECURSIVE tree AS (
                SELECT c.id, c.variables, 1 AS depth FROM workflow_instances c WHERE c.parent_id = $1
                UNION ALL
                SELECT c.id, c.variables, t.depth + 1
                FROM tree t JOIN workflow_instances c ON c.parent_id = t.id
                WHERE jsonb_typeof(t.variables->$2) IS DISTINCT FROM 'object' AND t.depth < $3
            )
            SELECT {SummaryColumns}, variables::text FROM workflow_instances
            WHERE id IN (SELECT id FROM tree)
            ORDER BY created_at, id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = rootId });
        command.Parameters.Add(new NpgsqlParameter { Value = leafVariable });
        command.Parameters.Add(new NpgsqlParameter { Value = maxDepth });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var found = new List<InstanceWithVariables>();
        while (await reader.ReadAsync(ct))
        {
            found.Add(new InstanceWithVariables(ReadSummary(reader), Sql.ReadJsonObject(reader, 12) ?? []));
        }
        return found;
    }

    /// <summary>
    /// Of these delivery keys, the ones the inbox holds or a run has taken: a taken signal stays known in
    /// <c>workflow_taken_signals</c> after the inbox purged its row.
    /// </summary>
    public async Task<IReadOnlySet<string>> KnownDeliveryKeysAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var known = new HashSet<string>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return known;
        }

        await using var command = dataSource.CreateCommand("""
            SELECT delivery_key FROM workflow_inbox WHERE delivery_key = ANY(@keys)
            UNION SELECT delivery_key FROM workflow_taken_signals WHERE delivery_key = ANY(@keys)
            """);
        command.Parameters.AddWithValue("keys", keys.ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            known.Add(reader.GetString(0));
        }
        return known;
    }

    /// <summary>
    /// The live (running, waiting, faulted) child instances whose variables have <paramref name="variable"/>, counted by
    /// the text of their variable <paramref name="groupBy"/> (<paramref name="whenUnset"/> where they have none).
    /// </summary>
    public async Task<IReadOnlyList<(string Value, long Count)>> CountLiveChildrenAsync(string variable, string groupBy, string whenUnset, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT coalesce(variables->>$2, $3), count(*) FROM workflow_instances
            WHERE parent_id IS NOT NULL AND status IN {InstanceStatusNames.LiveSql} AND variables ? $1
            GROUP BY 1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = variable });
        command.Parameters.Add(new NpgsqlParameter { Value = groupBy });
        command.Parameters.Add(new NpgsqlParameter { Value = whenUnset });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var counts = new List<(string, long)>();
        while (await reader.ReadAsync(ct))
        {
            counts.Add((reader.GetString(0), reader.GetInt64(1)));
        }
        return counts;
    }

    /// <summary>
    /// The correlation keys starting with one of <paramref name="prefixes"/> that signal bookmarks waited on, where every
    /// instance that waited on the key has ended (completed or cancelled): a signal there can resume nothing.
    /// </summary>
    public async Task<IReadOnlySet<string>> SettledSignalKeysAsync(IReadOnlyCollection<string> prefixes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
        await using var command = dataSource.CreateCommand($"""
            SELECT b.correlation_key FROM workflow_bookmarks b JOIN workflow_instances i ON i.id = b.instance_id
            WHERE b.kind = 'signal' AND b.correlation_key LIKE ANY(@patterns)
            GROUP BY b.correlation_key
            HAVING bool_and(i.status IN {InstanceStatusNames.FinishedSql})
            """);
        command.Parameters.AddWithValue("patterns", prefixes.Select(p => EscapeLike(p) + "%").ToArray());
        var settled = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            settled.Add(reader.GetString(0));
        }
        return settled;
    }

    /// <summary>The root instances that have not ended (running, waiting, faulted), oldest first.</summary>
    public async Task<IReadOnlyList<Guid>> LiveRootIdsAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT id FROM workflow_instances WHERE parent_id IS NULL AND status IN {InstanceStatusNames.LiveSql} ORDER BY created_at");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var ids = new List<Guid>();
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetGuid(0));
        }
        return ids;
    }

    /// <summary>Of <paramref name="ids"/>, at most <paramref name="limit"/> completed instances, the earliest completed first.</summary>
    public async Task<IReadOnlyList<Guid>> CompletedFirstAsync(IReadOnlyCollection<Guid> ids, int limit, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id FROM workflow_instances WHERE id = ANY($1) AND status = 'completed' ORDER BY completed_at LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var completed = new List<Guid>();
        while (await reader.ReadAsync(ct))
        {
            completed.Add(reader.GetGuid(0));
        }
        return completed;
    }

    /// <summary>
    /// The database's own time at which the bookmark was consumed; the database's now when there is no such bookmark
    /// (or none is given).
    /// </summary>
    public async Task<DateTime> ConsumedOnDatabaseAsync(Guid? bookmarkId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT coalesce((SELECT consumed_on_db FROM workflow_bookmarks WHERE id = $1), clock_timestamp())");
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)bookmarkId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        return (DateTime)(await command.ExecuteScalarAsync(ct))!;
    }

    private static string EscapeLike(string text) => text.Replace(@"\", @"\\", StringComparison.Ordinal)
        .Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    /// <summary>The unconsumed timers of the given instances, per instance (one query for a page of items).</summary>
    public async Task<ILookup<Guid, BookmarkView>> OpenTimersAsync(IReadOnlyCollection<Guid> instanceIds, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT instance_id, id, step_id, kind, signal_name, correlation_key, due_at, created_at
            FROM workflow_bookmarks WHERE instance_id = ANY($1) AND kind = 'timer' AND consumed_at IS NULL AND due_at IS NOT NULL
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = instanceIds.ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Uuid });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var timers = new List<(Guid Instance, BookmarkView Timer)>();
        while (await reader.ReadAsync(ct))
        {
            timers.Add((reader.GetGuid(0), new BookmarkView(reader.GetGuid(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetFieldValue<DateTimeOffset>(6), reader.GetFieldValue<DateTimeOffset>(7), null, null)));
        }
        return timers.ToLookup(t => t.Instance, t => t.Timer);
    }

    public async Task<InstanceDetail?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        InstanceSummary summary;
        JsonObject variables;
        await using (var command = new NpgsqlCommand($"SELECT {SummaryColumns}, variables::text FROM workflow_instances WHERE id = $1", connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = id });
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }
            summary = ReadSummary(reader);
            variables = Sql.ReadJsonObject(reader, 12) ?? [];
        }

        var journal = new List<JournalView>();
        await using (var command = new NpgsqlCommand(
            "SELECT id, at, kind, step_id, actor, data::text FROM workflow_journal WHERE instance_id = $1 ORDER BY id", connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = id });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                journal.Add(new JournalView(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), Sql.ReadJsonObject(reader, 5)));
            }
        }

        var bookmarks = new List<BookmarkView>();
        await using (var command = new NpgsqlCommand("""
            SELECT id, step_id, kind, signal_name, correlation_key, due_at, created_at, consumed_at, consumed_by
            FROM workflow_bookmarks WHERE instance_id = $1 ORDER BY created_at, id
            """, connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = id });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                bookmarks.Add(new BookmarkView(reader.GetGuid(0), reader.GetString(1), reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6),
                    reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7), reader.IsDBNull(8) ? null : reader.GetString(8)));
            }
        }

        var children = await SearchAsync(new InstanceFilter(ParentId: id, Limit: 1000), ct);
        return new InstanceDetail(summary, variables, journal, bookmarks, children);
    }

    private static async Task<IReadOnlyList<InstanceSummary>> ReadSummariesAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var list = new List<InstanceSummary>();
        while (await reader.ReadAsync(ct))
        {
            list.Add(ReadSummary(reader));
        }
        return list;
    }

    private static InstanceSummary ReadSummary(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetGuid(5),
        reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7),
        Sql.ReadJsonObject(reader, 8), reader.GetFieldValue<DateTimeOffset>(9), reader.GetFieldValue<DateTimeOffset>(10),
        reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11));
}
