using System.Globalization;
using System.Text.Json.Nodes;
using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Engine.Security;
using AuditOrchestrator.Integrations.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AuditOrchestrator.Api.Runs;

/// <summary>How many of the run's instances are at a step now, have passed it, or are faulted on it.</summary>
public sealed record StepCount(string DefinitionId, string StepId, int Now, int Passed, int Faulted);

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
        var all = new List<InstanceDetail> { root };
        var pending = new Queue<InstanceDetail>([root]);
        while (pending.TryDequeue(out var parent) && all.Count < 5000)
        {
            foreach (var child in parent.Children)
            {
                if (await instances.GetAsync(child.Id, ct) is { } detail)
                {
                    all.Add(detail);
                    pending.Enqueue(detail);
                }
            }
        }
        var items = all.Where(d => d.Variables["item"] is JsonObject)
            .Select(d => ItemOf(d, run.Issue))
            .ToList();
        return new RunProgressView(run.Id, root.Instance.DefinitionId, root.Instance.DefinitionVersion, Count(all), root.Journal, items);
    }

    /// <summary>Per (definition, step): instances there now (waiting or running), instances that completed it, instances faulted on it.</summary>
    public static IReadOnlyList<StepCount> Count(IEnumerable<InstanceDetail> instances)
    {
        var counts = new Dictionary<(string, string), (int Now, int Passed, int Faulted)>();
        void Add((string, string) key, int now, int passed, int faulted)
        {
            var c = counts.GetValueOrDefault(key);
            counts[key] = (c.Now + now, c.Passed + passed, c.Faulted + faulted);
        }
        foreach (var detail in instances)
        {
            var definition = detail.Instance.DefinitionId;
            foreach (var step in detail.Journal.Where(j => j.Kind == "step-completed" && j.StepId is not null).Select(j => j.StepId!).Distinct(StringComparer.Ordinal))
            {
                Add((definition, step), 0, 1, 0);
            }
            if (detail.Instance.CurrentStep is { } current)
            {
                switch (detail.Instance.Status)
                {
                    case "faulted":
                        Add((definition, current), 0, 0, 1);
                        break;
                    case "completed" or "cancelled":
                        break;
                    default:
                        Add((definition, current), 1, 0, 0);
                        break;
                }
            }
        }
        return [.. counts.OrderBy(c => c.Key.Item1, StringComparer.Ordinal).ThenBy(c => c.Key.Item2, StringComparer.Ordinal)
            .Select(c => new StepCount(c.Key.Item1, c.Key.Item2, c.Value.Now, c.Value.Passed, c.Value.Faulted))];
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
