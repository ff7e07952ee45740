using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Definitions;
using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.Workflows.Calendly;

/// <summary>The shipped Calendly definitions against charts 002 and 001 (workflows/README.md holds the mapping).</summary>
public sealed class CalendlyDefinitionTests
{
    private static string Combined(string id)
    {
        var registry = ShippedAudits.Activities;
        var catalog = DefinitionCatalog.LoadDirectory(RepositoryPaths.Workflows, registry);
        Assert.That(catalog.Errors.Select(e => e.ToString()), Is.Empty);
        Assert.That(catalog.TryGet(id, out var audit), Is.True, id);
        return MermaidExporter.ExportCombined(audit!, registry, d => catalog.TryGet(d, out var found) ? found : null);
    }

    [Test]
    public void SemiAnnual_CombinedGraph_DrawsChart002WithTheReviewInline()
    {
        var mermaid = Combined("calendly-semiannual");

        Assert.Multiple(() =>
        {
            Assert.That(mermaid, Does.Contain("create_issue -->|done| list_members"), "B → C");
            Assert.That(mermaid, Does.Contain("list_members -->|done| fill_tables"), "C → D");
            Assert.That(mermaid, Does.Contain("follow_up -->|each item| follow_up__ping_person"), "D → E");
            Assert.That(mermaid, Does.Contain("follow_up__wait_first -->|done| follow_up__addressed"), "F → G");
            Assert.That(mermaid, Does.Contain("follow_up__addressed -->|no| follow_up__ping_manager_and_som"), "G --No--> H");
            Assert.That(mermaid, Does.Contain("follow_up__addressed -->|yes| all_addressed"), "G --Yes--> I");
            Assert.That(mermaid, Does.Contain("follow_up__addressed_after_escalation -->|no| all_addressed"), "H → I");
            Assert.That(mermaid, Does.Contain("all_addressed -->|no| dm_som"), "I --No--> J");
            Assert.That(mermaid, Does.Contain("all_addressed -->|yes| ask_review"), "I --Yes--> K");
            Assert.That(mermaid, Does.Contain("dm_som -->|done| await_approval"), "J → L");
            Assert.That(mermaid, Does.Contain("ask_review -->|done| await_approval"), "K → L");
            Assert.That(mermaid, Does.Contain("await_approval -->|approved| remove_members"), "L → M");
        });
    }

    [Test]
    public void Quarterly_CombinedGraph_JoinsBothFlowsIntoOneReview()
    {
        var mermaid = Combined("calendly-quarterly");

        Assert.Multiple(() =>
        {
            Assert.That(mermaid, Does.Contain("flows -->|branch| flows__calendly_followup__member_items"));
            Assert.That(mermaid, Does.Contain("flows -->|branch| flows__calendly_review__list_not_on_team"));
            Assert.That(mermaid, Does.Contain(MermaidExporter.EscapeLabel("Ping those who should not be in calendly asking for justification")));
            Assert.That(mermaid, Does.Contain("flows__calendly_followup__follow_up__ping_som_assistance -->|pinged| ask_review"),
                "the follow-up's J → the ONE review");
            Assert.That(mermaid, Does.Contain("flows__calendly_review__follow_up__ping_som_assistance -->|pinged| ask_review"),
                "the Calendly review's J → the same review");
            Assert.That(mermaid, Does.Contain("flows__calendly_review__follow_up__still_open_after_manager -->|no| ask_review"), "I --No--> K (corrected)");
            Assert.That(mermaid.Split('\n').Count(l => l.TrimStart().StartsWith("ask_review[", StringComparison.Ordinal) || l.TrimStart().StartsWith("ask_review(", StringComparison.Ordinal)),
                Is.EqualTo(1), "one review step");
        });
    }
}
