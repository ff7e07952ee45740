using AuditOrchestrator.IntegrationTests.Runtime;
using System.Text.Json;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Workflows;

namespace AuditOrchestrator.IntegrationTests.Integrity;

/// <summary>Issue 16, hole 4: a close before the review is undone, and never approves the review later.</summary>
public sealed class EarlyCloseTests
{
    [Test]
    public async Task IssueClosedWhileItemsRun_IsReopenedWithTheReason_AndTheStaleCloseNeverApprovesTheReview()
    {
        await using var host = await SmallTeam.StartAsync();
        var run = await host.StartRunAsync();
        var (iid, _) = await host.FirstPingsAsync(run, 5);

        // A member closes the issue while every item is being followed up; then the SOM does, before any review.
        await host.Fake.CloseIssueAsync(iid, "alice");
        await host.WaitForJournalAsync(run, "issue-reopened");
        Assert.That(host.Issue(iid).State, Is.EqualTo("opened"));
        // GitLab keys a close by its second: the SOM's comes a minute later.
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await host.Fake.CloseIssueAsync(iid, FollowUpHost.Som);
        await host.WaitForJournalAsync(run, "issue-reopened", 2);
        await Eventually.HoldsAsync(() => Task.FromResult(host.Issue(iid).State == "opened"), IntegrityReads.Patience, "reopened again");

        var reopened = (await host.JournalAsync(run)).Where(e => e.Kind == "issue-reopened").ToList();
        var notes = host.BotNotes(iid).Where(n => n.Body.Contains("has been reopened", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(reopened.Select(e => e.Actor), Is.EqualTo(new[] { "alice", FollowUpHost.Som }));
            Assert.That(reopened.Select(e => e.Data!["open"]!.AsArray().Count), Is.All.EqualTo(5), "what is still open");
            Assert.That(reopened.Select(e => e.Data.Text("reason")), Is.All.EqualTo("the review has not been requested yet"));
            Assert.That(notes, Has.Count.EqualTo(2));
            Assert.That(notes[0].Body, Does.Contain("`alice`").And.Contain("`dave`: open").And.Contain("closes the issue after the review"));
            Assert.That(notes[0].Mentions, Is.EqualTo(new[] { FollowUpHost.Som }));
        });

        // The review is requested ten days later; both closes are still in the inbox, and neither approves it.
        await host.RunToReviewAsync(run, iid);
        await host.WaitForJournalAsync(run, "stale-close-ignored", 2);
        Assert.Multiple(async () =>
        {
            Assert.That(await host.StatusAsync(run), Is.EqualTo("awaiting-review"));
            Assert.That(host.Issue(iid).State, Is.EqualTo("opened"));
            Assert.That((await host.JournalAsync(run)).Count(e => e.Kind == "approved"), Is.Zero);
        });

        // The SOM's close after the review is the approval.
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await host.Fake.CloseIssueAsync(iid, FollowUpHost.Som);
        await Eventually.HoldsAsync(async () => await host.StatusAsync(run) == "completed", IntegrityReads.Patience, "the run completes");
        var approved = (await host.JournalAsync(run)).Single(e => e.Kind == "approved");
        Assert.Multiple(() =>
        {
            Assert.That(approved.Actor, Is.EqualTo(FollowUpHost.Som));
            Assert.That(approved.Data.Text("how"), Is.EqualTo("closed"));
            Assert.That(host.Issue(iid).State, Is.EqualTo("closed"));
        });
    }
}
