using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Runtime;
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
        var answer = detail.Signal("gitlab", "answer");
        Assert.Multiple(() =>
        {
            Assert.That(answer.Text("kind"), Is.EqualTo("note"));
            Assert.That(answer.Text("author"), Is.EqualTo(WebhookHost.Alice));
            Assert.That(answer["noteId"]!.GetValue<long>(), Is.EqualTo(reply.Id));
            Assert.That(answer.Text("body"), Is.EqualTo("Fixed: my PagerDuty id is right now"));
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
        var answer = (await host.InstanceAsync(waiting)).Signal("gitlab", "answer");
        Assert.That(answer.Text("kind"), Is.EqualTo("emoji"));
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
        var approval = (await host.InstanceAsync(waiting)).Signal("gitlab", "approval");
        Assert.That(approval.Text("author"), Is.EqualTo(WebhookHost.Som));
        Assert.That(approval.Text("emoji"), Is.EqualTo("thumbsup"));
    }

    [Test]
    public async Task Webhook_WhenTheIssueIsClosed_ProducesIssueClosed()
    {
        var issue = await host.CreateOwnedIssueAsync();
        var waiting = await host.StartWaitingAsync("wait-issue-closed", $"gitlab-issue:{issue.ProjectId}:{issue.Iid}");
        await host.WaitForStepAsync(waiting, "closed");

        var closed = await host.GitLab.CloseIssueAsync(issue.Iid, WebhookHost.Som);

        await host.WaitForStepAsync(waiting, "record", "completed");
        var signal = (await host.InstanceAsync(waiting)).Signal("gitlab", "issue-closed");
        Assert.That(signal.Text("author"), Is.EqualTo(WebhookHost.Som));
        var key = $"gitlab:closed:{issue.ProjectId}:{issue.Iid}:{closed.ClosedAt!.Value.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}";
        Assert.That(await host.CountAsync($"workflow_inbox WHERE delivery_key = '{key}'"), Is.EqualTo(1));
    }
}

/// <summary>A delivery stored and acknowledged, then the node died before processing it: the next poll takes it up.</summary>
[NonParallelizable]
public sealed class WebhookCrashRecoveryTests
{
    [Test]
    public async Task Processor_WhenADeliveryWasStoredButNeverProcessed_ProcessesItAtTheNextPoll()
    {
        await using var host = await WebhookHost.StartAsync();
        var issue = await host.CreateOwnedIssueAsync();
        var waiting = await host.StartWaitingAsync("wait-gitlab-answer", issue.ThreadKey);
        await host.WaitForStepAsync(waiting, "answer");
        var body = System.Text.Json.JsonSerializer.Serialize(new
        {
            object_kind = "note",
            user = new { id = 3, username = WebhookHost.Alice },
            project_id = issue.ProjectId,
            object_attributes = new { id = 990_500, note = "Answered before the crash", noteable_type = "Issue", discussion_id = issue.ThreadId, action = "create" },
            issue = new { iid = issue.Iid },
        });

        // The row exactly as the receiver leaves it when the process dies after answering 200.
        await using (var connection = new Npgsql.NpgsqlConnection(host.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var insert = new Npgsql.NpgsqlCommand("""
                INSERT INTO webhook_deliveries (id, delivery_key, event_type, project_id, issue_iid, received_at, body)
                VALUES (gen_random_uuid(), 'crashed-delivery', 'Note Hook', $1, $2, now(), $3)
                """, connection);
            insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = issue.ProjectId });
            insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = (int)issue.Iid });
            insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = body });
            await insert.ExecuteNonQueryAsync();
        }

        await host.WaitForStepAsync(waiting, "record", "completed");
        Assert.That(await host.Database.ScalarAsync<string>("SELECT outcome FROM webhook_deliveries WHERE delivery_key = 'crashed-delivery'"),
            Is.EqualTo("signalled"));
    }

    [Test]
    public async Task Processor_WhenGitLabFailsTheFirstNoteCheck_RetriesAndResumes()
    {
        await using var host = await WebhookHost.StartAsync(new Dictionary<string, string?> { ["Webhooks:MaxAttempts"] = "5" });
        var issue = await host.CreateOwnedIssueAsync();
        var waiting = await host.StartWaitingAsync("wait-gitlab-answer", issue.ThreadKey);
        await host.WaitForStepAsync(waiting, "answer");
        await host.SettledAsync();
        host.GitLab.Faults.FailNext(20, 503);

        await host.GitLab.AwardEmojiAsync(issue.Iid, WebhookHost.Alice, "white_check_mark", issue.FirstNoteId);

        await Eventually.HoldsAsync(async () => await host.CountAsync("webhook_deliveries WHERE attempts >= 1 AND processed_at IS NULL") == 1,
            TimeSpan.FromSeconds(30), "the delivery failed once and waits for its retry");
        host.GitLab.Faults.Clear();
        await host.WaitForStepAsync(waiting, "record", "completed");
    }
}

/// <summary>Without GitLab__ServiceUsername (and a GitLab that does not answer GET /user) the service still knows its own notes.</summary>
[NonParallelizable]
public sealed class UnknownServiceUserTests
{
    [Test]
    public async Task Webhook_WhenTheServiceUserIsUnknown_ItsMarkedNotesAreStillNoAnswers()
    {
        await using var host = await WebhookHost.StartAsync(new Dictionary<string, string?> { ["GitLab:ServiceUsername"] = "" });
        var issue = await host.CreateOwnedIssueAsync();
        var waiting = await host.StartWaitingAsync("wait-two-answers", issue.ThreadKey);
        await host.WaitForStepAsync(waiting, "first");

        await host.GitLab.ReplyAsync(issue.Iid, issue.ThreadId, WebhookHost.Bot, "Second ping <!-- ao:key=run:item:ping-2 -->");
        await host.GitLab.ReplyAsync(issue.Iid, issue.ThreadId, WebhookHost.Alice, "My answer");

        await host.WaitForStepAsync(waiting, "second");
        await host.SettledAsync();
        var answer = (await host.InstanceAsync(waiting)).Signal("gitlab", "answer");
        Assert.That(answer.Text("author"), Is.EqualTo(WebhookHost.Alice));
        Assert.That(await host.ResumesAsync(waiting), Is.EqualTo(1));
    }

}

/// <summary>Processed deliveries are kept for Retention__Inbox, then deleted.</summary>
[NonParallelizable]
public sealed class WebhookRetentionTests
{
    [Test]
    public async Task Purge_DeletesProcessedDeliveriesPastTheRetentionOnly()
    {
        await using var host = await WebhookHost.StartAsync();
        await using (var connection = new Npgsql.NpgsqlConnection(host.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var insert = new Npgsql.NpgsqlCommand("""
                INSERT INTO webhook_deliveries (id, delivery_key, event_type, received_at, processed_at, outcome, body) VALUES
                    (gen_random_uuid(), 'old-processed', 'Note Hook', now() - interval '31 days', now() - interval '31 days', 'nothing', '{}'),
                    (gen_random_uuid(), 'new-processed', 'Note Hook', now() - interval '1 day', now() - interval '1 day', 'nothing', '{}')
                """, connection);
            await insert.ExecuteNonQueryAsync();
        }

        var deliveries = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<AuditOrchestrator.Api.Webhooks.WebhookDeliveries>(host.Service.Services);
        await deliveries.PurgeAsync(TimeSpan.FromDays(30), CancellationToken.None);

        Assert.That(await host.Database.ScalarAsync<string>("SELECT string_agg(delivery_key, ',') FROM webhook_deliveries"), Is.EqualTo("new-processed"));
    }
}
