using System.Net.Http.Json;
using System.Text.Json;
using AuditOrchestrator.Sandbox.GitLab;
using AuditOrchestrator.Vendors.GitLab;
using NUnit.Framework;

namespace AuditOrchestrator.IntegrationTests.GitLabClient;

public sealed class FakeGitLabWebhookTests
{
    private const string Secret = "hook-secret-123";

    private GitLabTestBed bed = null!;
    private WebhookReceiver receiver = null!;

    [SetUp]
    public async Task StartAsync()
    {
        bed = await GitLabTestBed.StartAsync();
        receiver = await WebhookReceiver.StartAsync();
        bed.Fake.Webhooks.Configure(receiver.Url, Secret);
    }

    [TearDown]
    public async Task StopAsync()
    {
        await receiver.DisposeAsync();
        await bed.DisposeAsync();
    }

    /// <summary>An issue with one thread the service started, as the hooks' tests begin.</summary>
    private async Task<(GitLabIssue Issue, GitLabDiscussion Thread)> IssueWithThreadAsync(string mention = "@alice please check", bool confidential = false)
    {
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("audit", "", Confidential: confidential), CancellationToken.None);
        return (issue, await bed.Client.CreateDiscussionAsync(issue.Iid, mention, CancellationToken.None));
    }

    [Test]
    public async Task Reply_OnAConfidentialIssue_SendsConfidentialNoteHookWithGitLabHeaders()
    {
        var (issue, thread) = await IssueWithThreadAsync(confidential: true);

        await bed.Fake.ReplyAsync(issue.Iid, thread.Id, GitLabTestBed.Developer, "Fixed");
        var delivery = await bed.Fake.Webhooks.WaitForAsync(d => d.Json.GetProperty("user").GetProperty("username").GetString() == GitLabTestBed.Developer);

        Assert.That(delivery.Event, Is.EqualTo("Confidential Note Hook"));
        Assert.That(delivery.Outcome, Is.EqualTo(WebhookOutcome.Delivered));
        var received = receiver.Received.Single(r => r.Headers["X-Gitlab-Event-UUID"] == delivery.EventUuid);
        Assert.That(received.Headers["X-Gitlab-Event"], Is.EqualTo("Confidential Note Hook"));
        Assert.That(received.Headers["X-Gitlab-Token"], Is.EqualTo(Secret));
        Assert.That(received.Headers["Idempotency-Key"], Is.EqualTo(delivery.IdempotencyKey).And.Not.Empty);
        var payload = JsonDocument.Parse(received.Body).RootElement;
        Assert.That(payload.GetProperty("object_kind").GetString(), Is.EqualTo("note"));
        Assert.That(payload.GetProperty("event_type").GetString(), Is.EqualTo("confidential_note"));
        Assert.That(payload.GetProperty("project").GetProperty("path_with_namespace").GetString(), Is.EqualTo(GitLabTestBed.AuditProject));
        var attributes = payload.GetProperty("object_attributes");
        Assert.That(attributes.GetProperty("note").GetString(), Is.EqualTo("Fixed"));
        Assert.That(attributes.GetProperty("noteable_type").GetString(), Is.EqualTo("Issue"));
        Assert.That(attributes.GetProperty("discussion_id").GetString(), Is.EqualTo(thread.Id));
        Assert.That(payload.GetProperty("issue").GetProperty("iid").GetInt64(), Is.EqualTo(issue.Iid));
        Assert.That(payload.GetProperty("issue").GetProperty("confidential").GetBoolean(), Is.True);
    }

    [Test]
    public async Task DescriptionEdit_OnAConfidentialIssue_SendsConfidentialIssueHookWithTheChange()
    {
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("audit", "before", Confidential: true), CancellationToken.None);

        await bed.Fake.EditDescriptionAsync(issue.Iid, GitLabTestBed.Som, "after");
        var delivery = await bed.Fake.Webhooks.WaitForAsync(d => d.Json.GetProperty("object_attributes").GetProperty("action").GetString() == "update");

        Assert.That(delivery.Event, Is.EqualTo("Confidential Issue Hook"));
        var payload = delivery.Json;
        Assert.That(payload.GetProperty("object_kind").GetString(), Is.EqualTo("issue"));
        Assert.That(payload.GetProperty("event_type").GetString(), Is.EqualTo("confidential_issue"));
        var change = payload.GetProperty("changes").GetProperty("description");
        Assert.That(change.GetProperty("previous").GetString(), Is.EqualTo("before"));
        Assert.That(change.GetProperty("current").GetString(), Is.EqualTo("after"));
    }

    [Test]
    public async Task CloseAndNoteAndEmoji_OnAPublicIssue_SendTheirPublicHooksInOrder()
    {
        var (issue, thread) = await IssueWithThreadAsync("@sally please review");

        await bed.Fake.AwardEmojiAsync(issue.Iid, GitLabTestBed.Som, "thumbsup", thread.Notes[0].Id);
        await bed.Fake.CloseIssueAsync(issue.Iid, GitLabTestBed.Som);
        var deliveries = await bed.Fake.Webhooks.WaitForCountAsync(_ => true, 4);

        Assert.That(deliveries.Select(d => d.Event), Is.EqualTo(new[] { "Issue Hook", "Note Hook", "Emoji Hook", "Issue Hook" }));
        var emoji = deliveries[2].Json;
        Assert.That(emoji.GetProperty("object_kind").GetString(), Is.EqualTo("emoji"));
        Assert.That(emoji.GetProperty("event_type").GetString(), Is.EqualTo("award"));
        Assert.That(emoji.GetProperty("object_attributes").GetProperty("awardable_type").GetString(), Is.EqualTo("Note"));
        Assert.That(emoji.GetProperty("object_attributes").GetProperty("awardable_id").GetInt64(), Is.EqualTo(thread.Notes[0].Id));
        Assert.That(emoji.GetProperty("note").GetProperty("discussion_id").GetString(), Is.EqualTo(thread.Id));
        var closed = deliveries[3].Json;
        Assert.That(closed.GetProperty("object_attributes").GetProperty("action").GetString(), Is.EqualTo("close"));
        Assert.That(closed.GetProperty("user").GetProperty("username").GetString(), Is.EqualTo(GitLabTestBed.Som));
        Assert.That(deliveries.Select(d => d.EventUuid).Distinct().Count(), Is.EqualTo(4));
    }

    [Test]
    public async Task Deliveries_WhenSwitchedOff_AreDroppedAndNeverReachTheReceiver()
    {
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("audit", ""), CancellationToken.None);
        await bed.Fake.Webhooks.WaitForAsync(d => d.Event == "Issue Hook");

        bed.Fake.Webhooks.DropDeliveries = true;
        await bed.Fake.CommentAsync(issue.Iid, GitLabTestBed.Developer, "done");
        var dropped = await bed.Fake.Webhooks.WaitForAsync(d => d.Event == "Note Hook");

        Assert.That(dropped.Outcome, Is.EqualTo(WebhookOutcome.Dropped));
        Assert.That(receiver.Received.Select(r => r.Headers["X-Gitlab-Event"]), Is.EqualTo(new[] { "Issue Hook" }));
    }

    [Test]
    public async Task Deliveries_WhenTheReceiverIsDown_AreRecordedAsFailedAndNotRetried()
    {
        var url = receiver.Url;
        await receiver.DisposeAsync();

        await bed.Client.CreateIssueAsync(new NewIssue("audit", ""), CancellationToken.None);
        var failed = await bed.Fake.Webhooks.WaitForAsync(d => d.Event == "Issue Hook");

        Assert.That(failed.Outcome, Is.EqualTo(WebhookOutcome.Failed));
        Assert.That(failed.StatusCode, Is.Null);
        Assert.That(bed.Fake.Webhooks.Deliveries, Has.Count.EqualTo(1));
        Assert.That(bed.Fake.Webhooks.Url, Is.EqualTo(url));
    }

    [Test]
    public async Task ControlEndpoint_ReplyAsAPerson_ChangesStateAndSendsTheHook()
    {
        var (issue, thread) = await IssueWithThreadAsync();
        using var http = new HttpClient { BaseAddress = new Uri(bed.Fake.BaseUrl) };

        using var response = await http.PostAsJsonAsync(
            new Uri($"/_control/issues/{issue.Iid}/discussions/{thread.Id}/reply", UriKind.Relative),
            new { username = GitLabTestBed.Developer, body = "Updated my PagerDuty id" });
        var delivery = await bed.Fake.Webhooks.WaitForAsync(d => d.Event == "Note Hook" && d.Json.GetProperty("user").GetProperty("username").GetString() == GitLabTestBed.Developer);

        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        Assert.That(delivery.Json.GetProperty("object_attributes").GetProperty("note").GetString(), Is.EqualTo("Updated my PagerDuty id"));
        var read = await bed.Client.ListDiscussionsAsync(issue.Iid, CancellationToken.None);
        Assert.That(read.Single().Notes.Select(n => n.Author.Username), Is.EqualTo(new[] { GitLabTestBed.Bot, GitLabTestBed.Developer }));
    }

    [Test]
    public async Task ControlEndpoints_AwardResolveAndClose_ActAsThePerson()
    {
        var (issue, thread) = await IssueWithThreadAsync();
        using var http = new HttpClient { BaseAddress = new Uri(bed.Fake.BaseUrl) };

        async Task PostAsync(string path, object body)
        {
            using var response = await http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
            Assert.That((int)response.StatusCode, Is.EqualTo(200), path);
        }

        await PostAsync($"/_control/issues/{issue.Iid}/award", new { username = GitLabTestBed.Developer, emoji = "white_check_mark", note_id = thread.Notes[0].Id });
        await PostAsync($"/_control/issues/{issue.Iid}/discussions/{thread.Id}/resolve", new { username = GitLabTestBed.Developer });
        await PostAsync($"/_control/issues/{issue.Iid}/close", new { username = GitLabTestBed.Som });
        using var refused = await http.PostAsJsonAsync(new Uri($"/_control/issues/{issue.Iid}/close", UriKind.Relative), new { username = "outsider" });

        var awards = await bed.Client.ListNoteAwardsAsync(issue.Iid, thread.Notes[0].Id, CancellationToken.None);
        var discussions = await bed.Client.ListDiscussionsAsync(issue.Iid, CancellationToken.None);
        var discussion = discussions.Single(d => d.Id == thread.Id);
        var closed = await bed.Client.GetIssueAsync(issue.Iid, CancellationToken.None);
        Assert.That(awards.Select(a => (a.Name, a.User.Username)), Is.EqualTo(new[] { ("white_check_mark", GitLabTestBed.Developer) }));
        Assert.That(discussion.IsResolved, Is.True);
        Assert.That(closed.ClosedBy?.Username, Is.EqualTo(GitLabTestBed.Som));
        Assert.That((int)refused.StatusCode, Is.EqualTo(404), "not a project member");
        Assert.That(discussions.Where(d => d.Id != thread.Id).SelectMany(d => d.Notes).Select(n => (n.System, n.Body, n.Author.Username)),
            Is.EqualTo(new[] { (true, "closed", GitLabTestBed.Som) }), "GitLab's own note about the close");
    }

    [Test]
    public async Task Redeliver_SendsTheEventAgainWithTheSameIdempotencyKey()
    {
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("audit", ""), CancellationToken.None);
        await bed.Fake.CommentAsync(issue.Iid, GitLabTestBed.Developer, "done");
        var first = await bed.Fake.Webhooks.WaitForAsync(d => d.Event == "Note Hook");

        await bed.Fake.Webhooks.RedeliverAsync(first);
        var both = await bed.Fake.Webhooks.WaitForCountAsync(d => d.Event == "Note Hook", 2);

        Assert.That(both[1].IdempotencyKey, Is.EqualTo(first.IdempotencyKey));
        Assert.That(both[1].EventUuid, Is.Not.EqualTo(first.EventUuid));
        Assert.That(receiver.Received.Count(r => r.Headers["Idempotency-Key"] == first.IdempotencyKey), Is.EqualTo(2));
    }

    [Test]
    public async Task PersonWithoutAccess_CannotActOnAConfidentialIssue()
    {
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("audit", "", Confidential: true), CancellationToken.None);

        var error = Assert.ThrowsAsync<FakeGitLabException>(() => bed.Fake.CommentAsync(issue.Iid, GitLabTestBed.Guest, "hi"));

        Assert.That(error!.StatusCode, Is.EqualTo(404));
    }
}
