using AuditOrchestrator.Engine.Runtime;

namespace AuditOrchestrator.Api.Runs;

/// <summary>
/// The one place that says which state each item of a run is in: the runs list counts these states, a run's page
/// lists them per item and totals them the same way. An item is followed up by an instance anywhere under the run
/// (a child of the audit's fan-out, or a grandchild when the audit runs several flows side by side); its state is what
/// that flow last decided, "cancelled" when the instance was cancelled, "open" before any decision. The audit's
/// findings without an instance yet are "open"; items that came later (the token review's rows) are counted too.
/// </summary>
public sealed class RunItemCounts(TreeQueries trees)
{
    private static readonly ItemNaming Items = new(Leaf: "item", Listed: "items", State: "state", Unset: "open", MaxDepth: 4);

    /// <summary>Per run: each item's id and its state, in one query for every run asked for.</summary>
    public Task<Dictionary<Guid, Dictionary<string, string>>> StatesAsync(IReadOnlyCollection<Guid> runIds, CancellationToken ct) =>
        trees.ItemStatesAsync(runIds, Items, ct);

    /// <summary>Per run: how many items are in each state, counted by the database (a list never reads every item).</summary>
    public Task<Dictionary<Guid, Dictionary<string, int>>> CountsAsync(IReadOnlyCollection<Guid> runIds, CancellationToken ct) =>
        trees.ItemStateCountsAsync(runIds, Items, ct);

    /// <summary>How many items are in each state.</summary>
    public static Dictionary<string, int> Count(IEnumerable<string> states) =>
        states.GroupBy(s => s, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
