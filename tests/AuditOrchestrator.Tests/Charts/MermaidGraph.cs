using System.Text.RegularExpressions;

namespace AuditOrchestrator.Tests.Charts;

/// <summary>An edge of a mermaid graph; <paramref name="Label"/> is null when the edge has none.</summary>
internal sealed record MermaidEdge(string From, string To, string? Label, bool Dotted)
{
    public override string ToString() => Label is null ? $"{From} --> {To}" : $"{From} -->|{Label}| {To}";
}

/// <summary>A subgraph of the exported combined graph: its id and the nodes declared inside it (nested ones too).</summary>
internal sealed record MermaidSubgraph(string Id, IReadOnlySet<string> Nodes);

/// <summary>
/// The parts of a mermaid <c>graph</c> the chart test needs: nodes with their labels, edges with their labels, and the
/// subgraphs each node sits in. Reads both the handbook's charts (<c>A-->B</c>, <c>E--No-->F</c>, <c>E-->|No|F</c>,
/// <c>A(label)</c>, <c>E{label}</c>, a statement per line, <c>;</c> optional) and the combined graphs the exporter
/// writes (<c>a -->|yes| b</c>, dotted <c>-.-></c>, quoted labels, <c>subgraph … end</c>).
/// </summary>
internal sealed partial class MermaidGraph
{
    private readonly Dictionary<string, string?> _nodes = new(StringComparer.Ordinal);
    private readonly List<MermaidEdge> _edges = [];
    private readonly List<MermaidSubgraph> _subgraphs = [];
    private readonly Dictionary<string, string> _innermost = new(StringComparer.Ordinal);

    /// <summary>Every node, with its label when the graph declares one.</summary>
    public IReadOnlyDictionary<string, string?> Nodes => _nodes;

    public IReadOnlyList<MermaidEdge> Edges => _edges;

    public IReadOnlyList<MermaidSubgraph> Subgraphs => _subgraphs;

    /// <summary>The innermost subgraph a node was declared in, or null at the top level.</summary>
    public string? InnermostSubgraphOf(string node) => _innermost.GetValueOrDefault(node);

    public static MermaidGraph Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var graph = new MermaidGraph();
        var open = new Stack<(string Id, HashSet<string> Nodes)>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim().TrimEnd(';').Trim();
            if (line.Length == 0 || line.StartsWith("%%", StringComparison.Ordinal) || GraphHeader().IsMatch(line))
            {
                continue;
            }
            if (Subgraph().Match(line) is { Success: true } subgraph)
            {
                open.Push((subgraph.Groups["id"].Value, new HashSet<string>(StringComparer.Ordinal)));
                continue;
            }
            if (line == "end")
            {
                var (id, nodes) = open.Pop();
                graph._subgraphs.Add(new MermaidSubgraph(id, nodes));
                if (open.Count > 0)
                {
                    open.Peek().Nodes.UnionWith(nodes);
                }
                continue;
            }
            if (Edge().Match(line) is { Success: true } edge)
            {
                var label = edge.Groups["inline"].Success ? edge.Groups["inline"].Value : edge.Groups["piped"].Success ? edge.Groups["piped"].Value : null;
                graph.AddNode(edge.Groups["from"].Value, null);
                graph.AddNode(edge.Groups["to"].Value, null);
                graph._edges.Add(new MermaidEdge(edge.Groups["from"].Value, edge.Groups["to"].Value, label?.Trim(), edge.Groups["arrow"].Value == "-.->"));
                continue;
            }
            if (Node().Match(line) is { Success: true } node)
            {
                var id = node.Groups["id"].Value;
                graph.AddNode(id, Unquote(node.Groups["label"].Value));
                if (open.Count > 0)
                {
                    open.Peek().Nodes.Add(id);
                    graph._innermost[id] = open.Peek().Id;
                }
                continue;
            }
            throw new FormatException($"line {lineNumber}: not a mermaid statement this test reads: {raw.Trim()}");
        }
        if (open.Count > 0)
        {
            throw new FormatException($"subgraph {open.Peek().Id} is never closed");
        }
        return graph;
    }

    private void AddNode(string id, string? label)
    {
        if (label is not null || !_nodes.ContainsKey(id))
        {
            _nodes[id] = label;
        }
    }

    private static string Unquote(string label)
    {
        var text = label.Trim();
        return text.Length >= 2 && text[0] == '"' && text[^1] == '"' ? text[1..^1] : text;
    }

    [GeneratedRegex(@"^(graph|flowchart)\s+\w+$")]
    private static partial Regex GraphHeader();

    [GeneratedRegex(@"^subgraph\s+(?<id>\w+)")]
    private static partial Regex Subgraph();

    // A-->B · A --> B · E--No-->F · E-->|No|F · a -->|yes| b · a -.->|all-done| b
    [GeneratedRegex(@"^(?<from>\w+)\s*(?:--(?<inline>[^|>-][^|>]*?)(?<arrow>-->)|(?<arrow>-->|-\.->)\s*(?:\|(?<piped>[^|]*)\|)?)\s*(?<to>\w+)$")]
    private static partial Regex Edge();

    // A(label) · E{label} · a("label") · x{"label"} · s[label]
    [GeneratedRegex(@"^(?<id>\w+)\s*(?:\((?<label>.*)\)|\{(?<label>.*)\}|\[(?<label>.*)\])$")]
    private static partial Regex Node();
}
