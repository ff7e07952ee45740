using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Definitions;

namespace AuditOrchestrator.Tests.Charts;

/// <summary>
/// Holds a chart against the combined graph of the audit that implements it, through the chart's README section.
/// Each check gives a list of problems, empty when the chart is honoured.
/// </summary>
internal sealed class ChartConformance(IReadOnlyDictionary<string, WorkflowDefinition> definitions, ActivityRegistry registry)
{
    /// <summary>The shipped audits: definitions whose start step is audit-level and that no other definition starts.</summary>
    public IReadOnlyList<string> AuditDefinitions()
    {
        var children = definitions.Values.SelectMany(d => d.Steps).SelectMany(s => s.ChildDefinitionIds()).ToHashSet(StringComparer.Ordinal);
        return [.. definitions.Values
            .Where(d => d.StartStep.Level == StepLevel.Audit && !children.Contains(d.Id))
            .Select(d => d.Id)
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>The audit whose combined graph the section maps: its <c>graph:</c> line, else the one audit holding every step it names.</summary>
    public string? GraphOf(ChartMapping mapping, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        problem = null;
        if (mapping.Graph is { } named)
        {
            if (!definitions.ContainsKey(named))
            {
                problem = $"graph: `{named}` is not a shipped definition";
                return null;
            }
            return named;
        }
        var namedDefinitions = mapping.Nodes.Values.SelectMany(r => r).Select(r => r.Definition).ToHashSet(StringComparer.Ordinal);
        var candidates = AuditDefinitions().Where(a => namedDefinitions.IsSubsetOf(Closure(a))).ToList();
        if (candidates.Count == 1)
        {
            return candidates[0];
        }
        problem = candidates.Count == 0
            ? $"no shipped audit's combined graph holds every definition the section names ({string.Join(", ", namedDefinitions.Order(StringComparer.Ordinal))})"
            : $"several audits hold the steps the section names ({string.Join(", ", candidates)}): add a line graph: `<id>`";
        return null;
    }

    /// <summary>
    /// The problems of one chart. <paramref name="sections"/> are all the README's sections: where several charts share
    /// one audit (a follow-up and a review side by side), a step mapped by any of them is accounted for.
    /// </summary>
    public IReadOnlyList<string> Check(ChartFixture chart, ChartMapping mapping, IReadOnlyList<ChartMapping> sections)
    {
        ArgumentNullException.ThrowIfNull(sections);
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentNullException.ThrowIfNull(mapping);
        var problems = new List<string>();
        if (GraphOf(mapping, out var graphProblem) is not { } auditId)
        {
            return [graphProblem!];
        }
        var audit = definitions[auditId];
        var exported = MermaidExporter.ExportCombined(audit, registry, id => definitions.GetValueOrDefault(id));
        var flow = FlowGraph.Build(MermaidGraph.Parse(exported));
        var index = StepNodes(audit);
        foreach (var (step, nodes) in index)
        {
            problems.AddRange(nodes.Where(n => !flow.Exported.Nodes.ContainsKey(n)).Select(n => $"the combined graph of {auditId} has no node {n} for {step}"));
        }

        var nodesOf = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var node in chart.Graph.Nodes.Keys)
        {
            if (!mapping.Nodes.TryGetValue(node, out var steps) || steps.Count == 0)
            {
                problems.Add($"chart node {node} \"{chart.Graph.Nodes[node]}\" is mapped to no step");
                continue;
            }
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var step in steps)
            {
                if (!definitions.TryGetValue(step.Definition, out var definition) || !definition.TryGetStep(step.Step, out _))
                {
                    problems.Add($"chart node {node} is mapped to {step}, which does not exist");
                }
                else if (!index.TryGetValue(step, out var graphNodes))
                {
                    problems.Add($"chart node {node} is mapped to {step}, which is not part of {auditId}");
                }
                else
                {
                    set.UnionWith(graphNodes);
                    set.UnionWith(graphNodes.Select(FlowGraph.JoinOf).Where(flow.Plumbing.Contains));
                }
            }
            nodesOf[node] = set;
        }
        problems.AddRange(mapping.Nodes.Keys.Where(n => !chart.Graph.Nodes.ContainsKey(n)).Select(n => $"the section maps {n}, which is not a node of the chart"));

        foreach (var edge in ExpectedEdges(chart, mapping, problems))
        {
            if (nodesOf.TryGetValue(edge.From, out var from) && nodesOf.TryGetValue(edge.To, out var to) && from.Count > 0 && to.Count > 0
                && !GraphMatcher.Realises(flow, from, to, edge.Label))
            {
                problems.Add($"chart edge {edge} is not realised in the combined graph of {auditId}");
            }
        }

        var mapped = sections.Append(mapping).Where(s => GraphOf(s, out _) == auditId).SelectMany(s => s.Nodes.Values).SelectMany(s => s).ToHashSet();
        problems.AddRange(index.Keys
            .Where(s => !mapped.Contains(s) && definitions[s.Definition].GetStep(s.Step).ChildDefinitionIds().IsEmpty)
            .Select(s => $"step {s} is mapped to no chart node"));
        return problems;
    }

    /// <summary>The chart's edges with the section's corrections applied; a correction of an edge the chart lacks is a problem.</summary>
    private static List<MermaidEdge> ExpectedEdges(ChartFixture chart, ChartMapping mapping, List<string> problems)
    {
        var edges = chart.Graph.Edges.ToList();
        foreach (var correction in mapping.Corrections)
        {
            if (correction.Drawn is { } drawn)
            {
                var index = edges.FindIndex(e => e.From == drawn.From && e.To == drawn.To
                    && (e.Label is null ? drawn.Label is null : GraphMatcher.SameLabel(e.Label, drawn.Label)));
                if (index < 0)
                {
                    problems.Add($"correction '{correction}': the chart draws no edge {drawn}");
                    continue;
                }
                edges.RemoveAt(index);
            }
            if (correction.Modelled is { } modelled)
            {
                edges.Add(modelled);
            }
        }
        return edges;
    }

    /// <summary>
    /// Every step of the audit and of each flow it starts, with its node ids in the combined graph (the exporter's
    /// scheme: a child's steps are prefixed with the starting step's node id and "__", and with the child's id as well
    /// when the step starts several children).
    /// </summary>
    private Dictionary<StepRef, List<string>> StepNodes(WorkflowDefinition audit)
    {
        var index = new Dictionary<StepRef, List<string>>();
        void Walk(WorkflowDefinition definition, string prefix, HashSet<string> visiting)
        {
            foreach (var step in definition.Steps)
            {
                var node = prefix + MermaidExporter.NodeId(step.Id);
                var key = new StepRef(definition.Id, step.Id);
                if (!index.TryGetValue(key, out var nodes))
                {
                    index[key] = nodes = [];
                }
                nodes.Add(node);
                var children = step.ChildDefinitionIds().Select(definitions.GetValueOrDefault).OfType<WorkflowDefinition>()
                    .Where(c => !visiting.Contains(c.Id)).ToList();
                foreach (var child in children)
                {
                    visiting.Add(child.Id);
                    Walk(child, children.Count == 1 ? node + "__" : $"{node}__{MermaidExporter.NodeId(child.Id)}__", visiting);
                    visiting.Remove(child.Id);
                }
            }
        }
        Walk(audit, "", [audit.Id]);
        return index;
    }

    private HashSet<string> Closure(string id)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([id]);
        while (stack.TryPop(out var next))
        {
            if (seen.Add(next) && definitions.TryGetValue(next, out var definition))
            {
                foreach (var child in definition.Steps.SelectMany(s => s.ChildDefinitionIds()))
                {
                    stack.Push(child);
                }
            }
        }
        return seen;
    }
}
