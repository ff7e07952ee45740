using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Runtime;
using AuditOrchestrator.Sandbox.GitLab;
using AuditOrchestrator.Sandbox.Hosting;

namespace AuditOrchestrator.IntegrationTests.Webhooks;

/// <summary>A webhook never sent delays a resume, never loses it: the reconciliation reads the issue and finds it.</summary>
[NonParallelizable]
public sealed class ReconciliationTests
{
    private WebhookHost host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => host = await WebhookHost.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await host.DisposeAsync();

    [TearDown]
    public void SendAgain() => host.GitLab.Webhooks.DropDeliveries = false;

    private async Task<(OwnedIssue Issue, Guid Waiting)> WaitingOnAThreadAsync(string definition = "wait-gitlab-answer")
    {
        var issue = await host.CreateOwnedIssueAsync(await host.StartLiveRunAsync());
        var waiting = await host.StartWaitingAsync(definition, issue.ThreadKey);
        await host.WaitForStepAsync(waiting, definition == "wait-gitlab-answer" ? "answer" : "first");
        return (issue, waiting);
    }

    [Test]
    public async Task Reconcile_WhenTheReplysWebhookWasLost_ResumesTheWait()
    {
        var (issue, waiting) = await WaitingOnAThreadAsync();
        host.GitLab.Webhooks.DropDeliveries = true;
        var reply = await host.GitLab.ReplyAsync(issue.Iid, issue.ThreadId, WebhookHost.Alice, "Fixed it");
        await host.GitLab.Webhooks.WaitForAsync(d => d.Outcome == WebhookOutcome.Dropped && d.Body.Contains("Fixed it", StringComparison.Ordinal));
        await host.SettledAsync();
        Assert.That(await host.ResumesAsync(waiting), Is.Zero, "nothing arrived before the reconciliation");

        var pass = await host.Reconciliation().RunOnceAsync(CancellationToken.None);

        await host.WaitForStepAsync(waiting, "record", "completed");
        var answer = (await host.InstanceAsync(waiting)).Signal("gitlab", "answer");
        Assert.Multiple(() =>
        {
            Assert.That(answer["noteId"]!.GetValue<long>(), Is.EqualTo(reply.Id));
            Assert.That(answer.Text("author"), Is.EqualTo(WebhookHost.Alice));
            Assert.That(pass.IssuesFailed, Is.Zero);
            Assert.That(pass.SignalsDelivered, Is.GreaterThanOrEqualTo(1));
        });
    }

    [Test]
    public async Task Reconcile_AfterTheWebhookOfTheSameReply_ResumesOnce()
    {
        var (issue, waiting) = await WaitingOnAThreadAsync("wait-two-answers");
        var reply = await host.GitLab.ReplyAsync(issue.Iid, issue.ThreadId, WebhookHost.Alice, "Explained in my reply");
        await host.WaitForStepAsync(waiting, "second");

        await host.Reconciliation().RunOnceAsync(CancellationToken.None);
        await host.Reconciliation().RunOnceAsync(CancellationToken.None);
        // A second signal for the thread would be taken by the wait for the second answer: wait until none is left untaken.
        await Eventually.HoldsAsync(async () => await host.CountAsync($"workflow_inbox WHERE correlation_key = '{issue.ThreadKey}' AND consumed_at IS NULL") == 0,
            TimeSpan.FromSeconds(20), "every signal for the thread is taken");

        Assert.Multiple(async () =>
        {
            Assert.That(await host.ResumesAsync(waiting), Is.EqualTo(1));
            Assert.That(await host.CountAsync($"workflow_inbox WHERE delivery_key = 'gitlab:note:{reply.Id}'"), Is.EqualTo(1));
            Assert.That(await host.CountAsync($"workflow_inbox WHERE correlation_key = '{issue.ThreadKey}'"), Is.EqualTo(1));
        });
        await host.WaitForStepAsync(waiting, "second");
    }

    [Test]
    public async Task Webhook_ArrivingAfterTheReconciliationFoundTheReply_ResumesOnce()
    {
        var (issue, waiting) = await WaitingOnAThreadAsync("wait-two-answers");
        host.GitLab.Webhooks.DropDeliveries = true;
        await host.GitLab.ReplyAsync(issue.Iid, issue.ThreadId, WebhookHost.Alice, "Late webhook");
        var lost = await host.GitLab.Webhooks.WaitForAsync(d => d.Outcome == WebhookOutcome.Dropped && d.Body.Contains("Late webhook", StringComparison.Ordinal));
        await host.Reconciliation().RunOnceAsync(CancellationToken.None);
        await host.WaitForStepAsync(waiting, "second");

        host.GitLab.Webhooks.DropDeliveries = false;
        await host.GitLab.Webhooks.RedeliverAsync(lost);
        await host.GitLab.Webhooks.WaitForAsync(d => d.IdempotencyKey == lost.IdempotencyKey && d.Outcome == WebhookOutcome.Delivered);
        await host.SettledAsync();

        Assert.That(await host.ResumesAsync(waiting), Is.EqualTo(1));
        await host.WaitForStepAsync(waiting, "second");
    }

    [Test]
    public async Task Reconcile_WhenThePersonResolvesTheThread_ResumesWithTheResolvedAnswer()
    {
        var (issue, waiting) = await WaitingOnAThreadAsync();
        await host.GitLab.ResolveThreadAsync(issue.Iid, issue.ThreadId, WebhookHost.Alice);

        await host.Reconciliation().RunOnceAsync(CancellationToken.None);

        await host.WaitForStepAsync(waiting, "record", "completed");
        var answer = (await host.InstanceAsync(waiting)).Signal("gitlab", "answer");
        Assert.That(answer.Text("kind"), Is.EqualTo("resolved"));
        Assert.That(answer.Text("author"), Is.EqualTo(WebhookHost.Alice));
    }

    [Test]
    public async Task Reconcile_WhenTheDoneEmojisWebhookWasLost_ResumesTheWait()
    {
        var (issue, waiting) = await WaitingOnAThreadAsync();
        host.GitLab.Webhooks.DropDeliveries = true;
        await host.GitLab.AwardEmojiAsync(issue.Iid, WebhookHost.Alice, "white_check_mark", issue.FirstNoteId);

        await host.Reconciliation().RunOnceAsync(CancellationToken.None);

        await host.WaitForStepAsync(waiting, "record", "completed");
        var answer = (await host.InstanceAsync(waiting)).Signal("gitlab", "answer");
        Assert.That(answer.Text("kind"), Is.EqualTo("emoji"));
    }

    [Test]
    public async Task Reconcile_OnceTheThreadsWaitHasEnded_ReadsNoAwardsThere()
    {
        var (issue, waiting) = await WaitingOnAThreadAsync();
        host.GitLab.ClearCalls();
        await host.Reconciliation().RunOnceAsync(CancellationToken.None);
        Assert.That(host.GitLab.Calls.Count(c => c.PathAndQuery.Contains($"/notes/{issue.FirstNoteId}/award_emoji", StringComparison.Ordinal)), Is.EqualTo(1),
            "while the wait is on, the first note's awards are read");

        await host.GitLab.AwardEmojiAsync(issue.Iid, WebhookHost.Alice, "white_check_mark", issue.FirstNoteId);
        await host.WaitForStepAsync(waiting, "record", "completed");
        host.GitLab.ClearCalls();
        await host.Reconciliation().RunOnceAsync(CancellationToken.None);

        Assert.That(host.GitLab.Calls.Where(c => c.PathAndQuery.Contains($"/notes/{issue.FirstNoteId}/award_emoji", StringComparison.Ordinal)), Is.Empty,
            "no wait listens there any more");
    }

    [Test]
    public async Task Reconcile_AfterTheIssueWebhooksOfAnEditAClosingAndAReopening_FindsNothingNew()
    {
        var issue = await host.CreateOwnedIssueAsync(await host.StartLiveRunAsync());
        var issueKey = $"gitlab-issue:{issue.ProjectId}:{issue.Iid}";
        await host.GitLab.EditDescriptionAsync(issue.Iid, WebhookHost.Alice, "## Notes\n| token | owner |\n| ci-bot | @alice |\n");
        // Bob's close of a running run's issue does not count: the service reopens it.
        await host.GitLab.CloseIssueAsync(issue.Iid, "bob");
        await host.GitLab.Webhooks.WaitForCountAsync(d => d.Event == "Confidential Issue Hook" && d.Body.Contains($"\"iid\":{issue.Iid},", StringComparison.Ordinal), 4);
        await host.SettledAsync();
        var names = await host.Database.ScalarAsync<string>(
            $"SELECT string_agg(signal_name, ',' ORDER BY signal_name) FROM workflow_inbox WHERE correlation_key = '{issueKey}'");
        Assert.That(names, Is.EqualTo("gitlab.issue-closed,gitlab.issue-description,gitlab.issue-reopened"));

        var pass = await host.Reconciliation().RunOnceAsync(CancellationToken.None);

        Assert.That(pass.IssuesFailed, Is.Zero);
        Assert.That(await host.CountAsync($"workflow_inbox WHERE correlation_key = '{issueKey}'"), Is.EqualTo(3));
    }

    [Test]
    public async Task Reconcile_OnceTheIssuesRunHasEnded_ReadsTheIssueNoMore()
    {
        var run = await host.StartLiveRunAsync();
        var issue = await host.CreateOwnedIssueAsync(run);
        var path = $"/issues/{issue.Iid}";
        bool Read(RecordedCall call) => call.PathAndQuery.Split('?')[0] is var p && (p.EndsWith(path, StringComparison.Ordinal) || p.Contains(path + "/", StringComparison.Ordinal));
        host.GitLab.ClearCalls();
        await host.Reconciliation().RunOnceAsync(CancellationToken.None);
        Assert.That(host.GitLab.Calls.Count(Read), Is.GreaterThan(0), "while its run is on, the issue is read");

        (await host.Admin.PostAsync(new Uri($"/api/instances/{run}/actions/cancel", UriKind.Relative), null)).EnsureSuccessStatusCode();
        await host.WaitForStepAsync(run, "closed", "cancelled");
        host.GitLab.ClearCalls();
        var pass = await host.Reconciliation().RunOnceAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(host.GitLab.Calls.Where(Read), Is.Empty, "a finished run's issue can resume nothing");
            Assert.That(pass.IssuesFailed, Is.Zero);
        });
    }

    [Test]
    public async Task Reconcile_WhenTheClosingWebhookWasLost_ProducesIssueClosedWithTheWebhooksKey()
    {
        var issue = await host.CreateOwnedIssueAsync(await host.StartLiveRunAsync());
        var waiting = await host.StartWaitingAsync("wait-issue-closed", $"gitlab-issue:{issue.ProjectId}:{issue.Iid}");
        await host.WaitForStepAsync(waiting, "closed");
        host.GitLab.Webhooks.DropDeliveries = true;
        var closedAt = (await host.GitLab.CloseIssueAsync(issue.Iid, WebhookHost.Som)).ClosedAt!.Value;

        await host.Reconciliation().RunOnceAsync(CancellationToken.None);

        await host.WaitForStepAsync(waiting, "record", "completed");
        var key = $"gitlab:closed:{issue.ProjectId}:{issue.Iid}:{closedAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}";
        Assert.That(await host.CountAsync($"workflow_inbox WHERE delivery_key = '{key}'"), Is.EqualTo(1));
    }
}

/// <summary>The reconciliation as the service runs it: a hosted service on a (here short) real-time interval.</summary>
[NonParallelizable]
public sealed class PeriodicReconciliationTests
{
    [Test]
    public async Task PeriodicReconciliation_WhenEveryWebhookIsLost_StillResumesTheWait()
    {
        await using var host = await WebhookHost.StartAsync(new Dictionary<string, string?> { ["GitLab:ReconcileInterval"] = "00:00:01" });
        host.GitLab.Webhooks.DropDeliveries = true;
        var issue = await host.CreateOwnedIssueAsync(await host.StartLiveRunAsync());
        var waiting = await host.StartWaitingAsync("wait-gitlab-answer", issue.ThreadKey);
        await host.WaitForStepAsync(waiting, "answer");

        await host.GitLab.ReplyAsync(issue.Iid, issue.ThreadId, WebhookHost.Alice, "Nobody heard me");

        await host.WaitForStepAsync(waiting, "record", "completed");
        Assert.That(await host.CountAsync("webhook_deliveries"), Is.Zero, "no webhook reached the service");
        Assert.That(await host.ResumesAsync(waiting), Is.EqualTo(1));
    }
}

/// <summary>Every node schedules the reconciliation; one at a time runs a pass.</summary>
[NonParallelizable]
public sealed class ReconciliationLockTests
{
    [Test]
    public async Task RunAlone_WhileAnotherNodeRunsAPass_SkipsAndRunsOnceItEnds()
    {
        await using var host = await WebhookHost.StartAsync();
        var issues = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<AuditOrchestrator.Audits.GitLab.Webhooks.AuditIssues>(host.Service.Services);
        // Asynchronous continuations: the test must not run inside the pass that holds the lock.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = issues.RunAloneAsync(async _ =>
        {
            started.SetResult();
            await release.Task;
        }, CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var second = await issues.RunAloneAsync(_ => Task.CompletedTask, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        release.SetResult();

        Assert.Multiple(async () =>
        {
            Assert.That(second, Is.False, "skipped while the first pass holds the lock");
            Assert.That(await first.WaitAsync(TimeSpan.FromSeconds(30)), Is.True);
            Assert.That(await issues.RunAloneAsync(_ => Task.CompletedTask, CancellationToken.None), Is.True, "runs once the first pass is over");
        });
    }
}
