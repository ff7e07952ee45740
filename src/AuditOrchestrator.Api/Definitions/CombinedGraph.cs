using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Definitions;

namespace AuditOrchestrator.Api.Definitions;

/// <summary>A step of the combined graph: node id as in the combined mermaid, and the definition and step it stands for.</summary>
public sealed record CombinedNode(string Id, string DefinitionId, string StepId, string Label, string Activity, bool Decision, string? Group);

/// <summary>An inlined child flow (FanOut's items, or one flow of a Branches step), drawn as a box around its steps.</summary>
public sealed record CombinedGroup(string Id, string DefinitionId, string Label, string? Parent);

public sealed record CombinedEdge(string From, string To, string Label, bool Dotted);

public sealed record CombinedGraphView(string DefinitionId, IReadOnlyList<CombinedNode> Nodes, IReadOnlyList<CombinedGroup> Groups, IReadOnlyList<CombinedEdge> Edges);

/// <summary>
/// The JSON twin of <see cref="MermaidExporter.ExportCombined"/>: the same node ids (prefix + mermaid node id), groups and
/// edges, so the run page can put counts on the steps the handbook chart shows.
/// </summary>
public static class CombinedGraph
{
    public static CombinedGraphView Build(WorkflowDefinition definition, ActivityRegistry registry, Func<string, WorkflowDefinition?> findDefinition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var builder = new Builder(registry, findDefinition);
        builder.Draw(definition, prefix: "", group: null, endTargets: [], visiting: [definition.Id]);
        return new CombinedGraphView(definition.Id, builder.Nodes, builder.Groups, builder.Edges);
    }

    private sealed class Builder(ActivityRegistry registry, Func<string, WorkflowDefinition?> findDefinition)
    {
        public List<CombinedNode> Nodes { get; } = [];
        public List<CombinedGroup> Groups { get; } = [];
        public List<CombinedEdge> Edges { get; } = [];

        public void Draw(WorkflowDefinition definition, string prefix, string? group, IReadOnlyList<string> endTargets, HashSet<string> visiting)
        {
            foreach (var step in definition.Steps)
            {
                var from = prefix + MermaidExporter.NodeId(step.Id);
                var decision = step.Activity == BuiltInActivities.Decision || step.Next.Select(t => t.To).Distinct(StringComparer.Ordinal).Skip(1).Any();
                Nodes.Add(new CombinedNode(from, definition.Id, step.Id, step.DisplayName, step.Activity, decision, group));
                var children = step.ChildDefinitionIds().Select(findDefinition).OfType<WorkflowDefinition>().Where(c => !visiting.Contains(c.Id)).ToList();
                foreach (var transition in step.Next)
                {
                    Edges.Add(new CombinedEdge(from, prefix + MermaidExporter.NodeId(transition.To), transition.Outcome, children.Count > 0));
                }
                var entry = step.Activity == BuiltInActivities.FanOut ? "each item" : "branch";
                foreach (var child in children)
                {
                    var inner = children.Count == 1 ? from + "__" : $"{from}__{MermaidExporter.NodeId(child.Id)}__";
                    Groups.Add(new CombinedGroup(inner + "_items", child.Id, child.Name, group));
                    Edges.Add(new CombinedEdge(from, inner + MermaidExporter.NodeId(child.Start), entry, false));
                    visiting.Add(child.Id);
                    Draw(child, inner, inner + "_items", [.. step.Next.Select(t => prefix + MermaidExporter.NodeId(t.To)).Distinct()], visiting);
                    visiting.Remove(child.Id);
                }
                if (endTargets.Count > 0 && registry.TryGet(step.Activity, out var activity))
                {
                    foreach (var outcome in activity.Outcomes.Where(o => step.NextFor(o) is null))
                    {
                        Edges.AddRange(endTargets.Select(target => new CombinedEdge(from, target, outcome, false)));
                    }
                }
            }
        }
    }
}
