using AuditOrchestrator.Audits.GitLab;
using AuditOrchestrator.Vendors.GitLab;
using NUnit.Framework;

namespace AuditOrchestrator.IntegrationTests.GitLabClient;

/// <summary>Answers read from what the simulated GitLab holds after people act, as the reconciliation reads them.</summary>
public sealed class GitLabAnswersTests
{
    [Test]
    public async Task OnThread_WhenPersonRepliesAwardsDoneAndResolves_ListsThreeAnswersAndIgnoresTheService()
    {
        await using var bed = await GitLabTestBed.StartAsync();
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("audit", ""), CancellationToken.None);
        var thread = await bed.Client.CreateDiscussionAsync(issue.Iid, "@alice please check", CancellationToken.None);
        var first = thread.Notes[0].Id;
        await bed.Client.ReplyAsync(issue.Iid, thread.Id, "Reminder", CancellationToken.None);
        await bed.Client.AwardOnNoteAsync(issue.Iid, first, "white_check_mark", CancellationToken.None);
        await bed.Fake.ReplyAsync(issue.Iid, thread.Id, GitLabTestBed.Developer, "Fixed my id");
        await bed.Fake.AwardEmojiAsync(issue.Iid, GitLabTestBed.Developer, "white_check_mark", first);
        await bed.Fake.AwardEmojiAsync(issue.Iid, GitLabTestBed.Developer, "tada", first);
        await bed.Fake.ResolveThreadAsync(issue.Iid, thread.Id, GitLabTestBed.Developer);

        var read = await bed.Client.GetDiscussionAsync(issue.Iid, thread.Id, CancellationToken.None);
        var awards = await bed.Client.ListNoteAwardsAsync(issue.Iid, first, CancellationToken.None);
        var answers = GitLabAnswers.OnThread(read, awards, GitLabTestBed.Bot, "white_check_mark");

        Assert.That(answers.Select(a => (a.Kind, a.Username)), Is.EquivalentTo(new[]
        {
            (GitLabAnswerKind.Reply, GitLabTestBed.Developer),
            (GitLabAnswerKind.DoneEmoji, GitLabTestBed.Developer),
            (GitLabAnswerKind.Resolved, GitLabTestBed.Developer),
        }));
        Assert.That(answers.Select(a => a.At), Is.Ordered);
    }

    [Test]
    public async Task OnThread_WhenOnlyTheServiceWrote_HasNoAnswers()
    {
        await using var bed = await GitLabTestBed.StartAsync();
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("audit", ""), CancellationToken.None);
        var thread = await bed.Client.CreateDiscussionAsync(issue.Iid, "@alice please check", CancellationToken.None);
        await bed.Client.ReplyAsync(issue.Iid, thread.Id, "Reminder", CancellationToken.None);
        await bed.Client.ResolveDiscussionAsync(issue.Iid, thread.Id, resolved: true, CancellationToken.None);

        var read = await bed.Client.GetDiscussionAsync(issue.Iid, thread.Id, CancellationToken.None);

        Assert.That(GitLabAnswers.OnThread(read, [], GitLabTestBed.Bot, "white_check_mark"), Is.Empty);
    }

    [Test]
    public async Task Approval_WhenSomAwardsTheApprovalEmojiOnTheReviewNote_IsTheirs()
    {
        await using var bed = await GitLabTestBed.StartAsync();
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("audit", ""), CancellationToken.None);
        var review = await bed.Client.CreateDiscussionAsync(issue.Iid, "@sally please review", CancellationToken.None);
        var other = await bed.Client.CreateNoteAsync(issue.Iid, "unrelated", CancellationToken.None);
        await bed.Fake.AwardEmojiAsync(issue.Iid, GitLabTestBed.Developer, "thumbsup", review.Notes[0].Id);
        await bed.Fake.AwardEmojiAsync(issue.Iid, GitLabTestBed.Som, "thumbsup", other.Id);

        var before = GitLabAnswers.Approval(await bed.Client.GetIssueAsync(issue.Iid, CancellationToken.None), review.Notes[0].Id,
            await bed.Client.ListNoteAwardsAsync(issue.Iid, review.Notes[0].Id, CancellationToken.None), [GitLabTestBed.Som], "thumbsup");
        await bed.Fake.AwardEmojiAsync(issue.Iid, GitLabTestBed.Som, "thumbsup", review.Notes[0].Id);
        var after = GitLabAnswers.Approval(await bed.Client.GetIssueAsync(issue.Iid, CancellationToken.None), review.Notes[0].Id,
            await bed.Client.ListNoteAwardsAsync(issue.Iid, review.Notes[0].Id, CancellationToken.None), [GitLabTestBed.Som], "thumbsup");

        Assert.That(before, Is.Null, "a non-SOM's emoji, or the SOM's emoji on another note, is no approval");
        Assert.That(after?.Username, Is.EqualTo(GitLabTestBed.Som));
        Assert.That(after?.ClosedTheIssue, Is.False);
    }

    [Test]
    public async Task Approval_WhenTheIssueIsClosedBySomeoneElse_IsNone_AndWhenClosedByTheSom_IsTheirs()
    {
        await using var bed = await GitLabTestBed.StartAsync();
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("audit", ""), CancellationToken.None);
        var review = await bed.Client.CreateDiscussionAsync(issue.Iid, "@sally please review", CancellationToken.None);

        await bed.Fake.CloseIssueAsync(issue.Iid, GitLabTestBed.Developer);
        var byDeveloper = GitLabAnswers.Approval(await bed.Client.GetIssueAsync(issue.Iid, CancellationToken.None), review.Notes[0].Id, [], [GitLabTestBed.Som], "thumbsup");
        await bed.Fake.ReopenIssueAsync(issue.Iid, GitLabTestBed.Som);
        await bed.Fake.CloseIssueAsync(issue.Iid, GitLabTestBed.Som);
        var bySom = GitLabAnswers.Approval(await bed.Client.GetIssueAsync(issue.Iid, CancellationToken.None), review.Notes[0].Id, [], [GitLabTestBed.Som], "thumbsup");

        Assert.That(byDeveloper, Is.Null);
        Assert.That(bySom?.Username, Is.EqualTo(GitLabTestBed.Som));
        Assert.That(bySom?.ClosedTheIssue, Is.True);
    }
}
