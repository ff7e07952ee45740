using System.Globalization;
using System.Text.Json.Nodes;
using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Audits.Workflows;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Engine.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AuditOrchestrator.Api.Runs;

/// <summary>
/// How many of the run's instances are at a step now, have passed it, or are faulted on it. <paramref name="Flow"/> is
/// the chain of definitions from the audit down to the step's ("zendesk/zendesk-findings/followup-item"), so a flow
/// used in two places of one audit (Zendesk's findings and token review) is counted in each place apart.
/// </summary>
public sealed record StepCount(string DefinitionId, string StepId, int Now, int Passed, int Faulted, string Flow);

public sealed record PingView(DateTimeOffset At, string? Step, string? Whom, string? Mention, long? NoteId, string? Url);

public sealed record ItemProgress(string Id, Guid InstanceId, string Status, string? CurrentStep, IReadOnlyList<PingView> Pings, IReadOnlyList<JournalView> Journal);

/// <summary>GET /api/runs/{id}/progress: what the run page draws on the combined graph, and each item's pings and journal.</summary>
public sealed record RunProgressView(
    Guid Id, string DefinitionId, int DefinitionVersion, IReadOnlyList<StepCount> Steps, IReadOnlyList<JournalView> Journal, IReadOnlyList<ItemProgress> Items)
{
    /// <summary>How many items the run has; <see cref="Items"/> is one page of them.</summary>
    public int ItemCount { get; init; }

    /// <summary>The <c>offset</c> of the next page of items, null on the last page.</summary>
    public int? NextOffset { get; init; }
}

/// <summary>Where one instance is: its flow (see <see cref="StepCount"/>), status, current step and the steps it completed.</summary>
public sealed record StepPosition(string Flow, string DefinitionId, string Status, string? CurrentStep, IReadOnlyCollection<string> CompletedSteps);

public static class RunProgress
{
    /// <summary>
    /// The run's step counts cover every instance under it (counted from one row per instance, never their journals);
    /// the items with their pings and journals come a page at a time (<c>offset</c>, <c>limit</c>).
    /// </summary>
    public static void MapRunProgress(this RouteGroupBuilder runs) =>
        runs.MapGet("/{id:guid}/progress", async Task<Results<Ok<RunProgressView>, ProblemHttpResult>> (
            Guid id, AuditRuns auditRuns, InstanceQueries instances, RunStepPositions positions, CancellationToken ct,
            int offset = 0, int limit = RunsApi.DefaultItemLimit) =>
        {
            if (offset < 0 || limit is < 1 or > RunsApi.MaxItemLimit)
            {
                return TypedResults.Problem($"'offset' must be 0 or more and 'limit' between 1 and {RunsApi.MaxItemLimit}.", statusCode: StatusCodes.Status400BadRequest);
            }
            return await auditRuns.FindAsync(id, ct) is { } run && await instances.GetAsync(id, ct) is { } root
                ? TypedResults.Ok(await ReadAsync(run, root, instances, positions, offset, limit, ct))
                : TypedResults.Problem($"No run {id}.", statusCode: StatusCodes.Status404NotFound);
        }).RequireRole(Role.Viewer);

    private static async Task<RunProgressView> ReadAsync(
        AuditRun run, InstanceDetail root, InstanceQueries instances, RunStepPositions positions, int offset, int limit, CancellationToken ct)
    {
        var steps = Count(await positions.ReadAsync(root.Instance.Id, ct));
        var all = (await RunDescendants.ReadAsync(instances, root.Instance.Id, ct)).Items;
        var items = new List<ItemProgress>();
        foreach (var item in all.Skip(offset).Take(limit))
        {
            if (await instances.GetAsync(item.Instance.Id, ct) is { } detail)
            {
                items.Add(ItemOf(detail, run.Issue));
            }
        }
        var next = offset + items.Count;
        return new RunProgressView(run.Id, root.Instance.DefinitionId, root.Instance.DefinitionVersion, steps, root.Journal, items)
        {
            ItemCount = all.Count,
            NextOffset = next < all.Count ? next : null,
        };
    }

    /// <summary>Per step, each instance's definition taken as its flow.</summary>
    public static IReadOnlyList<StepCount> Count(IEnumerable<InstanceDetail> instances) =>
        Count(instances.Select(d => (d, d.Instance.DefinitionId)));

    /// <summary>The same from instances with their journals.</summary>
    public static IReadOnlyList<StepCount> Count(IEnumerable<(InstanceDetail Detail, string Flow)> instances) =>
        Count(instances.Select(i => new StepPosition(i.Flow, i.Detail.Instance.DefinitionId, i.Detail.Instance.Status, i.Detail.Instance.CurrentStep,
            [.. i.Detail.Journal.Where(j => j.Kind == "step-completed" && j.StepId is not null).Select(j => j.StepId!).Distinct(StringComparer.Ordinal)])));

    /// <summary>Per (flow, step): instances there now (waiting or running), instances that completed it, instances faulted on it.</summary>
    public static IReadOnlyList<StepCount> Count(IEnumerable<StepPosition> instances)
    {
        var counts = new Dictionary<(string Flow, string Step), (string Definition, int Now, int Passed, int Faulted)>();
        foreach (var position in instances)
        {
            var flow = position.Flow;
            var definition = position.DefinitionId;
            void Add((string, string) key, int now, int passed, int faulted)
            {
                var c = counts.GetValueOrDefault(key);
                counts[key] = (definition, c.Now + now, c.Passed + passed, c.Faulted + faulted);
            }
            foreach (var step in position.CompletedSteps.Distinct(StringComparer.Ordinal))
            {
                Add((flow, step), 0, 1, 0);
            }
            if (position.CurrentStep is { } current)
            {
                switch (position.Status)
                {
                    case InstanceStatusNames.Faulted:
                        Add((flow, current), 0, 0, 1);
                        break;
                    case InstanceStatusNames.Completed or InstanceStatusNames.Cancelled:
                        break;
                    default:
                        Add((flow, current), 1, 0, 0);
                        break;
                }
            }
        }
        return [.. counts.OrderBy(c => c.Key.Flow, StringComparer.Ordinal).ThenBy(c => c.Key.Step, StringComparer.Ordinal)
            .Select(c => new StepCount(c.Value.Definition, c.Key.Step, c.Value.Now, c.Value.Passed, c.Value.Faulted, c.Key.Flow))];
    }

    private static ItemProgress ItemOf(InstanceDetail detail, AuditIssueRef? issue)
    {
        var pings = detail.Journal.Where(j => j.Kind == "pinged").Select(j =>
        {
            var noteId = j.Data?["noteId"] is JsonValue v && v.TryGetValue<long>(out var n) ? n : (long?)null;
            var url = issue is null || noteId is null ? null : string.Create(CultureInfo.InvariantCulture, $"{issue.WebUrl}#note_{noteId}");
            return new PingView(j.At, j.StepId, j.Data?["whom"]?.ToString(), j.Data?["mention"]?.ToString(), noteId, url);
        }).ToList();
        return new ItemProgress(
            detail.State().Item?["id"]?.GetValue<string>() ?? "",
            detail.Instance.Id, detail.Instance.Status, detail.Instance.CurrentStep, pings, detail.Journal);
    }
}
