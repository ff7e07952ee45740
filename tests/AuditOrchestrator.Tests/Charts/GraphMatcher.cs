namespace AuditOrchestrator.Tests.Charts;

/// <summary>Whether a chart edge is realised by the flow graph (see workflows/README.md, "How a chart is mapped").</summary>
internal static class GraphMatcher
{
    /// <summary>
    /// True when a path leads from a node of <paramref name="from"/> to a node of <paramref name="to"/>, passing only
    /// through nodes of <paramref name="from"/> and plumbing, whose last edge leaving a non-plumbing node carries
    /// <paramref name="label"/> (case and spacing aside; null accepts any outcome).
    /// </summary>
    public static bool Realises(FlowGraph graph, IReadOnlySet<string> from, IReadOnlySet<string> to, string? label)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var seen = new HashSet<(string, string?)>();
        var queue = new Queue<(string Node, string? Outcome)>(from.Select(n => (n, (string?)null)));
        while (queue.TryDequeue(out var at))
        {
            if (!seen.Add(at))
            {
                continue;
            }
            foreach (var edge in graph.From(at.Node))
            {
                var outcome = edge.FromPlumbing ? at.Outcome : edge.Label;
                if (to.Contains(edge.To) && (label is null || SameLabel(outcome, label)))
                {
                    return true;
                }
                if (from.Contains(edge.To) || graph.Plumbing.Contains(edge.To))
                {
                    queue.Enqueue((edge.To, outcome));
                }
            }
        }
        return false;
    }

    public static bool SameLabel(string? a, string? b) =>
        a is not null && b is not null && string.Equals(Squash(a), Squash(b), StringComparison.Ordinal);

    private static string Squash(string label) =>
        string.Concat(label.Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant();
}
