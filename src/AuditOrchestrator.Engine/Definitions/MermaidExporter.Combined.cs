using System.Text;
using AuditOrchestrator.Engine.Activities;

namespace AuditOrchestrator.Engine.Definitions;

public static partial class MermaidExporter
{
    /// <summary>
    /// The combined graph of an audit: each FanOut step is followed by its child definition drawn inline (a subgraph
    /// whose node ids are prefixed with the FanOut's node id and "__"), entered by an "each item" edge; a Branches
    /// step by each of its children (prefixed with the step's and the child's node ids), entered by "branch" edges. Where a child
    /// step ends the item (an outcome its activity declares but the step does not wire), an edge with that outcome
    /// leads to the FanOut's join targets, as the handbook charts draw it. The FanOut's own edges are dotted: they are
    /// the join's plumbing. Children that cannot be found, or that would recurse, are not inlined.
    /// </summary>
    public static string ExportCombined(
        WorkflowDefinition definition, ActivityRegistry registry, Func<string, WorkflowDefinition?> findDefinition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(findDefinition);
        var graph = new CombinedGraph(registry, findDefinition);
        graph.Draw(definition, prefix: "", indent: "    ", endTargets: [], visiting: [definition.Id]);
        return $"graph TD\n{graph.Nodes}{graph.Edges}";
    }

    private sealed class CombinedGraph(ActivityRegistry registry, Func<string, WorkflowDefinition?> findDefinition)
    {
        public StringBuilder Nodes { get; } = new();

        public StringBuilder Edges { get; } = new();

        public void Draw(WorkflowDefinition definition, string prefix, string indent, IReadOnlyList<string> endTargets, HashSet<string> visiting)
        {
            foreach (var step in definition.Steps)
            {
                Nodes.Append(indent).Append(Node(step, prefix)).Append('\n');
                var from = prefix + NodeId(step.Id);
                var children = Children(step, visiting);
                var arrow = children.Count == 0 ? "-->" : "-.->";
                foreach (var transition in step.Next)
                {
                    Edges.Append($"    {from} {arrow}|{EscapeLabel(transition.Outcome)}| {prefix}{NodeId(transition.To)}\n");
                }
                var entry = step.Activity == BuiltInActivities.Branches ? "branch" : "each item";
                // A fan-out that is the last step of a branch: its items end where the branch ends.
                IReadOnlyList<string> childEnds = step.Next.Length == 0 ? endTargets : [.. step.Next.Select(t => prefix + NodeId(t.To)).Distinct()];
                foreach (var child in children)
                {
                    var inner = children.Count == 1 ? from + "__" : $"{from}__{NodeId(child.Id)}__";
                    Nodes.Append($"{indent}subgraph {inner}_items[\"{EscapeLabel(child.Name)}\"]\n");
                    Edges.Append($"    {from} -->|{entry}| {inner}{NodeId(child.Start)}\n");
                    visiting.Add(child.Id);
                    Draw(child, inner, indent + "    ", childEnds, visiting);
                    visiting.Remove(child.Id);
                    Nodes.Append(indent).Append("end\n");
                }
                foreach (var outcome in EndingOutcomes(step, endTargets))
                {
                    foreach (var target in endTargets)
                    {
                        Edges.Append($"    {from} -->|{EscapeLabel(outcome)}| {target}\n");
                    }
                }
            }
        }

        private List<WorkflowDefinition> Children(StepDefinition step, HashSet<string> visiting) =>
            [.. step.ChildDefinitionIds()
                .Select(findDefinition)
                .OfType<WorkflowDefinition>()
                .Where(child => !visiting.Contains(child.Id))];

        private IEnumerable<string> EndingOutcomes(StepDefinition step, IReadOnlyList<string> endTargets)
        {
            if (endTargets.Count == 0 || !registry.TryGet(step.Activity, out var activity))
            {
                return [];
            }
            return activity.Outcomes.Where(outcome => step.NextFor(outcome) is null);
        }
    }
}
