using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.GitLab.Webhooks;
using AuditOrchestrator.Audits.Workflows;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Runtime;
using AuditOrchestrator.Vendors.GitLab;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.IntegrationTests.Workflows.Zendesk;

/// <summary>The token review against signals that come at awkward moments.</summary>
public sealed class TokenReviewSignalTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private FollowUpHost Host { get; set; } = null!;

    [SetUp]
    public async Task StartAsync() => Host = await ZendeskTeam.StartAsync();

    [TearDown]
    public async Task StopAsync() => await Host.DisposeAsync();

    [Test]
    public async Task TokenReview_WhenAnEditWasWaitingBeforeItListens_StillStartsTheItemsOfItsFirstRead()
    {
        var services = Host.Service.Services;
        var runId = Guid.CreateVersion7();
        await services.GetRequiredService<AuditRuns>().EnsureAsync(runId, "zendesk", RunKinds.Manual, CancellationToken.None);
        var gitlab = services.GetRequiredService<AuditOrchestrator.Vendors.GitLab.GitLabClient>();
        var issue = await gitlab.CreateIssueAsync(new NewIssue("Zendesk access audit", """
            ## Notes

            | Token name | Owner | Justification |
            |---|---|---|
            | Support bot token | @bob | |

            - [ ] Token table complete
            """), CancellationToken.None);
        var reference = new AuditIssueRef(issue.ProjectId, issue.Iid, issue.WebUrl);
        await services.GetRequiredService<AuditRuns>().RecordIssueAsync(runId, reference, CancellationToken.None);

        // An edit's signal arrives before the review waits for one: it is kept, and ends the review's first wait at once.
        var early = await services.GetRequiredService<SignalInbox>().DeliverAsync(
            GitLabSignals.Description(issue.ProjectId, issue.Iid, Host.Clock.GetUtcNow(), FollowUpHost.Lead, null), CancellationToken.None);
        Assert.That(early.Outcome, Is.EqualTo(DeliveryOutcome.Pending));

        var review = await Host.Admin.StartInstanceAsync("zendesk-token-review", new JsonObject
        {
            ["issue"] = new JsonObject { ["projectId"] = issue.ProjectId, ["iid"] = issue.Iid, ["webUrl"] = issue.WebUrl },
            ["runId"] = runId.ToString(),
        });

        await Eventually.HoldsAsync(() => Task.FromResult(Host.BotNotes(issue.Iid).Count == 1), Patience, "Bob is pinged for his token");
        await Eventually.HoldsAsync(async () => await Host.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM workflow_inbox WHERE consumed_at IS NOT NULL AND consumed_by = '{review}'") == 1, Patience, "the early edit is taken");
        Assert.Multiple(async () =>
        {
            Assert.That(Host.BotNotes(issue.Iid).Single().Mentions, Is.EqualTo(new[] { "bob" }));
            Assert.That(await Host.Database.ScalarAsync<long>($"SELECT count(*) FROM workflow_instances WHERE parent_id = '{review}'"), Is.EqualTo(1),
                "the item started with the wait that the early signal ended");
        });
    }
}
