using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Definitions;
using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.Workflows.Zendesk;

/// <summary>The shipped Zendesk definitions against chart 001's Zendesk charts (workflows/README.md holds the mapping).</summary>
public sealed class ZendeskDefinitionTests
{
    private static DefinitionCatalog Load(out ActivityRegistry registry)
    {
        registry = ShippedAudits.Activities;
        return DefinitionCatalog.LoadDirectory(RepositoryPaths.Workflows, registry);
    }

    [TestCase("zendesk", "Run ./bin/zendesk_audit")]
    [TestCase("zendesk-us-federal", "Run ./bin/us_federal_zendesk_audit")]
    public void CombinedGraph_DrawsBothChartsOfTheAudit_JoinedBeforeOneReview(string id, string runLabel)
    {
        var catalog = Load(out var registry);
        Assert.That(catalog.Errors.Select(e => e.ToString()), Is.Empty);
        Assert.That(catalog.TryGet(id, out var audit), Is.True);

        var mermaid = MermaidExporter.ExportCombined(audit!, registry, d => catalog.TryGet(d, out var found) ? found : null);

        const string Findings = "flows__zendesk_findings__follow_up__";
        const string Tokens = "flows__zendesk_token_review__owners__";
        Assert.Multiple(() =>
        {
            foreach (var label in new[]
            {
                runLabel, "Put the output into the notes of the issue", "Go through Zendesk API tokens, listing out token name and owner",
                "Ping the owners asking for justification", "Ping each person to address the problems", "Wait 72 hours",
                "Have all issues been addressed?", "Ping them again on the issue, wait 4 days", "Has the person addressed the issue?",
                "Ping their manager, wait 72 hours", "Has the issue still not been addressed?", "Ping Support Operations Manager for assistance",
                "Ping Support Operations Manager for review", "Support Operations Manager reviews", "Support Operations Manager marks complete and closes issue",
            })
            {
                Assert.That(mermaid, Does.Contain(MermaidExporter.EscapeLabel(label)), label);
            }
            Assert.That(mermaid, Does.Contain("create_issue -->|done| flows"), "B → both flows");
            Assert.That(mermaid, Does.Contain("flows -->|branch| flows__zendesk_token_review__add_table"), "the token review starts once the issue exists");
            Assert.That(mermaid, Does.Contain("flows__zendesk_token_review__add_table -->|done| flows__zendesk_token_review__owners"), "token B → C");
            foreach (var prefix in new[] { Findings, Tokens })
            {
                Assert.That(mermaid, Does.Contain($"{prefix}addressed_after_first -->|yes| ask_review"), $"{prefix}: E --Yes--> K, the one review");
                Assert.That(mermaid, Does.Contain($"{prefix}addressed_after_first -->|no| {prefix}ping_again"), $"{prefix}: E --No--> F");
                Assert.That(mermaid, Does.Contain($"{prefix}still_open_after_manager -->|yes| {prefix}ping_som_assistance"), $"{prefix}: I --Yes--> J (corrected)");
                Assert.That(mermaid, Does.Contain($"{prefix}ping_som_assistance -->|pinged| ask_review"), $"{prefix}: J → K (correction 3)");
            }
            Assert.That(mermaid, Does.Contain("flows__zendesk_token_review__owners -->|each item| " + Tokens + "ping_person"), "token rows become items");
            Assert.That(mermaid, Does.Contain("flows__zendesk_token_review__owners -->|complete| ask_review"), "the token review joins the review");
            Assert.That(mermaid, Does.Contain("ask_review -->|done| await_approval"), "K → L");
        });
    }
}
