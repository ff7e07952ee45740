using System.Globalization;
using System.Text.Json.Nodes;
using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Engine.Security;
using AuditOrchestrator.Integrations.Workflows;
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
    Guid Id, string DefinitionId, int DefinitionVersion, IReadOnlyList<StepCount> Steps, IReadOnlyList<JournalView> Journal, IReadOnlyList<ItemProgress> Items);

public static class RunProgress
{
    public static void MapRunProgress(this RouteGroupBuilder runs) =>
        runs.MapGet("/{id:guid}/progress", async Task<Results<Ok<RunProgressView>, ProblemHttpResult>> (
            Guid id, AuditRuns auditRuns, InstanceQueries instances, CancellationToken ct) =>
            await auditRuns.FindAsync(id, ct) is { } run && await instances.GetAsync(id, ct) is { } root
                ? TypedResults.Ok(await ReadAsync(run, root, instances, ct))
                : TypedResults.Problem($"No run {id}.", statusCode: StatusCodes.Status404NotFound)).RequireRole(Role.Viewer);

    private static async Task<RunProgressView> ReadAsync(AuditRun run, InstanceDetail root, InstanceQueries instances, CancellationToken ct)
    {
        var all = new List<(InstanceDetail Detail, string Flow)> { (root, root.Instance.DefinitionId) };
        var pending = new Queue<(InstanceDetail Detail, string Flow)>(all);
        while (pending.TryDequeue(out var parent) && all.Count < 5000)
        {
            foreach (var child in parent.Detail.Children)
            {
                if (await instances.GetAsync(child.Id, ct) is { } detail)
                {
                    var placed = (detail, $"{parent.Flow}/{detail.Instance.DefinitionId}");
                    all.Add(placed);
                    pending.Enqueue(placed);
                }
            }
        }
        var items = all.Select(a => a.Detail).Where(d => d.Variables["item"] is JsonObject)
            .Select(d => ItemOf(d, run.Issue))
            .ToList();
        return new RunProgressView(run.Id, root.Instance.DefinitionId, root.Instance.DefinitionVersion, Count(all), root.Journal, items);
    }

    /// <summary>Per step, each instance's definition taken as its flow.</summary>
    public static IReadOnlyList<StepCount> Count(IEnumerable<InstanceDetail> instances) =>
        Count(instances.Select(d => (d, d.Instance.DefinitionId)));

    /// <summary>Per (flow, step): instances there now (waiting or running), instances that completed it, instances faulted on it.</summary>
    public static IReadOnlyList<StepCount> Count(IEnumerable<(InstanceDetail Detail, string Flow)> instances)
    {
        var counts = new Dictionary<(string Flow, string Step), (string Definition, int Now, int Passed, int Faulted)>();
        foreach (var (detail, flow) in instances)
        {
            var definition = detail.Instance.DefinitionId;
            void Add((string, string) key, int now, int passed, int faulted)
            {
                var c = counts.GetValueOrDefault(key);
                counts[key] = (definition, c.Now + now, c.Passed + passed, c.Faulted + faulted);
            }
            foreach (var step in detail.Journal.Where(j => j.Kind == "step-completed" && j.StepId is not null).Select(j => j.StepId!).Distinct(StringComparer.Ordinal))
            {
                Add((flow, step), 0, 1, 0);
            }
            if (detail.Instance.CurrentStep is { } current)
            {
                switch (detail.Instance.Status)
                {
                    case "faulted":
                        Add((flow, current), 0, 0, 1);
                        break;
                    case "completed" or "cancelled":
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
            (detail.Variables["item"] as JsonObject)?["id"]?.GetValue<string>() ?? "",
            detail.Instance.Id, detail.Instance.Status, detail.Instance.CurrentStep, pings, detail.Journal);
    }
}
