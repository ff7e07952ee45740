using AuditOrchestrator.Sandbox.GitLab;

namespace AuditOrchestrator.IntegrationTests.Webhooks;

/// <summary>The simulated GitLab sends real webhooks to the service on Kestrel; waiting instances resume.</summary>
[NonParallelizable]
public sealed class WebhookResumeTests
{
    private WebhookHost host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => host = await WebhookHost.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await host.DisposeAsync();

    [Test]
    public async Task Webhook_WhenThePersonRepliesOnTheirThread_ResumesTheWaitOnThatThread()
    {
        var issue = await host.CreateOwnedIssueAsync();
        var waiting = await host.StartWaitingAsync("wait-gitlab-answer", issue.ThreadKey);
        await host.WaitForStepAsync(waiting, "answer");

        var reply = await host.GitLab.ReplyAsync(issue.Iid, issue.ThreadId, WebhookHost.Alice, "Fixed: my PagerDuty id is right now");

        await host.WaitForStepAsync(waiting, "record", "completed");
        var detail = await host.InstanceAsync(waiting);
        var answer = detail.GetProperty("variables").GetProperty("signals").GetProperty("gitlab").GetProperty("answer");
        Assert.Multiple(() =>
        {
            Assert.That(answer.GetProperty("kind").GetString(), Is.EqualTo("note"));
            Assert.That(answer.GetProperty("author").GetString(), Is.EqualTo(WebhookHost.Alice));
            Assert.That(answer.GetProperty("noteId").GetInt64(), Is.EqualTo(reply.Id));
            Assert.That(answer.GetProperty("body").GetString(), Is.EqualTo("Fixed: my PagerDuty id is right now"));
        });
        var delivery = host.GitLab.Webhooks.Deliveries.Single(d => d.Event == "Confidential Note Hook" && d.Body.Contains(reply.Id.ToString(), StringComparison.Ordinal));
        Assert.That(delivery.Outcome, Is.EqualTo(WebhookOutcome.Delivered));
    }

    [Test]
    public async Task Webhook_WhenTheServiceRepliesOnTheThread_DoesNotResume()
    {
        var issue = await host.CreateOwnedIssueAsync();
        var waiting = await host.StartWaitingAsync("wait-gitlab-answer", issue.ThreadKey);
        await host.WaitForStepAsync(waiting, "answer");

        await host.GitLab.ReplyAsync(issue.Iid, issue.ThreadId, WebhookHost.Bot, "Second ping: @alice, please answer");
        await host.GitLab.Webhooks.WaitForAsync(d => d.Body.Contains("Second ping", StringComparison.Ordinal) && d.Outcome == WebhookOutcome.Delivered);
        await host.SettledAsync();

        Assert.That(await host.ResumesAsync(waiting), Is.Zero);
        Assert.That(await host.CountAsync($"workflow_inbox WHERE correlation_key = '{issue.ThreadKey}'"), Is.Zero);
    }

    [Test]
    public async Task Webhook_WhenTheDoneEmojiIsAwardedOnTheFirstNote_ResumesTheWaitOnThatThread()
    {
        var issue = await host.CreateOwnedIssueAsync();
        var waiting = await host.StartWaitingAsync("wait-gitlab-answer", issue.ThreadKey);
        await host.WaitForStepAsync(waiting, "answer");

        var award = await host.GitLab.AwardEmojiAsync(issue.Iid, WebhookHost.Alice, "white_check_mark", issue.FirstNoteId);

        await host.WaitForStepAsync(waiting, "record", "completed");
        var answer = (await host.InstanceAsync(waiting)).GetProperty("variables").GetProperty("signals").GetProperty("gitlab").GetProperty("answer");
        Assert.That(answer.GetProperty("kind").GetString(), Is.EqualTo("emoji"));
        Assert.That(await host.Database.ScalarAsync<string>($"SELECT correlation_key FROM workflow_inbox WHERE delivery_key = 'gitlab:award:{award.Id}'"),
            Is.EqualTo(issue.ThreadKey));
    }

    [Test]
    public async Task Webhook_WhenTheDoneEmojiIsAwardedOnAReply_DoesNotResume()
    {
        var issue = await host.CreateOwnedIssueAsync();
        var reply = await host.GitLab.ReplyAsync(issue.Iid, issue.ThreadId, WebhookHost.Bot, "Second ping");
        var waiting = await host.StartWaitingAsync("wait-gitlab-answer", issue.ThreadKey);
        await host.WaitForStepAsync(waiting, "answer");

        var award = await host.GitLab.AwardEmojiAsync(issue.Iid, WebhookHost.Alice, "white_check_mark", reply.Id);
        await host.GitLab.Webhooks.WaitForAsync(d => d.Event == "Emoji Hook" && d.Body.Contains($"\"id\":{award.Id},", StringComparison.Ordinal));
        await host.SettledAsync();

        Assert.That(await host.ResumesAsync(waiting), Is.Zero);
        Assert.That(await host.Database.ScalarAsync<string>("SELECT outcome FROM webhook_deliveries WHERE event_type = 'Emoji Hook' ORDER BY received_at DESC LIMIT 1"),
            Is.EqualTo("nothing"));
    }

    [Test]
    public async Task Webhook_WhenTheSomAwardsTheApprovalEmojiOnTheReviewNote_ResumesTheWaitOnThatNote()
    {
        var issue = await host.CreateOwnedIssueAsync();
        var review = await host.GitLab.CommentAsync(issue.Iid, WebhookHost.Bot, "@sally please review <!-- ao:key=run:review -->");
        var waiting = await host.StartWaitingAsync("wait-gitlab-approval", $"gitlab-note:{issue.ProjectId}:{issue.Iid}:{review.Id}");
        await host.WaitForStepAsync(waiting, "approval");

        await host.GitLab.AwardEmojiAsync(issue.Iid, WebhookHost.Som, "thumbsup", review.Id);

        await host.WaitForStepAsync(waiting, "record", "completed");
        var approval = (await host.InstanceAsync(waiting)).GetProperty("variables").GetProperty("signals").GetProperty("gitlab").GetProperty("approval");
        Assert.That(approval.GetProperty("author").GetString(), Is.EqualTo(WebhookHost.Som));
        Assert.That(approval.GetProperty("emoji").GetString(), Is.EqualTo("thumbsup"));
    }

    [Test]
    public async Task Webhook_WhenTheIssueIsClosed_ProducesIssueClosed()
    {
        var issue = await host.CreateOwnedIssueAsync();
        var waiting = await host.StartWaitingAsync("wait-issue-closed", $"gitlab-issue:{issue.ProjectId}:{issue.Iid}");
        await host.WaitForStepAsync(waiting, "closed");

        var closed = await host.GitLab.CloseIssueAsync(issue.Iid, WebhookHost.Som);

        await host.WaitForStepAsync(waiting, "record", "completed");
        var signal = (await host.InstanceAsync(waiting)).GetProperty("variables").GetProperty("signals").GetProperty("gitlab").GetProperty("issue-closed");
        Assert.That(signal.GetProperty("author").GetString(), Is.EqualTo(WebhookHost.Som));
        var key = $"gitlab:closed:{issue.ProjectId}:{issue.Iid}:{closed.ClosedAt!.Value.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}";
        Assert.That(await host.CountAsync($"workflow_inbox WHERE delivery_key = '{key}'"), Is.EqualTo(1));
    }
}
