using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Runtime;

namespace AuditOrchestrator.Integrations.Workflows;

/// <summary>An item of a run as its flow left it: the item's id, its person and its state (addressed, explained, …).</summary>
public sealed record RunItem(string Id, string? Person, string State);

/// <summary>The items of a run read from the audit instance's children, and the decisions about them.</summary>
public static class RunItems
{
    /// <summary>
    /// Each item of the run's fan-outs with its state, ordered by item id; the items of a flow the run started beside
    /// others (Branches) count too.
    /// </summary>
    public static async Task<IReadOnlyList<RunItem>> ReadAsync(InstanceQueries instances, Guid runInstanceId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var items = new List<RunItem>();
        await CollectAsync(instances, runInstanceId, items, depth: 0, ct);
        items.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return items;
    }

    private static async Task CollectAsync(InstanceQueries instances, Guid parentId, List<RunItem> items, int depth, CancellationToken ct)
    {
        foreach (var child in await instances.SearchAsync(new InstanceFilter(ParentId: parentId, Limit: 1000), ct))
        {
            var detail = await instances.GetAsync(child.Id, ct);
            if (detail?.Variables["item"] is JsonObject item)
            {
                var state = child.Status == "cancelled" ? "cancelled" : StepVariables.String(detail.Variables, "state") ?? "open";
                items.Add(new RunItem(StepVariables.String(item, "id") ?? child.Id.ToString(), StepVariables.String(item, "person"), state));
            }
            else if (detail is not null && depth < 3)
            {
                await CollectAsync(instances, child.Id, items, depth + 1, ct);
            }
        }
    }

    /// <summary>
    /// The items not addressed: anything but addressed, explained (an answer the SOM judges at the review) or
    /// cancelled (an operator took it out of the run).
    /// </summary>
    public static IReadOnlyList<RunItem> NotAddressed(IEnumerable<RunItem> items) =>
        [.. (items ?? throw new ArgumentNullException(nameof(items))).Where(i => i.State is not ("addressed" or "explained" or "cancelled"))];
}
