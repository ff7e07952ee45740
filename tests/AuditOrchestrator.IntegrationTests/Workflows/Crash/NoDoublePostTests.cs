using System.Net;
using AuditOrchestrator.IntegrationTests.GitLabClient;
using AuditOrchestrator.Sandbox.Slack;
using AuditOrchestrator.Vendors.GitLab;
using AuditOrchestrator.Vendors.Http;
using AuditOrchestrator.Vendors.Slack;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SlackApi = AuditOrchestrator.Vendors.Slack.SlackClient;

namespace AuditOrchestrator.IntegrationTests.Workflows.Crash;

/// <summary>
/// A POST that the vendor applied but whose answer was lost (a 502 from the gateway) is not repeated by the HTTP
/// pipeline; the caller's retry looks for the idempotency marker and finds the first post.
/// </summary>
public sealed class NoDoublePostTests
{
    private const string SlackToken = "xoxb-nodouble1";
    private const string SlackUser = "U0SOM0001";

    [Test]
    public async Task CreateNoteOnce_WhenGitLabAppliesTheNoteButAnswers502_PostsOnce_AndTheRetryFindsIt()
    {
        await using var bed = await GitLabTestBed.StartAsync(maxRetries: 4);
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("audit", ""), CancellationToken.None);
        bed.Fake.ClearCalls();
        bed.Fake.Faults.FailAfterApplyingNext(1, 502);

        var error = Assert.ThrowsAsync<VendorApiException>(() => bed.Client.CreateNoteOnceAsync(issue.Iid, "run-1:ping", "Please look", CancellationToken.None));
        var retried = await bed.Client.CreateNoteOnceAsync(issue.Iid, "run-1:ping", "Please look", CancellationToken.None);

        var notes = bed.Fake.GetIssue(GitLabTestBed.AuditProject, issue.Iid).Discussions.SelectMany(d => d.Notes).Where(n => !n.System).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(error!.Status, Is.EqualTo(HttpStatusCode.BadGateway));
            Assert.That(bed.Fake.Calls.Count(c => c.Method == "POST"), Is.EqualTo(1), "the pipeline did not repeat the POST");
            Assert.That(notes, Has.Count.EqualTo(1));
            Assert.That(retried.Note.Id, Is.EqualTo(notes[0].Id), "the retry found the note by its marker");
        });
    }

    [Test]
    public async Task CreateDiscussion_WhenGitLabAnswers429_IsRetriedByThePipeline_AndPostsOnce()
    {
        await using var bed = await GitLabTestBed.StartAsync(maxRetries: 4);
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("audit", ""), CancellationToken.None);
        bed.Fake.ClearCalls();
        bed.Fake.Faults.RateLimitNext(2, TimeSpan.Zero);

        await bed.Client.CreateDiscussionAsync(issue.Iid, "first thread", CancellationToken.None);

        Assert.That(bed.Fake.Calls.Select(c => $"{c.Method} {c.StatusCode}"), Is.EqualTo(new[] { "POST 429", "POST 429", "POST 201" }));
        Assert.That(bed.Fake.GetIssue(GitLabTestBed.AuditProject, issue.Iid).Discussions, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Post_WhenGitLabFailsWith503BeforeApplying_IsNotRepeatedButAGetIs()
    {
        await using var bed = await GitLabTestBed.StartAsync(maxRetries: 4);
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("audit", ""), CancellationToken.None);
        bed.Fake.ClearCalls();
        bed.Fake.Faults.FailNext(1, 503);

        Assert.ThrowsAsync<VendorApiException>(() => bed.Client.CreateNoteAsync(issue.Iid, "hello", CancellationToken.None));
        bed.Fake.Faults.FailNext(1, 503);
        var read = await bed.Client.GetIssueAsync(issue.Iid, CancellationToken.None);

        Assert.That(read.Iid, Is.EqualTo(issue.Iid));
        Assert.That(bed.Fake.Calls.Select(c => $"{c.Method} {c.StatusCode}"), Is.EqualTo(new[] { "POST 503", "GET 503", "GET 200" }));
    }

    [Test]
    public async Task SendDirectMessageOnce_WhenSlackAppliesThePostButAnswers502_DmsOnce_AndTheRetryFindsIt()
    {
        var fake = new FakeSlack(SlackToken);
        await using var _ = fake;
        await fake.StartAsync();
        fake.AddUser(SlackUser);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Slack:BaseUrl"] = fake.BaseUrl, ["Slack:Token"] = SlackToken })
            .Build();
        var services = new ServiceCollection();
        services.Configure<VendorResilienceOptions>(SlackApi.Vendor, o =>
        {
            o.MaxRetries = 3;
            o.BaseDelay = TimeSpan.FromMilliseconds(1);
            o.MaxDelay = TimeSpan.FromMilliseconds(5);
        });
        services.AddSlack(configuration);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<SlackApi>();
        fake.Faults.FailAfterApplyingNext(1, 502, path: "/api/chat.postMessage");

        Assert.ThrowsAsync<VendorApiException>(() => client.SendDirectMessageOnceAsync(SlackUser, "run-1:alert", "A step faulted", CancellationToken.None));
        var retried = await client.SendDirectMessageOnceAsync(SlackUser, "run-1:alert", "A step faulted", CancellationToken.None);

        var messages = fake.MessagesTo(SlackUser);
        Assert.Multiple(() =>
        {
            Assert.That(messages, Has.Count.EqualTo(1));
            Assert.That(retried.Ts, Is.EqualTo(messages[0].Ts));
            Assert.That(fake.Calls.Count(c => c.PathAndQuery.StartsWith("/api/chat.postMessage", StringComparison.Ordinal)), Is.EqualTo(1));
        });
    }
}
