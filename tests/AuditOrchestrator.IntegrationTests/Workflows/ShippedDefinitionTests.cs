using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Definitions;
using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.Workflows;

/// <summary>The shipped PagerDuty quarterly definitions against chart 001 (workflows/README.md holds the mapping).</summary>
public sealed class ShippedDefinitionTests
{
    private static readonly string[] Chart001PagerDutyLabels =
    [
        "Run ./bin/pagerduty_audit",
        "Put the output into the notes of the issue",
        "Ping each person to address the problems",
        "Wait 72 hours",
        "Have all issues been addressed?",
        "Ping them again on the issue, wait 4 days",
        "Has the person addressed the issue?",
        "Ping their manager, wait 72 hours",
        "Has the issue still not been addressed?",
        "Ping Support Operations Manager for assistance",
        "Ping Support Operations Manager for review",
        "Support Operations Manager reviews",
        "Support Operations Manager marks complete and closes issue",
    ];

    private static DefinitionCatalog Load(out ActivityRegistry registry)
    {
        registry = ShippedAudits.Activities;
        return DefinitionCatalog.LoadDirectory(RepositoryPaths.Workflows, registry);
    }

    [Test]
    public void PagerDutyQuarterly_AndItsItemFlow_AreValid()
    {
        var catalog = Load(out _);

        Assert.Multiple(() =>
        {
            Assert.That(catalog.Errors.Select(e => e.ToString()), Is.Empty);
            Assert.That(catalog.TryGet("pagerduty-quarterly", out _), Is.True);
            Assert.That(catalog.TryGet("followup-item", out _), Is.True);
        });
    }

    [Test]
    public void CombinedGraph_DrawsEveryNodeOfChart001_WithTheCorrectedEdges()
    {
        var catalog = Load(out var registry);
        catalog.TryGet("pagerduty-quarterly", out var audit);

        var mermaid = MermaidExporter.ExportCombined(audit!, registry, id => catalog.TryGet(id, out var d) ? d : null);

        Assert.Multiple(() =>
        {
            foreach (var label in Chart001PagerDutyLabels)
            {
                Assert.That(mermaid, Does.Contain(MermaidExporter.EscapeLabel(label)), label);
            }
            Assert.That(mermaid, Does.Contain("follow_up__addressed_after_first -->|no| follow_up__ping_again"), "E --No--> F");
            Assert.That(mermaid, Does.Contain("follow_up__addressed_after_second -->|no| follow_up__ping_manager"), "G --No--> H");
            Assert.That(mermaid, Does.Contain("follow_up__still_open_after_manager -->|yes| follow_up__ping_som_assistance"), "I --Yes--> J (corrected)");
            Assert.That(mermaid, Does.Contain("follow_up__still_open_after_manager -->|no| ask_review"), "I --No--> K (corrected)");
            Assert.That(mermaid, Does.Contain("follow_up__ping_som_assistance -->|pinged| ask_review"), "J --> K (correction 3)");
            Assert.That(mermaid, Does.Contain("ask_review -->|done| await_approval"), "K --> L");
        });
    }
}
