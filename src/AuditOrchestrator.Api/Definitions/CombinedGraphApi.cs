using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Definitions;
using AuditOrchestrator.Engine.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AuditOrchestrator.Api.Definitions;

/// <summary>GET /api/definitions/{id}/combined: an audit's graph with its item and branch flows inlined, as JSON.</summary>
public static class CombinedGraphApi
{
    public static void MapCombinedGraph(this RouteGroupBuilder definitions) =>
        definitions.MapGet("/{id}/combined", async Task<Results<Ok<CombinedGraphView>, ProblemHttpResult>> (
            string id, DefinitionCache cache, ActivityRegistry registry, CancellationToken ct, int? version = null) =>
            await LoadAsync(id, version, cache, registry, ct) is { } graph
                ? TypedResults.Ok(graph)
                : TypedResults.Problem($"No published definition '{id}'{(version is null ? "" : $" version {version}")}.", statusCode: StatusCodes.Status404NotFound));

    /// <summary>The combined graph of a version (default: the active one); children drawn at their active versions.</summary>
    public static async Task<CombinedGraphView?> LoadAsync(string id, int? version, DefinitionCache cache, ActivityRegistry registry, CancellationToken ct)
    {
        var number = version ?? await cache.ActiveVersionAsync(id, ct);
        if (number is null || await cache.FindAsync(id, number.Value, ct) is not { } root)
        {
            return null;
        }
        var children = new Dictionary<string, WorkflowDefinition>(StringComparer.Ordinal);
        var pending = new Queue<WorkflowDefinition>([root]);
        while (pending.TryDequeue(out var definition))
        {
            foreach (var childId in definition.Steps.SelectMany(s => s.ChildDefinitionIds()))
            {
                if (childId == root.Id || children.ContainsKey(childId) || await cache.ActiveVersionAsync(childId, ct) is not { } active)
                {
                    continue;
                }
                if (await cache.FindAsync(childId, active, ct) is { } child)
                {
                    children[childId] = child;
                    pending.Enqueue(child);
                }
            }
        }
        return CombinedGraph.Build(root, registry, childId => children.GetValueOrDefault(childId));
    }
}
