using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Runtime;

namespace AuditOrchestrator.IntegrationTests.Webhooks;

/// <summary>
/// GitLab's payloads as its "Webhook events" page documents them (tests/AuditOrchestrator.Tests/Webhooks/Fixtures),
/// delivered to POST /webhooks/gitlab: each resumes the wait it is meant for, also with fields GitLab may add later.
/// </summary>
[NonParallelizable]
public sealed class DocumentedPayloadTests
{
    private static long nextId = 990_000;
    private WebhookHost host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => host = await WebhookHost.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await host.DisposeAsync();

    [TestCase("note-hook-on-issue", false)]
    [TestCase("confidential-note-hook-on-issue", false)]
    [TestCase("emoji-hook-award-on-note", false)]
    [TestCase("note-hook-on-issue", true)]
    [TestCase("emoji-hook-award-on-note", true)]
    public async Task Delivery_OfAnAnswerOnTheThread_ResumesTheWaitOnThatThread(string fixture, bool withUnknownFields)
    {
        var issue = await host.CreateOwnedIssueAsync();
        var waiting = await host.StartWaitingAsync("wait-gitlab-answer", issue.ThreadKey);
        await host.WaitForStepAsync(waiting, "answer");
        var body = Fixture(fixture, issue, WebhookHost.Alice, withUnknownFields);
        if (body["note"] is JsonObject note)
        {
            note["id"] = issue.FirstNoteId;
            note["discussion_id"] = issue.ThreadId;
            body["object_attributes"]!["awardable_id"] = issue.FirstNoteId;
        }
        else
        {
            body["object_attributes"]!["discussion_id"] = issue.ThreadId;
        }

        await DeliverAsync(fixture, body);

        await host.WaitForStepAsync(waiting, "record", "completed");
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Delivery_OfTheApprovalEmojiOnTheReviewNote_ResumesTheReviewWait(bool withUnknownFields)
    {
        var issue = await host.CreateOwnedIssueAsync();
        var review = await host.GitLab.CommentAsync(issue.Iid, WebhookHost.Bot, "@sally please review <!-- ao:key=run:review -->");
        var waiting = await host.StartWaitingAsync("wait-gitlab-approval", $"gitlab-note:{issue.ProjectId}:{issue.Iid}:{review.Id}");
        await host.WaitForStepAsync(waiting, "approval");
        var body = Fixture("emoji-hook-approval-on-note", issue, WebhookHost.Som, withUnknownFields);
        body["note"]!["id"] = review.Id;
        body["note"]!["discussion_id"] = review.DiscussionId;
        body["object_attributes"]!["awardable_id"] = review.Id;

        await DeliverAsync("emoji-hook-approval-on-note", body);

        await host.WaitForStepAsync(waiting, "record", "completed");
        var approval = (await host.InstanceAsync(waiting)).Signal("gitlab", "approval");
        Assert.That(approval.Text("author"), Is.EqualTo(WebhookHost.Som));
    }

    [Test]
    public async Task Delivery_OfAnEmojiOnTheIssueItself_IsAcceptedAndResumesNothing()
    {
        var issue = await host.CreateOwnedIssueAsync();
        var review = await host.GitLab.CommentAsync(issue.Iid, WebhookHost.Bot, "@sally please review <!-- ao:key=run:review -->");
        var waiting = await host.StartWaitingAsync("wait-gitlab-approval", $"gitlab-note:{issue.ProjectId}:{issue.Iid}:{review.Id}");
        var answer = await host.StartWaitingAsync("wait-gitlab-answer", issue.ThreadKey);
        await host.WaitForStepAsync(waiting, "approval");
        await host.WaitForStepAsync(answer, "answer");

        await DeliverAsync("emoji-hook-award-on-issue", Fixture("emoji-hook-award-on-issue", issue, WebhookHost.Som, withUnknownFields: false));
        await host.SettledAsync();

        Assert.That(await host.ResumesAsync(waiting) + await host.ResumesAsync(answer), Is.Zero, "the approval counts on the review note only");
        Assert.That(await host.Database.ScalarAsync<string>("SELECT outcome FROM webhook_deliveries WHERE event_type = 'Emoji Hook' ORDER BY received_at DESC LIMIT 1"),
            Is.EqualTo("nothing"));
    }

    [TestCase("issue-hook-close", "wait-issue-closed", "closed", false)]
    [TestCase("confidential-issue-hook-close", "wait-issue-closed", "closed", true)]
    [TestCase("issue-hook-reopen", "wait-issue-reopened", "reopened", false)]
    [TestCase("confidential-issue-hook-reopen", "wait-issue-reopened", "reopened", true)]
    [TestCase("issue-hook-update", "wait-issue-description", "description", true)]
    [TestCase("confidential-issue-hook-update", "wait-issue-description", "description", false)]
    public async Task Delivery_OfAnIssueEvent_ResumesTheWaitOnTheIssue(string fixture, string definition, string step, bool withUnknownFields)
    {
        var issue = await host.CreateOwnedIssueAsync();
        var waiting = await host.StartWaitingAsync(definition, $"gitlab-issue:{issue.ProjectId}:{issue.Iid}");
        await host.WaitForStepAsync(waiting, step);

        await DeliverAsync(fixture, Fixture(fixture, issue, WebhookHost.Som, withUnknownFields));

        await host.WaitForStepAsync(waiting, "record", "completed");
        var signal = (await host.InstanceAsync(waiting)).Signal("gitlab", $"issue-{step}");
        Assert.That(signal.Text("author"), Is.EqualTo(WebhookHost.Som));
    }

    /// <summary>The documented payload about this test's issue: its project and iid, fresh note and award ids, the actor.</summary>
    private JsonObject Fixture(string name, OwnedIssue issue, string actor, bool withUnknownFields)
    {
        var body = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "AuditOrchestrator.Tests", "Webhooks", "Fixtures", name + ".json")))!.AsObject();
        if (body.ContainsKey("project_id"))
        {
            body["project_id"] = issue.ProjectId;
        }

        body["project"]!["id"] = issue.ProjectId;
        body["project"]!["path_with_namespace"] = WebhookHost.AuditProject;
        body["user"]!["username"] = actor;
        var attributes = body["object_attributes"]!.AsObject();
        attributes["id"] = Interlocked.Increment(ref nextId);
        if (body["issue"] is JsonObject about)
        {
            about["iid"] = issue.Iid;
        }
        else
        {
            attributes["iid"] = issue.Iid;
        }

        if (withUnknownFields)
        {
            AddUnknownFields(body);
        }

        return body;
    }

    private static void AddUnknownFields(JsonObject node)
    {
        foreach (var child in node.Select(p => p.Value).OfType<JsonObject>().ToList())
        {
            AddUnknownFields(child);
        }

        node["field_of_a_later_gitlab"] = new JsonObject { ["list"] = new JsonArray(1, "a", null) };
    }

    private async Task DeliverAsync(string fixture, JsonObject body)
    {
        var header = string.Join(' ', fixture.Split('-').TakeWhile(w => w is not ("on" or "update" or "close" or "reopen" or "award" or "approval"))
            .Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
        using var request = new HttpRequestMessage(HttpMethod.Post, host.WebhookUrl)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Gitlab-Token", WebhookHost.Secret);
        request.Headers.Add("X-Gitlab-Event", header);
        request.Headers.Add("X-Gitlab-Event-UUID", Guid.NewGuid().ToString());
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await host.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("accepted"), $"{header}: stored for processing");
    }
}
