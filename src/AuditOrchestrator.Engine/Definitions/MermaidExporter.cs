using System.Text;
using AuditOrchestrator.Engine.Activities;

namespace AuditOrchestrator.Engine.Definitions;

/// <summary>
/// Draws a definition as a mermaid <c>graph TD</c>: one node per step in file order, then one labelled edge per
/// transition in step order, so that a change to the definition reads as a small diff. Branching steps (a Decision,
/// or any step whose outcomes lead to more than one step) are diamonds, the others rounded boxes.
/// </summary>
public static partial class MermaidExporter
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "end", "graph", "flowchart", "subgraph", "direction", "style", "class", "classDef", "click", "linkStyle",
        "call", "href", "default",
    };

    public static string Export(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var text = new StringBuilder("graph TD\n");
        foreach (var step in definition.Steps)
        {
            text.Append("    ").Append(Node(step, "")).Append('\n');
        }
        foreach (var step in definition.Steps)
        {
            foreach (var transition in step.Next)
            {
                text.Append("    ").Append(Edge(step.Id, transition, "")).Append('\n');
            }
        }
        return text.ToString();
    }

    /// <summary>The mermaid node id of a step: its id with hyphens as underscores, kept clear of mermaid keywords.</summary>
    public static string NodeId(string stepId)
    {
        ArgumentNullException.ThrowIfNull(stepId);
        var id = stepId.Replace('-', '_');
        return Reserved.Contains(id) ? id + "_" : id;
    }

    /// <summary>Text made safe inside a quoted mermaid label: quotes, angle brackets and # as entity codes.</summary>
    public static string EscapeLabel(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '#' => "#35;",
                '"' => "#quot;",
                '<' => "#lt;",
                '>' => "#gt;",
                '|' => "#124;",
                '\r' or '\n' or '\t' => " ",
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }

    internal static bool IsDecision(StepDefinition step) =>
        step.Activity == BuiltInActivities.Decision
        || step.Next.Select(t => t.To).Distinct(StringComparer.Ordinal).Skip(1).Any();

    internal static string Node(StepDefinition step, string prefix)
    {
        var label = EscapeLabel(step.DisplayName);
        var id = prefix + NodeId(step.Id);
        return IsDecision(step) ? $"{id}{{\"{label}\"}}" : $"{id}(\"{label}\")";
    }

    internal static string Edge(string from, Transition transition, string prefix) =>
        $"{prefix}{NodeId(from)} -->|{EscapeLabel(transition.Outcome)}| {prefix}{NodeId(transition.To)}";
}
