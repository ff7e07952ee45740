using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Definitions;

namespace AuditOrchestrator.Tests.Charts;

/// <summary>
/// The flow graph and the matcher on the shape the Calendly and Zendesk audits take: two flows side by side (Branches),
/// one of them a fan-out of items, joined before the review.
/// </summary>
public sealed class FlowGraphTests
{
    private static readonly ActivityRegistry Registry = Tests.Definitions.Fixture.Registry;

    internal static readonly Dictionary<string, WorkflowDefinition> Definitions = new[]
    {
        """
        id: audit
        name: Audit
        start: flows
        steps:
          - id: flows
            activity: Branches
            level: audit
            settings:
              definitions: [flow, side]
            next:
              all-done: review
          - id: review
            activity: RecordEffect
            level: audit
            settings:
              key: review
        """,
        """
        id: flow
        name: Follow-up
        start: fan
        steps:
          - id: fan
            activity: FanOut
            level: audit
            settings:
              definition: item
              items: items
        """,
        """
        id: item
        name: Item
        start: check
        steps:
          - id: check
            activity: Decision
            level: item
            settings:
              variable: addressed
            next:
              "no": escalate
          - id: escalate
            activity: RecordEffect
            level: item
            settings:
              key: escalate
        """,
        """
        id: side
        name: Token review
        start: wait
        steps:
          - id: wait
            activity: Wait
            level: item
            settings:
              duration: "1.00:00:00"
        """,
    }.Select(yaml => DefinitionParser.Parse("workflows/test.yaml", yaml, Registry).Definition!).ToDictionary(d => d.Id, StringComparer.Ordinal);

    private static FlowGraph Graph() => FlowGraph.Build(MermaidGraph.Parse(
        MermaidExporter.ExportCombined(Definitions["audit"], Registry, id => Definitions.GetValueOrDefault(id))));

    private static HashSet<string> Nodes(params string[] ids) => new(ids, StringComparer.Ordinal);

    [Test]
    public void Realises_AnItemsEndingOutcome_ThroughBothJoinsToTheReview_WithItsLabel()
    {
        var graph = Graph();

        Assert.Multiple(() =>
        {
            Assert.That(GraphMatcher.Realises(graph, Nodes("flows__flow__fan__check"), Nodes("review"), "Yes"), Is.True);
            Assert.That(GraphMatcher.Realises(graph, Nodes("flows__flow__fan__check"), Nodes("review"), "no"), Is.False, "no leads to the escalation first");
            Assert.That(GraphMatcher.Realises(graph, Nodes("flows__flow__fan__check"), Nodes("flows__flow__fan__escalate"), "no"), Is.True);
            Assert.That(GraphMatcher.Realises(graph, Nodes("flows__flow__fan__escalate"), Nodes("review"), null), Is.True);
            Assert.That(GraphMatcher.Realises(graph, Nodes("flows__side__wait"), Nodes("review"), "elapsed"), Is.True);
        });
    }

    [Test]
    public void Realises_NeverPassesThroughAnotherNodesSteps_NorFromAJoinBackIntoItsItems()
    {
        var graph = Graph();

        Assert.Multiple(() =>
        {
            Assert.That(GraphMatcher.Realises(graph, Nodes("flows__flow__fan__check"), Nodes("review"), null), Is.True);
            Assert.That(GraphMatcher.Realises(graph, Nodes("flows__flow__fan__escalate"), Nodes("flows__flow__fan__check"), null), Is.False);
            Assert.That(GraphMatcher.Realises(graph, Nodes("flows__side__wait"), Nodes("flows__flow__fan__check"), null), Is.False);
            Assert.That(graph.Plumbing, Is.EquivalentTo(new[] { "flows", "flows#join", "flows__flow__fan", "flows__flow__fan#join" }));
        });
    }
}
