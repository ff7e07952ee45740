using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.Workflows;

/// <summary>`workflows export --format mermaid` as a user runs it: an audit is drawn with its item flow inlined.</summary>
public sealed class ExportCliTests
{
    [Test]
    public async Task ExportMermaid_OfTheSemiAnnualAudit_DrawsTheCombinedGraphOfChart000()
    {
        var environment = new Dictionary<string, string> { ["Workflows__Directory"] = RepositoryPaths.Workflows };

        var (exitCode, stdout, stderr) = await ServiceProcess.RunCliAsync(environment, "workflows", "export", "--format", "mermaid", "pagerduty-semiannual");

        Assert.That(exitCode, Is.Zero, stderr);
        Assert.That(stdout, Does.StartWith("graph TD\n")
            .And.Contain("follow_up -->|each item| follow_up__ping_person")
            .And.Contain("follow_up__addressed_after_first -->|no| follow_up__ping_manager_and_som")
            .And.Contain("follow_up__addressed_after_first -->|yes| all_addressed")
            .And.Contain("all_addressed -->|no| message_som")
            .And.Contain("message_som -->|done| ask_review"));
    }
}
