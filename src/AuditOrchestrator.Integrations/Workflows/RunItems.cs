using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Runtime;

namespace AuditOrchestrator.Integrations.Workflows;

/// <summary>
/// The item instances of a run, wherever they are: children of the audit's fan-out, or grandchildren when the audit
/// runs several flows side by side (Branches), each with its own fan-out.
/// </summary>
public static class RunItems
{
    private const int MaxDepth = 4;

    /// <summary>Every descendant instance of the run that follows up an item (it has the variable <c>item</c>).</summary>
    public static async Task<IReadOnlyList<InstanceDetail>> ListAsync(InstanceQueries instances, Guid runId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var found = new List<InstanceDetail>();
        var level = new List<Guid> { runId };
        for (var depth = 0; depth < MaxDepth && level.Count > 0; depth++)
        {
            var next = new List<Guid>();
            foreach (var parent in level)
            {
                foreach (var child in await instances.SearchAsync(new InstanceFilter(ParentId: parent, Limit: 1000), ct))
                {
                    if (await instances.GetAsync(child.Id, ct) is not { } detail)
                    {
                        continue;
                    }
                    if (detail.Variables["item"] is JsonObject)
                    {
                        found.Add(detail);
                    }
                    else
                    {
                        next.Add(child.Id);
                    }
                }
            }
            level = next;
        }
        return found;
    }
}
