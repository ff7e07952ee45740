using AuditOrchestrator.IntegrationTests.Runtime;
using System.Text.Json;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Workflows;

namespace AuditOrchestrator.IntegrationTests.Integrity;

/// <summary>Issue 16, hole 4: a close before the review is undone, and never approves the review later.</summary>
public sealed class EarlyCloseTests
{
    private FollowUpHost _host = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _host = await FollowUpHost.StartAsync(SmallTeam.Yaml);
        SmallTeam.SeedPagerDuty(_host.PagerDuty);
    }

    [TearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [Test]
    public async Task IssueClosedWhileItemsRun_IsReopenedWithTheReason_AndTheStaleCloseNeverApprovesTheReview()
    {
        var run = await _host.StartRunAsync();
        var (iid, _) = await _host.FirstPingsAsync(run, 5);

        // A member closes the issue while every item is being followed up; then the SOM does, before any review.
        await _host.Fake.CloseIssueAsync(iid, "alice");
        await _host.WaitForJournalAsync(run, "issue-reopened");
        Assert.That(_host.Issue(iid).State, Is.EqualTo("opened"));
        // GitLab keys a close by its second: the SOM's comes a minute later.
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        await _host.Fake.CloseIssueAsync(iid, FollowUpHost.Som);
        await _host.WaitForJournalAsync(run, "issue-reopened", 2);
        await Eventually.HoldsAsync(() => Task.FromResult(_host.Issue(iid).State == "opened"), IntegrityReads.Patience, "reopened again");

        var reopened = (await _host.JournalAsync(run)).Where(e => e.Kind == "issue-reopened").ToList();
        var notes = _host.BotNotes(iid).Where(n => n.Body.Contains("has been reopened", StringComparison.Ordinal)).ToList();
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
        await _host.RunToReviewAsync(run, iid);
        await _host.WaitForJournalAsync(run, "stale-close-ignored", 2);
        Assert.Multiple(async () =>
        {
            Assert.That(await _host.StatusAsync(run), Is.EqualTo("awaiting-review"));
            Assert.That(_host.Issue(iid).State, Is.EqualTo("opened"));
            Assert.That((await _host.JournalAsync(run)).Count(e => e.Kind == "approved"), Is.Zero);
        });

        // The SOM's close after the review is the approval.
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        await _host.Fake.CloseIssueAsync(iid, FollowUpHost.Som);
        await Eventually.HoldsAsync(async () => await _host.StatusAsync(run) == "completed", IntegrityReads.Patience, "the run completes");
        var approved = (await _host.JournalAsync(run)).Single(e => e.Kind == "approved");
        Assert.Multiple(() =>
        {
            Assert.That(approved.Actor, Is.EqualTo(FollowUpHost.Som));
            Assert.That(approved.Data.Text("how"), Is.EqualTo("closed"));
            Assert.That(_host.Issue(iid).State, Is.EqualTo("closed"));
        });
    }
}
