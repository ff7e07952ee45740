using Npgsql;
using NpgsqlTypes;

namespace AuditOrchestrator.Engine.Runtime;

/// <summary>An instance's id with the caller's own sort key for it (for example when the caller's row for it was made).</summary>
public readonly record struct KeyedId(Guid Id, DateTimeOffset Key);

/// <summary>
/// A test of an instance's variables, naming them as the caller does. An id with no instance passes none of these
/// tests (so it passes every <see cref="Not"/>).
/// </summary>
public abstract record VariableTest
{
    private protected VariableTest()
    {
    }

    /// <summary>The variable is JSON true.</summary>
    public sealed record IsTrue(string Variable) : VariableTest;

    /// <summary>The variable holds a value other than JSON null.</summary>
    public sealed record IsSet(string Variable) : VariableTest;

    /// <summary>The variable is an array with an element one of whose <see cref="Fields"/> contains <see cref="Text"/>, ignoring case.</summary>
    public sealed record HasElementContaining(string Variable, IReadOnlyList<string> Fields, string Text) : VariableTest;

    public sealed record Not(VariableTest Test) : VariableTest;
}

/// <summary>
/// Which page to cut from the caller's <paramref name="Candidates"/>: the first <paramref name="Limit"/> whose instances
/// pass every test in <paramref name="Where"/>, highest key first (ties by id). Each entry answers the tests in
/// <paramref name="Report"/>.
/// </summary>
public sealed record InstancePageRequest(IReadOnlyCollection<KeyedId> Candidates, IReadOnlyList<VariableTest> Where, IReadOnlyList<VariableTest> Report, int Limit);

/// <summary>One id of a page: its instance's status (null when there is no such instance) and whether one of its children faulted.</summary>
public sealed record InstancePageEntry(Guid Id, string? Status, bool ChildFaulted, IReadOnlySet<VariableTest> Passed)
{
    public bool Passes(VariableTest test) => Passed.Contains(test);
}

/// <summary>
/// Pages of instances in the caller's order, filtered on their variables in the same query that cuts the page, so a
/// page is never short because instances were filtered out after it was read.
/// </summary>
public sealed class InstancePages(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<InstancePageEntry>> NewestFirstAsync(InstancePageRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parameters = new Parameters();
        var ids = parameters.Add(request.Candidates.Select(c => c.Id).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid);
        var keys = parameters.Add(request.Candidates.Select(c => c.Key).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz);
        var where = request.Where.Count == 0 ? "true" : string.Join(" AND ", request.Where.Select(t => Condition(t, parameters)));
        var report = string.Concat(request.Report.Select(t => $", {Condition(t, parameters)}"));
        var limit = parameters.Add(request.Limit, NpgsqlDbType.Integer);
        await using var command = dataSource.CreateCommand($"""
            SELECT c.id, i.status,
                   EXISTS (SELECT 1 FROM workflow_instances ch WHERE ch.parent_id = c.id AND ch.status = '{InstanceStatusNames.Faulted}'){report}
            FROM unnest({ids}::uuid[], {keys}::timestamptz[]) AS c(id, key)
            LEFT JOIN workflow_instances i ON i.id = c.id
            WHERE {where}
            ORDER BY c.key DESC, c.id
            LIMIT {limit}
            """);
        command.Parameters.AddRange(parameters.All.ToArray());
        var page = new List<InstancePageEntry>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var passed = new HashSet<VariableTest>();
            for (var t = 0; t < request.Report.Count; t++)
            {
                if (reader.GetBoolean(3 + t))
                {
                    passed.Add(request.Report[t]);
                }
            }
            page.Add(new InstancePageEntry(reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetBoolean(2), passed));
        }
        return page;
    }

    // Never null: a missing instance's variables are NULL, and each test reads that as not passed.
    private static string Condition(VariableTest test, Parameters parameters) => test switch
    {
        VariableTest.IsTrue t => $"coalesce(i.variables->{parameters.Text(t.Variable)} = 'true'::jsonb, false)",
        VariableTest.IsSet t => $"coalesce(jsonb_typeof(i.variables->{parameters.Text(t.Variable)}) <> 'null', false)",
        VariableTest.HasElementContaining t => HasElementContaining(parameters.Text(t.Variable),
            parameters.Add(t.Fields.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text), parameters.Text(t.Text)),
        VariableTest.Not t => $"NOT {Condition(t.Test, parameters)}",
        _ => throw new ArgumentOutOfRangeException(nameof(test), test, "Not a test the engine knows."),
    };

    private static string HasElementContaining(string variable, string fields, string text) => $"""
        EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(i.variables->{variable}) = 'array' THEN i.variables->{variable} ELSE '[]'::jsonb END) e
                WHERE EXISTS (SELECT 1 FROM unnest({fields}::text[]) f WHERE strpos(lower(coalesce(e->>f, '')), lower({text})) > 0))
        """;

    /// <summary>The query's parameters, each named by its position ($1, $2, …) as it is added.</summary>
    private sealed class Parameters
    {
        public List<NpgsqlParameter> All { get; } = [];

        public string Add(object value, NpgsqlDbType type)
        {
            All.Add(new NpgsqlParameter { Value = value, NpgsqlDbType = type });
            return $"${All.Count}";
        }

        public string Text(string value) => Add(value, NpgsqlDbType.Text);
    }
}
