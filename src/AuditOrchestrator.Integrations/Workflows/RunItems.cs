using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Runtime;

namespace AuditOrchestrator.Integrations.Workflows;

/// <summary>An item of a run as its flow left it: the item's id, its person and its state (addressed, explained, …).</summary>
public sealed record RunItem(string Id, string? Person, string State);

/// <summary>The items of a run read from the audit instance's children, and the decisions about them.</summary>
public static class RunItems
{
    /// <summary>Each item of the run's fan-outs with its state, ordered by item id.</summary>
    public static async Task<IReadOnlyList<RunItem>> ReadAsync(InstanceQueries instances, Guid runInstanceId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var items = new List<RunItem>();
        foreach (var child in await instances.SearchAsync(new InstanceFilter(ParentId: runInstanceId, Limit: 1000), ct))
        {
            var detail = await instances.GetAsync(child.Id, ct);
            if (detail?.Variables["item"] is not JsonObject item)
            {
                continue;
            }
            var state = child.Status == "cancelled" ? "cancelled" : StepVariables.String(detail.Variables, "state") ?? "open";
            items.Add(new RunItem(StepVariables.String(item, "id") ?? child.Id.ToString(), StepVariables.String(item, "person"), state));
        }
        items.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return items;
    }

    /// <summary>
    /// The items not addressed: anything but addressed, explained (an answer the SOM judges at the review) or
    /// cancelled (an operator took it out of the run).
    /// </summary>
    public static IReadOnlyList<RunItem> NotAddressed(IEnumerable<RunItem> items) =>
        [.. (items ?? throw new ArgumentNullException(nameof(items))).Where(i => i.State is not ("addressed" or "explained" or "cancelled"))];
}
