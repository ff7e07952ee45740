using NUnit.Framework;
using AuditOrchestrator.Vendors.GitLab;

namespace AuditOrchestrator.IntegrationTests.GitLabClient;

public sealed class GitLabClientIdempotencyTests
{
    [Test]
    public async Task CreateDiscussionOnce_WhenCalledTwiceWithTheSameKey_PostsOnce()
    {
        await using var bed = await GitLabTestBed.StartAsync();
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("audit", ""), CancellationToken.None);

        var first = await bed.Client.CreateDiscussionOnceAsync(issue.Iid, "run-1:alice:ping-1", "@alice please check", CancellationToken.None);
        var second = await bed.Client.CreateDiscussionOnceAsync(issue.Iid, "run-1:alice:ping-1", "@alice please check", CancellationToken.None);

        Assert.That(second, Is.EqualTo(first));
        Assert.That(bed.Fake.GetIssue(GitLabTestBed.AuditProject, issue.Iid).Discussions, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task CreateDiscussionOnce_WhenAPreviousAttemptPostedThenCrashed_FindsThatNote()
    {
        await using var bed = await GitLabTestBed.StartAsync();
        bed.Fake.MaxPerPage = 2;
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("audit", ""), CancellationToken.None);
        await bed.Client.CreateDiscussionAsync(issue.Iid, "unrelated 1", CancellationToken.None);
        await bed.Client.CreateDiscussionAsync(issue.Iid, "unrelated 2", CancellationToken.None);
        // The crashed attempt: posted with its marker, never recorded the result.
        var posted = await bed.Client.CreateDiscussionAsync(issue.Iid, IdempotencyMarker.Embed("@bob please check", "run-1:bob:ping-1"), CancellationToken.None);

        var retried = await bed.Client.CreateDiscussionOnceAsync(issue.Iid, "run-1:bob:ping-1", "@bob please check", CancellationToken.None);

        Assert.That(retried.DiscussionId, Is.EqualTo(posted.Id));
        Assert.That(retried.Note.Id, Is.EqualTo(posted.Notes[0].Id));
        Assert.That(bed.Fake.GetIssue(GitLabTestBed.AuditProject, issue.Iid).Discussions, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task CreateIssueOnce_WhenAPreviousKickoffCreatedTheIssue_ReturnsItEvenIfClosed()
    {
        await using var bed = await GitLabTestBed.StartAsync();
        bed.Fake.MaxPerPage = 1;
        await bed.Client.CreateIssueAsync(new NewIssue("other", "mentions pagerduty:FY2027-Q1 in passing"), CancellationToken.None);

        var first = await bed.Client.CreateIssueOnceAsync("pagerduty:FY2027-Q1", new NewIssue("PagerDuty audit", "report"), CancellationToken.None);
        await bed.Client.CloseIssueAsync(first.Iid, CancellationToken.None);
        var again = await bed.Client.CreateIssueOnceAsync("pagerduty:FY2027-Q1", new NewIssue("PagerDuty audit", "report"), CancellationToken.None);
        var otherPeriod = await bed.Client.CreateIssueOnceAsync("pagerduty:FY2027-Q3", new NewIssue("PagerDuty audit", "report"), CancellationToken.None);

        Assert.That(again.Iid, Is.EqualTo(first.Iid));
        Assert.That(otherPeriod.Iid, Is.Not.EqualTo(first.Iid));
        Assert.That(bed.Fake.Issues(GitLabTestBed.AuditProject), Has.Count.EqualTo(3));
        Assert.That(first.Description, Does.StartWith("report"));
    }

    [Test]
    public async Task ReplyOnce_WhenKeyAlreadyOnTheIssue_DoesNotReplyAgain()
    {
        await using var bed = await GitLabTestBed.StartAsync();
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("audit", ""), CancellationToken.None);
        var thread = await bed.Client.CreateDiscussionAsync(issue.Iid, "@alice please check", CancellationToken.None);

        var first = await bed.Client.ReplyOnceAsync(issue.Iid, thread.Id, "run-1:alice:ping-2", "@alice reminder", CancellationToken.None);
        var again = await bed.Client.ReplyOnceAsync(issue.Iid, thread.Id, "run-1:alice:ping-2", "@alice reminder", CancellationToken.None);
        var note = await bed.Client.CreateNoteOnceAsync(issue.Iid, "run-1:review", "@sally please review", CancellationToken.None);

        Assert.That(again.Note.Id, Is.EqualTo(first.Note.Id));
        Assert.That(first.DiscussionId, Is.EqualTo(thread.Id));
        Assert.That(note.DiscussionId, Is.Not.Empty);
        var discussions = await bed.Client.ListDiscussionsAsync(issue.Iid, CancellationToken.None);
        Assert.That(discussions.SelectMany(d => d.Notes).Count(), Is.EqualTo(3));
        Assert.That(discussions[0].Notes[1].Body, Does.Contain("<!-- ao:key=run-1:alice:ping-2 -->"));
    }

    [Test]
    public async Task FirstAttempts_PostWithoutReadingTheIssue_ARetryReadsOnlyItsOwnThread()
    {
        await using var bed = await GitLabTestBed.StartAsync();
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("audit", ""), CancellationToken.None);
        var thread = await bed.Client.CreateDiscussionOnceAsync(issue.Iid, "run-1:alice:ping-1", "@alice please check", mayExist: false, CancellationToken.None);
        var reply = await bed.Client.ReplyOnceAsync(issue.Iid, thread.DiscussionId, "run-1:alice:ping-2", "@alice reminder", mayExist: false, CancellationToken.None);
        var threadsListed = bed.Fake.Calls.Count(c => c.Method == "GET" && c.PathAndQuery.Split('?')[0].EndsWith("/discussions", StringComparison.Ordinal));
        bed.Fake.ClearCalls();

        // The node that made the reply died before recording it: the retry may repeat it, so it looks, in the thread only.
        var retried = await bed.Client.ReplyOnceAsync(issue.Iid, thread.DiscussionId, "run-1:alice:ping-2", "@alice reminder", mayExist: true, CancellationToken.None);

        Assert.That(threadsListed, Is.Zero, "a first attempt posts directly");
        Assert.That((retried.DiscussionId, retried.Note.Id), Is.EqualTo((reply.DiscussionId, reply.Note.Id)), "the retry finds the reply instead of posting again");
        Assert.That(bed.Fake.Calls.Where(c => c.Method != "GET" || c.PathAndQuery.Contains("/discussions", StringComparison.Ordinal))
                .Select(c => $"{c.Method} {c.PathAndQuery.Split('?')[0].Split("/issues/")[1]}"),
            Is.EqualTo(new[] { $"GET {issue.Iid}/discussions/{thread.DiscussionId}" }), "one thread read, nothing posted");
        Assert.That(bed.Fake.GetIssue(GitLabTestBed.AuditProject, issue.Iid).Discussions.Single().Notes, Has.Count.EqualTo(2));
    }
}
