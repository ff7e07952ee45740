using AuditOrchestrator.IntegrationTests.Alerts;
using AuditOrchestrator.Sandbox.GitLab;

namespace AuditOrchestrator.IntegrationTests.Workflows.Crash;

/// <summary>A run whose creating POSTs are applied by GitLab but answered 502: the steps' own retries find them.</summary>
public sealed class NoDoublePostRunTests
{
    [Test]
    public async Task Run_WhenGitLabAppliesTheIssueAndTheThreadButAnswers502_CreatesEachOnce()
    {
        await using var host = await AlertsHost.StartAsync();
        host.GitLab.Fake.ClearCalls();
        host.GitLab.Fake.Faults.FailAfterApplyingNext(2, 502);

        var run = await host.StartRunAsync();
        var iid = await host.FirstPingAsync(run);

        var posts = host.GitLab.Fake.Calls.Where(c => c.Method == "POST" && c.PathAndQuery.StartsWith("/api/v4/projects/", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(posts.Count(c => c.StatusCode == 502), Is.EqualTo(2), "the issue and the thread were each answered 502 once");
            Assert.That(posts, Has.Count.EqualTo(2), "neither POST was repeated: each retry found its post by the marker");
            Assert.That(host.GitLab.Fake.Issues(SimulatedGitLab.AuditProject), Has.Count.EqualTo(1));
            Assert.That(host.BotNotes(iid), Has.Count.EqualTo(1), "one thread for Dave");
        });
    }
}
