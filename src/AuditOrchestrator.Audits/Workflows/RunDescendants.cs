using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Runtime;

namespace AuditOrchestrator.Audits.Workflows;

/// <summary>The instances under a run, at any depth, with their variables (never their journals).</summary>
/// <param name="Items">The item instances (those with an <c>item</c> variable), oldest first.</param>
/// <param name="Flows">Every other descendant: the flows in between, like the branches of a Zendesk run.</param>
public sealed record RunDescendants(IReadOnlyList<InstanceWithVariables> Items, IReadOnlyList<InstanceWithVariables> Flows)
{
    private const int MaxDepth = 4;

    public bool AnyFaulted => Items.Concat(Flows).Any(d => d.Instance.Status == InstanceStatusNames.Faulted);

    /// <summary>
    /// Reads every instance under a run in one query, however many items it has. An audit that runs several flows
    /// (Branches) has its items one level further down than one that fans out directly, and the token review starts
    /// its items as rows appear.
    /// </summary>
    public static async Task<RunDescendants> ReadAsync(InstanceQueries instances, Guid runId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var all = await instances.DescendantsAsync(runId, "item", MaxDepth, ct);
        return new RunDescendants(
            [.. all.Where(d => d.State().Item is not null)],
            [.. all.Where(d => d.State().Item is null)]);
    }

    /// <summary>The item's id as the runs API and the review show it.</summary>
    public static string? ItemId(InstanceWithVariables detail) =>
        StepVariables.String((detail ?? throw new ArgumentNullException(nameof(detail))).State().Item, "id");
}
