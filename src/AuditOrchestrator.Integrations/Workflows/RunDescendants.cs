using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Runtime;

namespace AuditOrchestrator.Integrations.Workflows;

/// <summary>The instances under a run, at any depth.</summary>
/// <param name="Items">The item instances (those with an <c>item</c> variable), oldest first.</param>
/// <param name="Flows">Every other descendant: the flows in between, like the branches of a Zendesk run.</param>
public sealed record RunDescendants(IReadOnlyList<InstanceDetail> Items, IReadOnlyList<InstanceDetail> Flows)
{
    public bool AnyFaulted => Items.Concat(Flows).Any(d => d.Instance.Status == "faulted");

    /// <summary>
    /// Reads the instances under a run. An audit that runs several flows (Branches) has its items one level further
    /// down than one that fans out directly, and the token review starts its items as rows appear.
    /// </summary>
    public static async Task<RunDescendants> ReadAsync(InstanceQueries instances, Guid runId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var items = new List<InstanceDetail>();
        var flows = new List<InstanceDetail>();
        var parents = new Queue<Guid>([runId]);
        while (parents.TryDequeue(out var parent))
        {
            foreach (var child in await instances.SearchAsync(new InstanceFilter(ParentId: parent, Limit: 1000), ct))
            {
                if (await instances.GetAsync(child.Id, ct) is not { } detail)
                {
                    continue;
                }
                if (detail.Variables["item"] is JsonObject)
                {
                    items.Add(detail);
                }
                else
                {
                    flows.Add(detail);
                    parents.Enqueue(child.Id);
                }
            }
        }
        items.Sort((a, b) => a.Instance.CreatedAt != b.Instance.CreatedAt
            ? a.Instance.CreatedAt.CompareTo(b.Instance.CreatedAt)
            : a.Instance.Id.CompareTo(b.Instance.Id));
        return new RunDescendants(items, flows);
    }

    /// <summary>The item's id as the runs API and the review show it.</summary>
    public static string? ItemId(InstanceDetail detail) =>
        StepVariables.String((detail ?? throw new ArgumentNullException(nameof(detail))).Variables["item"] as JsonObject, "id");
}
