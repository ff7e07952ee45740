using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Runtime;

namespace AuditOrchestrator.Audits.Workflows;

/// <summary>An item of a run as its flow left it: the item's id, its person and its state (addressed, explained, …).</summary>
public sealed record RunItem(string Id, string? Person, string State);

/// <summary>
/// The item instances of a run, wherever they are: children of the audit's fan-out, or grandchildren when the audit
/// runs several flows side by side (Branches), each with its own fan-out; and the decisions about them.
/// </summary>
public static class RunItems
{
    /// <summary>Every descendant instance of the run that follows up an item (it has the variable <c>item</c>), however many.</summary>
    public static async Task<IReadOnlyList<InstanceWithVariables>> ListAsync(InstanceQueries instances, Guid runId, CancellationToken ct) =>
        (await RunDescendants.ReadAsync(instances, runId, ct)).Items;

    /// <summary>Each item of the run with its state, ordered by item id.</summary>
    public static async Task<IReadOnlyList<RunItem>> ReadAsync(InstanceQueries instances, Guid runInstanceId, CancellationToken ct)
    {
        var items = (await ListAsync(instances, runInstanceId, ct)).Select(detail =>
        {
            var item = detail.State().Item!;
            var state = ItemStates.Of(detail.Instance.Status, detail.State().State);
            return new RunItem(StepVariables.String(item, "id") ?? detail.Instance.Id.ToString(), StepVariables.String(item, "person"), state);
        }).ToList();
        items.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return items;
    }

    /// <summary>
    /// The one rule of every variant's "have all issues been addressed?": an item needs nothing more when it is
    /// addressed, explained (an answer the SOM judges at the review) or cancelled (an operator took it out of the run,
    /// so nobody waits on it, and nothing is done about it after the review either).
    /// </summary>
    public static bool IsSettled(string? state) => state is ItemStates.Addressed or ItemStates.Explained or ItemStates.Cancelled;

    /// <summary>The items not addressed: every item that is not <see cref="IsSettled"/>.</summary>
    public static IReadOnlyList<RunItem> NotAddressed(IEnumerable<RunItem> items) =>
        [.. (items ?? throw new ArgumentNullException(nameof(items))).Where(i => !IsSettled(i.State))];
}
