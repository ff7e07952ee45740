using System.Globalization;
using System.Text;
using AuditOrchestrator.Audits.Workflows;
using AuditOrchestrator.Engine.Runtime;

namespace AuditOrchestrator.Api.Runs;

/// <summary>What GET /api/runs filters on; <see cref="After"/> is the cursor a previous page gave.</summary>
public sealed record RunListFilter(string? Audit = null, string? Person = null, bool Tests = false, string? After = null, int Limit = RunList.DefaultLimit);

/// <summary>One listed run: its row and what the list says of its audit instance, without items or journals.</summary>
public sealed record ListedRun(AuditRun Run, string? InstanceStatus, bool Test, bool ReviewRequested, bool ChildFaulted);

public sealed record RunListPage(IReadOnlyList<ListedRun> Runs, string? Next);

/// <summary>
/// The runs list, newest first (created_at desc, id): the runs' rows give the order and the audit filter, and the engine
/// cuts the page from them in one query that first applies the filters on the run instances' variables, so a page is
/// never short because runs were filtered out after it was read.
/// </summary>
public sealed class RunList(AuditRuns auditRuns, InstancePages pages)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    private static readonly VariableTest IsTestRun = new VariableTest.IsTrue("testRun");
    private static readonly VariableTest ReviewRequested = new VariableTest.IsSet("review");

    // A person search matches an item's person or its id, ignoring case.
    private static readonly string[] ItemTextFields = ["person", "id"];

    public async Task<RunListPage> PageAsync(RunListFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var limit = Math.Clamp(filter.Limit, 1, MaxLimit);
        var (afterTime, afterId) = Decode(filter.After);
        var candidates = await auditRuns.NewestFirstKeysAsync(
            string.IsNullOrWhiteSpace(filter.Audit) ? null : filter.Audit, afterTime is { } time ? (time, afterId) : null, ct);
        var where = new List<VariableTest>();
        if (!filter.Tests)
        {
            where.Add(new VariableTest.Not(IsTestRun));
        }
        if (!string.IsNullOrWhiteSpace(filter.Person))
        {
            where.Add(new VariableTest.HasElementContaining("items", ItemTextFields, filter.Person.Trim()));
        }
        var page = await pages.NewestFirstAsync(new InstancePageRequest(candidates, where, [IsTestRun, ReviewRequested], limit + 1), ct);
        var rows = page.Count == 0 ? new Dictionary<Guid, AuditRun>() : await auditRuns.FindAllAsync([.. page.Select(e => e.Id)], ct);
        // A row removed since its key was read is left out.
        var runs = page.Where(e => rows.ContainsKey(e.Id))
            .Select(e => new ListedRun(rows[e.Id], e.Status, e.Passes(IsTestRun), e.Passes(ReviewRequested), e.ChildFaulted))
            .ToList();
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
