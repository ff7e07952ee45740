namespace AuditOrchestrator.Tests.Charts;

/// <summary>An edge of the flow graph; <paramref name="FromPlumbing"/> when it leaves a fan-out or its join.</summary>
internal sealed record FlowEdge(string From, string To, string? Label, bool FromPlumbing);

/// <summary>
/// The exported combined graph read as the runtime walks it. A fan-out (or Branches) node is two nodes: the entry,
/// whose edges enter its subgraph(s), and its join (<c>node#join</c>), reached by every edge that leaves the subgraph
/// (an outcome that ends the item) and leaving by the fan-out's own edges (<c>all-done</c>). Both are plumbing.
/// </summary>
internal sealed class FlowGraph
{
    private readonly Dictionary<string, List<FlowEdge>> _out = new(StringComparer.Ordinal);
    private readonly HashSet<string> _plumbing = new(StringComparer.Ordinal);

    private FlowGraph(MermaidGraph exported)
    {
        Exported = exported;
    }

    public MermaidGraph Exported { get; }

    public IReadOnlySet<string> Plumbing => _plumbing;

    public static string JoinOf(string node) => node + "#join";

    public IReadOnlyList<FlowEdge> From(string node) => _out.TryGetValue(node, out var edges) ? edges : [];

    public static FlowGraph Build(MermaidGraph exported)
    {
        ArgumentNullException.ThrowIfNull(exported);
        var graph = new FlowGraph(exported);
        var subgraphs = exported.Subgraphs.ToDictionary(s => s.Id, s => s.Nodes, StringComparer.Ordinal);
        var ownerOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var subgraph in exported.Subgraphs)
        {
            var entries = exported.Edges.Where(e => !subgraph.Nodes.Contains(e.From) && subgraph.Nodes.Contains(e.To)).Select(e => e.From).Distinct().ToList();
            ownerOf[subgraph.Id] = entries.Count == 1 ? entries[0]
                : throw new FormatException($"subgraph {subgraph.Id} is entered from {entries.Count} nodes, expected one (its fan-out)");
        }
        var owned = ownerOf.GroupBy(o => o.Value, o => subgraphs[o.Key], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var owner in owned.Keys)
        {
            graph._plumbing.Add(owner);
            graph._plumbing.Add(JoinOf(owner));
        }
        foreach (var edge in exported.Edges)
        {
            var isOwner = owned.TryGetValue(edge.From, out var children);
            var entry = isOwner && children!.Any(c => c.Contains(edge.To));
            var from = isOwner && !entry ? JoinOf(edge.From) : edge.From;
            var to = edge.To;
            if (!entry && exported.InnermostSubgraphOf(edge.From) is { } inside && !subgraphs[inside].Contains(edge.To))
            {
                to = JoinOf(ownerOf[inside]);
            }
            if (!graph._out.TryGetValue(from, out var list))
            {
                graph._out[from] = list = [];
            }
            list.Add(new FlowEdge(from, to, edge.Label, isOwner));
        }
        return graph;
    }
}
