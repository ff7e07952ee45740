using System.Net.Http.Json;
using NUnit.Framework;
using AuditOrchestrator.Vendors.GitLab;

namespace AuditOrchestrator.IntegrationTests.GitLabClient;

/// <summary>Markers are predictable; only what the service's own user wrote may stand in for its post.</summary>
public sealed class CopiedMarkerTests
{
    [Test]
    public async Task PostOnce_WhenAMemberCopiedTheMarkerFirst_StillPostsTheServicesOwnNote()
    {
        await using var bed = await GitLabTestBed.StartAsync();
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("audit", ""), CancellationToken.None);
        var thread = await bed.Fake.StartThreadAsync(issue.Iid, GitLabTestBed.Developer,
            IdempotencyMarker.Embed("@alice nothing to see", "run-1:alice:ping-1"));
        await bed.Fake.CommentAsync(issue.Iid, GitLabTestBed.Developer, IdempotencyMarker.Embed("review done", "run-1:review"));
        await bed.Fake.ReplyAsync(issue.Iid, thread.Id, GitLabTestBed.Developer, IdempotencyMarker.Embed("fine", "run-1:alice:ping-2"));

        var discussion = await bed.Client.CreateDiscussionOnceAsync(issue.Iid, "run-1:alice:ping-1", "@alice please check", CancellationToken.None);
        var note = await bed.Client.CreateNoteOnceAsync(issue.Iid, "run-1:review", "@sally please review", CancellationToken.None);
        var reply = await bed.Client.ReplyOnceAsync(issue.Iid, discussion.DiscussionId, "run-1:alice:ping-2", "@alice reminder", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(discussion.DiscussionId, Is.Not.EqualTo(thread.Id));
            Assert.That(new[] { discussion.Note, note.Note, reply.Note }.Select(n => n.Author.Username), Is.All.EqualTo(GitLabTestBed.Bot));
            Assert.That(bed.Fake.GetIssue(GitLabTestBed.AuditProject, issue.Iid).Notes.Count(), Is.EqualTo(6), "three copies, three own notes");
        });
        // A retry now finds the service's own notes, not the copies.
        Assert.That(await bed.Client.CreateNoteOnceAsync(issue.Iid, "run-1:review", "@sally please review", CancellationToken.None), Is.EqualTo(note));
    }

    [Test]
    public async Task CreateIssueOnce_WhenAMemberOpenedAnIssueWithTheMarker_OpensTheServicesOwn()
    {
        await using var bed = await GitLabTestBed.StartAsync();
        bed.Fake.AddToken("glpat-AliceOwn1", GitLabTestBed.Developer);
        using var alice = new HttpClient { BaseAddress = new Uri(bed.Fake.BaseUrl.TrimEnd('/') + "/api/v4/") };
        alice.DefaultRequestHeaders.Add("PRIVATE-TOKEN", "glpat-AliceOwn1");
        var copied = await alice.PostAsJsonAsync($"projects/{Uri.EscapeDataString(GitLabTestBed.AuditProject)}/issues",
            new { title = "PagerDuty audit", description = IdempotencyMarker.Embed("nothing to do", "pagerduty:FY2027-Q1") });
        Assert.That((int)copied.StatusCode, Is.EqualTo(201), await copied.Content.ReadAsStringAsync());

        var own = await bed.Client.CreateIssueOnceAsync("pagerduty:FY2027-Q1", new NewIssue("PagerDuty audit", "report"), CancellationToken.None);

        Assert.That(own.Author?.Username, Is.EqualTo(GitLabTestBed.Bot));
        Assert.That(bed.Fake.Issues(GitLabTestBed.AuditProject), Has.Count.EqualTo(2));
        Assert.That((await bed.Client.CreateIssueOnceAsync("pagerduty:FY2027-Q1", new NewIssue("PagerDuty audit", "report"), CancellationToken.None)).Iid,
            Is.EqualTo(own.Iid));
    }
}
