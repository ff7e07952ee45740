using AuditOrchestrator.Tests.Audits;
using System.Collections.Immutable;
using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Definitions;
using AuditOrchestrator.Tests.Deploy;

namespace AuditOrchestrator.Tests.Charts;

/// <summary>
/// Each seed chart against the combined graph of the shipped audit that implements it, through the chart's section of
/// workflows/README.md (every node and edge accounted for, outcome labels equal).
/// </summary>
public sealed class ChartTests
{
    private static readonly ActivityRegistry Registry = ShippedAudits.Activities;

    public static IEnumerable<TestCaseData> Charts() =>
        ChartFixture.LoadAll().Select(c => new TestCaseData(c.File).SetArgDisplayNames(c.File));

    [TestCaseSource(nameof(Charts))]
    public void CombinedGraph_HonoursTheChart_ThroughItsReadmeSection(string fixture)
    {
        var chart = Chart(fixture);
        var mapping = Sections().SingleOrDefault(m => m.Key == chart.Key);
        if (mapping is null)
        {
            Assert.Ignore($"workflows/README.md has no section '## Chart {chart.Seed}, {chart.Name}: node → steps' yet (its definitions are not shipped).");
        }

        var problems = new ChartConformance(Shipped(), Registry).Check(chart, mapping, Sections());

        Assert.That(problems, Is.Empty, () => $"chart {chart}:\n" + string.Join("\n", problems));
    }

    [Test]
    public void EveryShippedAudit_HasAChartSection()
    {
        var conformance = new ChartConformance(Shipped(), Registry);
        var mapped = Sections().Select(m => conformance.GraphOf(m, out _)).OfType<string>().ToHashSet(StringComparer.Ordinal);

        Assert.Multiple(() =>
        {
            Assert.That(conformance.AuditDefinitions(), Does.Contain("pagerduty-semiannual").And.Contain("pagerduty-quarterly"));
            Assert.That(conformance.AuditDefinitions().Where(a => !mapped.Contains(a)), Is.Empty, "audits without a '## Chart …: node → steps' section");
        });
    }

    [Test]
    public void EveryReadmeSection_NamesATranscribedChart_AndEveryFixtureIsAChartOfTheSeeds()
    {
        var fixtures = ChartFixture.LoadAll();
        var keys = fixtures.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);

        Assert.Multiple(() =>
        {
            Assert.That(Sections().Where(m => !keys.Contains(m.Key)).Select(m => $"{m.Seed}, {m.Name}"), Is.Empty, "sections naming no fixture");
            Assert.That(fixtures.Select(f => f.Key), Is.Unique);
            Assert.That(fixtures.Select(f => f.Seed), Is.EquivalentTo(new[] { "000", "001", "001", "001", "001", "001", "001", "001", "002" }));
            foreach (var fixture in fixtures)
            {
                Assert.That(fixture.Graph.Nodes.Values, Has.None.Null, $"{fixture.File}: every node has its label");
                Assert.That(fixture.Graph.Edges, Has.Count.GreaterThanOrEqualTo(fixture.Graph.Nodes.Count - 1), $"{fixture.File}: a connected chart");
            }
        });
    }

    [Test]
    public void Check_WhenAStepIsRemoved_ReportsItsChartNode()
    {
        var audit = Shipped()["pagerduty-semiannual"];
        var doctored = audit with
        {
            Steps = [.. audit.Steps
                .Where(s => s.Id != "message-som")
                .Select(s => s.Id == "all-addressed" ? Repoint(s, "no", "ask-review") : s)],
        };

        var problems = Check("000-pagerduty.mmd", doctored);

        Assert.That(problems, Is.EqualTo(new[] { "chart node H is mapped to pagerduty-semiannual/message-som, which does not exist" }));
    }

    [Test]
    public void Check_WhenAnEdgeIsRepointed_ReportsTheChartEdgeItBreaks()
    {
        var item = Shipped()["followup-item-semiannual"];
        var doctored = item with
        {
            Steps = [.. item.Steps.Select(s => s.Id == "addressed-after-first" ? Repoint(s, "no", "addressed-after-escalation") : s)],
        };

        var problems = Check("000-pagerduty.mmd", doctored);

        Assert.That(problems, Is.EqualTo(new[] { "chart edge E -->|No| F is not realised in the combined graph of pagerduty-semiannual" }));
    }

    [Test]
    public void Check_WhenADecisionsLabelsAreSwapped_ReportsBothEdges()
    {
        var audit = Shipped()["pagerduty-semiannual"];
        var doctored = audit with
        {
            Steps = [.. audit.Steps.Select(s => s.Id == "all-addressed"
                ? s with { Next = [new Transition("yes", "message-som"), new Transition("no", "ask-review")] }
                : s)],
        };

        var problems = Check("000-pagerduty.mmd", doctored);

        Assert.That(problems, Is.EquivalentTo(new[]
        {
            "chart edge G -->|No| H is not realised in the combined graph of pagerduty-semiannual",
            "chart edge G -->|Yes| I is not realised in the combined graph of pagerduty-semiannual",
        }));
    }

    [Test]
    public void Check_WithoutTheSectionsCorrections_ReportsTheEdgesTheChartDrawsDifferently()
    {
        var chart = Chart("001-pagerduty.mmd");
        var mapping = Sections().Single(m => m.Key == chart.Key) with { Corrections = [] };

        var problems = new ChartConformance(Shipped(), Registry).Check(chart, mapping, []);

        Assert.That(problems, Is.EquivalentTo(new[]
        {
            "chart edge I -->|No| J is not realised in the combined graph of pagerduty-quarterly",
            "chart edge I -->|Yes| K is not realised in the combined graph of pagerduty-quarterly",
        }));
    }

    [Test]
    public void Check_WhenACorrectionNamesAnEdgeTheChartLacks_ReportsIt()
    {
        var chart = Chart("000-pagerduty.mmd");
        var mapping = Sections().Single(m => m.Key == chart.Key) with { Corrections = [ChartCorrection.Parse("H --> K => H --> I")] };

        var problems = new ChartConformance(Shipped(), Registry).Check(chart, mapping, []);

        Assert.That(problems, Is.EquivalentTo(new[]
        {
            "correction 'H --> K => H --> I': the chart draws no edge H --> K",
            "chart edge H --> J is not realised in the combined graph of pagerduty-semiannual",
        }));
    }

    [Test]
    public void Check_WhenAStepBelongsToNoChartNode_ReportsIt()
    {
        var audit = Shipped()["pagerduty-semiannual"];
        var extra = audit.GetStep("message-som") with { Id = "message-som-again", Next = [new Transition("done", "ask-review")] };
        var doctored = audit with
        {
            Steps = [.. audit.Steps.Select(s => s.Id == "message-som" ? Repoint(s, "done", "message-som-again") : s), extra],
        };

        var problems = Check("000-pagerduty.mmd", doctored);

        Assert.That(problems, Is.EquivalentTo(new[]
        {
            "chart edge H --> I is not realised in the combined graph of pagerduty-semiannual",
            "step pagerduty-semiannual/message-som-again is mapped to no chart node",
        }));
    }

    [Test]
    public void MermaidGraph_ReadsTheChartsThreeEdgeForms_AndTheExportersSubgraphs()
    {
        var chart = MermaidGraph.Parse("graph TD;\nA-->B;\nE--No-->F\nE-->|Yes|G;\nA(Run it);\nE{Addressed?}\n");
        var export = MermaidGraph.Parse("graph TD\n    f(\"Fan\")\n    subgraph f___items[\"Item\"]\n        f__p(\"Ping\")\n    end\n    f -->|each item| f__p\n    f -.->|all-done| k\n");

        Assert.Multiple(() =>
        {
            Assert.That(chart.Edges.Select(e => e.ToString()), Is.EqualTo(new[] { "A --> B", "E -->|No| F", "E -->|Yes| G" }));
            Assert.That(chart.Nodes["A"], Is.EqualTo("Run it"));
            Assert.That(chart.Nodes["E"], Is.EqualTo("Addressed?"));
            Assert.That(export.InnermostSubgraphOf("f__p"), Is.EqualTo("f___items"));
            Assert.That(export.Edges.Single(e => e.To == "k").Dotted, Is.True);
        });
    }

    private static IReadOnlyList<string> Check(string fixture, WorkflowDefinition doctored)
    {
        var definitions = new Dictionary<string, WorkflowDefinition>(Shipped(), StringComparer.Ordinal) { [doctored.Id] = doctored };
        var chart = Chart(fixture);
        return new ChartConformance(definitions, Registry).Check(chart, Sections().Single(m => m.Key == chart.Key), []);
    }

    private static StepDefinition Repoint(StepDefinition step, string outcome, string to) =>
        step with { Next = [.. step.Next.Select(t => t.Outcome == outcome ? t with { To = to } : t)] };

    private static ChartFixture Chart(string file) => ChartFixture.Load(RepoFiles.PathOf($"{ChartFixture.Folder}/{file}"));

    private static IReadOnlyList<ChartMapping> Sections() => ChartMapping.ParseReadme(RepoFiles.Read("workflows/README.md"));

    private static Dictionary<string, WorkflowDefinition> Shipped()
    {
        var catalog = DefinitionCatalog.LoadDirectory(RepoFiles.PathOf("workflows"), Registry);
        Assert.That(catalog.Errors.Select(e => e.ToString()), Is.Empty, "the shipped definitions are valid");
        return catalog.Definitions.ToDictionary(d => d.Id, StringComparer.Ordinal);
    }
}
