using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AuditOrchestrator.Sandbox.GitLab;

namespace AuditOrchestrator.IntegrationTests.Webhooks;

/// <summary>What POST /webhooks/gitlab refuses or ignores changes nothing: no delivery stored, no inbox row, no resume.</summary>
[NonParallelizable]
public sealed class WebhookReceiverTests
{
    private WebhookHost host = null!;
    private OwnedIssue issue = null!;
    private Guid waiting;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        host = await WebhookHost.StartAsync();
        issue = await host.CreateOwnedIssueAsync();
        waiting = await host.StartWaitingAsync("wait-gitlab-answer", issue.ThreadKey);
        await host.WaitForStepAsync(waiting, "answer");
        await host.SettledAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await host.DisposeAsync();

    private string ReplyBody(long iid, long noteId = 990_001, string? threadId = null) => JsonSerializer.Serialize(new
    {
        object_kind = "note",
        event_type = "confidential_note",
        user = new { id = 3, username = WebhookHost.Alice },
        project_id = issue.ProjectId,
        project = new { id = issue.ProjectId, path_with_namespace = WebhookHost.AuditProject },
        object_attributes = new { id = noteId, note = "My answer", noteable_type = "Issue", discussion_id = threadId ?? issue.ThreadId, action = "create", system = false },
        issue = new { iid, id = 1, state = "opened", confidential = true },
    });

    private async Task<HttpStatusCode> PostAsync(HttpContent content, string? token = WebhookHost.Secret, string eventName = "Confidential Note Hook",
        string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, host.WebhookUrl) { Content = content };
        request.Headers.Add("X-Gitlab-Event", eventName);
        request.Headers.Add("X-Gitlab-Event-UUID", Guid.NewGuid().ToString());
        request.Headers.Add("Idempotency-Key", idempotencyKey ?? Guid.NewGuid().ToString());
        if (token is not null)
        {
            request.Headers.Add("X-Gitlab-Token", token);
        }

        using var response = await host.Http.SendAsync(request);
        return response.StatusCode;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>Runs <paramref name="send"/> and checks it left no trace: deliveries, inbox and the waiting instance as they were.</summary>
    private async Task AssertNoStateChangeAsync(Func<Task> send)
    {
        var deliveries = await host.CountAsync("webhook_deliveries");
        var inbox = await host.CountAsync("workflow_inbox");
        await send();
        // Deliveries are stored before the answer: a wrongly stored one is processed into the inbox before looking.
        await host.SettledAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(await host.CountAsync("webhook_deliveries"), Is.EqualTo(deliveries), "stored deliveries");
            Assert.That(await host.CountAsync("workflow_inbox"), Is.EqualTo(inbox), "inbox rows");
            Assert.That(await host.ResumesAsync(waiting), Is.Zero, "resumes");
        });
    }

    [TestCase("wrong-secret")]
    [TestCase("")]
    [TestCase(null)]
    public async Task Receive_WhenTheTokenIsWrongOrMissing_Answers401AndStoresNothing(string? token) =>
        await AssertNoStateChangeAsync(async () =>
            Assert.That(await PostAsync(Json(ReplyBody(issue.Iid)), token), Is.EqualTo(HttpStatusCode.Unauthorized)));

    [Test]
    public async Task Receive_WhenTheBodyIsMalformedJson_Answers400AndStoresNothing() =>
        await AssertNoStateChangeAsync(async () =>
            Assert.That(await PostAsync(Json("{\"object_kind\":\"note\",")), Is.EqualTo(HttpStatusCode.BadRequest)));

    [Test]
    public async Task Receive_WhenTheEventTypeIsUnknown_Answers200AndIgnoresIt() =>
        await AssertNoStateChangeAsync(async () =>
            Assert.That(await PostAsync(Json(ReplyBody(issue.Iid)), eventName: "Pipeline Hook"), Is.EqualTo(HttpStatusCode.OK)));

    [Test]
    public async Task Receive_WhenNoRunOwnsTheIssue_Answers200AndIgnoresIt() =>
        await AssertNoStateChangeAsync(async () =>
            Assert.That(await PostAsync(Json(ReplyBody(issue.Iid + 1000))), Is.EqualTo(HttpStatusCode.OK)));

    [Test]
    public async Task Receive_When12MegabytesArriveWithAContentLength_Answers413AndStoresNothing() =>
        await AssertNoStateChangeAsync(async () =>
        {
            var content = new ByteArrayContent(BigBody());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            Assert.That(await PostAsync(content), Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        });

    [Test]
    public async Task Receive_When12MegabytesArriveChunked_Answers413AndStoresNothing() =>
        await AssertNoStateChangeAsync(async () =>
        {
            var content = new StreamContent(new MemoryStream(BigBody()));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, host.WebhookUrl) { Content = content };
            request.Headers.TransferEncodingChunked = true;
            request.Headers.Add("X-Gitlab-Event", "Confidential Note Hook");
            request.Headers.Add("X-Gitlab-Token", WebhookHost.Secret);
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            using var response = await host.Http.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        });

    [Test]
    public async Task Receive_WhenGitLabResendsADelivery_Answers200AndChangesNothing()
    {
        var other = await host.CreateOwnedIssueAsync();
        var reply = await host.GitLab.ReplyAsync(other.Iid, other.ThreadId, WebhookHost.Alice, "Explained: I am on leave");
        var original = await host.GitLab.Webhooks.WaitForAsync(d => d.Body.Contains("Explained: I am on leave", StringComparison.Ordinal));
        await host.SettledAsync();
        Assert.That(await host.CountAsync($"workflow_inbox WHERE delivery_key = 'gitlab:note:{reply.Id}'"), Is.EqualTo(1));

        await AssertNoStateChangeAsync(async () =>
        {
            await host.GitLab.Webhooks.RedeliverAsync(original);
            var resent = await host.GitLab.Webhooks.WaitForCountAsync(d => d.IdempotencyKey == original.IdempotencyKey, 2);
            Assert.That(resent[1].Outcome, Is.EqualTo(WebhookOutcome.Delivered));
            Assert.That(resent[1].StatusCode, Is.EqualTo(200));
            Assert.That(resent[1].EventUuid, Is.Not.EqualTo(original.EventUuid));
        });
    }

    [Test]
    public async Task Receive_WhenTheSameEventUuidComesTwiceWithoutIdempotencyKey_StoresItOnce()
    {
        var other = await host.CreateOwnedIssueAsync();
        var body = ReplyBody(other.Iid, noteId: 990_777, threadId: other.ThreadId);
        var uuid = Guid.NewGuid().ToString();
        async Task<HttpStatusCode> SendAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, host.WebhookUrl) { Content = Json(body) };
            request.Headers.Add("X-Gitlab-Event", "Confidential Note Hook");
            request.Headers.Add("X-Gitlab-Event-UUID", uuid);
            request.Headers.Add("X-Gitlab-Token", WebhookHost.Secret);
            using var response = await host.Http.SendAsync(request);
            return response.StatusCode;
        }

        Assert.That(await SendAsync(), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await SendAsync(), Is.EqualTo(HttpStatusCode.OK));
        await host.SettledAsync();
        Assert.That(await host.CountAsync($"webhook_deliveries WHERE delivery_key = '{uuid}'"), Is.EqualTo(1));
        Assert.That(await host.CountAsync("workflow_inbox WHERE delivery_key = 'gitlab:note:990777'"), Is.EqualTo(1));
    }

    private static byte[] BigBody()
    {
        var padding = new string('x', 12 * 1024 * 1024);
        return Encoding.UTF8.GetBytes($"{{\"object_kind\":\"note\",\"padding\":\"{padding}\"}}");
    }
}
