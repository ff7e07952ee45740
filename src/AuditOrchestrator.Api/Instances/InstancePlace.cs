using System.Text.Json.Nodes;
using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Audits.Workflows;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Engine.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AuditOrchestrator.Api.Instances;

/// <summary>
/// Where an instance belongs: the instances above it (oldest first), the audit run at the top (null when it is not
/// part of one) and, for an item's follow-up, the item and its person.
/// </summary>
public sealed record InstancePlaceView(Guid? RunId, string? Audit, string? ItemId, string? Person, IReadOnlyList<InstanceSummary> Parents);

public static class InstancePlace
{
    private const int MaxDepth = 8;

    /// <summary>GET /api/instances/{id}/place.</summary>
    public static void MapInstancePlace(this RouteGroupBuilder instances) =>
        instances.MapGet("/{id:guid}/place", async Task<Results<Ok<InstancePlaceView>, ProblemHttpResult>> (
            Guid id, InstanceQueries queries, AuditRuns runs, CancellationToken ct) =>
        {
            if (await queries.GetAsync(id, ct) is not { } detail)
            {
                return TypedResults.Problem($"No instance {id}.", statusCode: StatusCodes.Status404NotFound);
            }
            var parents = new List<InstanceSummary>();
            for (var parent = detail.Instance.ParentId; parent is { } p && parents.Count < MaxDepth;)
            {
                var above = await queries.GetAsync(p, ct);
                if (above is null)
                {
                    break;
                }
                parents.Insert(0, above.Instance);
                parent = above.Instance.ParentId;
            }
            var top = parents.Count > 0 ? parents[0].Id : id;
            var run = await runs.FindAsync(top, ct);
            var item = detail.State().Item;
            return TypedResults.Ok(new InstancePlaceView(
                run?.Id, run?.Audit, Text(item, "id"), Text(item, "person"), parents));
        }).RequireRole(Role.Viewer);

    private static string? Text(JsonObject? o, string name) => o?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
