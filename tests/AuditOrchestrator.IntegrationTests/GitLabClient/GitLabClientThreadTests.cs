using AuditOrchestrator.Sandbox.GitLab;
using AuditOrchestrator.Vendors.GitLab;
using NUnit.Framework;

namespace AuditOrchestrator.IntegrationTests.GitLabClient;

public sealed class GitLabClientThreadTests
{
    [Test]
    public async Task Discussion_StartReplyResolve_ShowsEachStepInTheThread()
    {
        await using var bed = await GitLabTestBed.StartAsync();
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("audit", ""), CancellationToken.None);

        var thread = await bed.Client.CreateDiscussionAsync(issue.Iid, "@alice your PagerDuty id is missing", CancellationToken.None);
        await bed.Fake.ReplyAsync(issue.Iid, thread.Id, GitLabTestBed.Developer, "Added it, thanks");
        var botReply = await bed.Client.ReplyAsync(issue.Iid, thread.Id, "Re-checking now", CancellationToken.None);
        var resolved = await bed.Client.ResolveDiscussionAsync(issue.Iid, thread.Id, resolved: true, CancellationToken.None);

        Assert.That(thread.IndividualNote, Is.False);
        Assert.That(thread.Notes.Single().Resolvable, Is.True);
        Assert.That(botReply.Type, Is.EqualTo("DiscussionNote"));
        Assert.That(resolved.IsResolved, Is.True);
        Assert.That(resolved.Notes.Select(n => (n.Author.Username, n.Body)), Is.EqualTo(new[]
        {
            (GitLabTestBed.Bot, "@alice your PagerDuty id is missing"),
            (GitLabTestBed.Developer, "Added it, thanks"),
            (GitLabTestBed.Bot, "Re-checking now"),
        }));
        Assert.That(resolved.Notes[0].ResolvedBy?.Username, Is.EqualTo(GitLabTestBed.Bot));
    }

    [Test]
    public async Task ResolveDiscussion_WhenAPersonResolvesIt_IsSeenOnTheNextRead()
    {
        await using var bed = await GitLabTestBed.StartAsync();
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("audit", ""), CancellationToken.None);
        var thread = await bed.Client.CreateDiscussionAsync(issue.Iid, "@alice please check", CancellationToken.None);

        await bed.Fake.ResolveThreadAsync(issue.Iid, thread.Id, GitLabTestBed.Developer);
        var read = (await bed.Client.ListDiscussionsAsync(issue.Iid, CancellationToken.None)).Single();
        var single = await bed.Client.GetDiscussionAsync(issue.Iid, thread.Id, CancellationToken.None);

        Assert.That(read.IsResolved, Is.True);
        Assert.That(read.Notes[0].ResolvedBy?.Username, Is.EqualTo(GitLabTestBed.Developer));
        Assert.That((single.Id, single.IsResolved), Is.EqualTo((thread.Id, true)));
    }

    [TestCase(FakeGitLabPagingHeaders.LinkAndNextPage)]
    [TestCase(FakeGitLabPagingHeaders.LinkOnly)]
    [TestCase(FakeGitLabPagingHeaders.NextPageOnly)]
    public async Task ListDiscussions_WhenTheyFillSeveralPages_ReturnsAllInOrder(FakeGitLabPagingHeaders headers)
    {
        await using var bed = await GitLabTestBed.StartAsync();
        bed.Fake.MaxPerPage = 4;
        bed.Fake.PagingHeaders = headers;
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("audit", ""), CancellationToken.None);
        for (var i = 1; i <= 11; i++)
        {
            await bed.Client.CreateDiscussionAsync(issue.Iid, $"item {i}", CancellationToken.None);
        }

        bed.Fake.ClearCalls();
        var discussions = await bed.Client.ListDiscussionsAsync(issue.Iid, CancellationToken.None);

        Assert.That(discussions.Select(d => d.Notes[0].Body), Is.EqualTo(Enumerable.Range(1, 11).Select(i => $"item {i}")));
        Assert.That(bed.Fake.Calls, Has.Count.EqualTo(3), "three pages of four");
    }

    [Test]
    public async Task ListNotes_ReturnsSingleNotesAndThreadNotesOldestFirst()
    {
        await using var bed = await GitLabTestBed.StartAsync();
        bed.Fake.MaxPerPage = 2;
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("audit", ""), CancellationToken.None);
        await bed.Client.CreateNoteAsync(issue.Iid, "first", CancellationToken.None);
        var thread = await bed.Client.CreateDiscussionAsync(issue.Iid, "second", CancellationToken.None);
        await bed.Fake.ReplyAsync(issue.Iid, thread.Id, GitLabTestBed.Som, "third");

        var notes = await bed.Client.ListNotesAsync(issue.Iid, CancellationToken.None);

        Assert.That(notes.Select(n => n.Body), Is.EqualTo(new[] { "first", "second", "third" }));
    }

    [Test]
    public async Task AwardEmoji_OnIssueAndOnNote_AreListedWhereTheyWereGiven()
    {
        await using var bed = await GitLabTestBed.StartAsync();
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("audit", ""), CancellationToken.None);
        var thread = await bed.Client.CreateDiscussionAsync(issue.Iid, "@alice please check", CancellationToken.None);
        var noteId = thread.Notes[0].Id;

        await bed.Client.AwardOnIssueAsync(issue.Iid, "eyes", CancellationToken.None);
        await bed.Client.AwardOnNoteAsync(issue.Iid, noteId, "thumbsup", CancellationToken.None);
        await bed.Fake.AwardEmojiAsync(issue.Iid, GitLabTestBed.Developer, "white_check_mark", noteId);

        var onIssue = await bed.Client.ListIssueAwardsAsync(issue.Iid, CancellationToken.None);
        var onNote = await bed.Client.ListNoteAwardsAsync(issue.Iid, noteId, CancellationToken.None);

        Assert.That(onIssue.Select(a => (a.Name, a.User.Username, a.AwardableType)), Is.EqualTo(new[] { ("eyes", GitLabTestBed.Bot, "Issue") }));
        Assert.That(onNote.Select(a => (a.Name, a.User.Username)), Is.EqualTo(new[]
        {
            ("thumbsup", GitLabTestBed.Bot),
            ("white_check_mark", GitLabTestBed.Developer),
        }));
        Assert.That(onNote.All(a => a.AwardableType == "Note" && a.AwardableId == noteId), Is.True);
    }
}
