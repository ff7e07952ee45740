using AuditOrchestrator.Audits.AdminActivity;

namespace AuditOrchestrator.IntegrationTests.Collector;

/// <summary>Source notifications reach <c>Notifications__GitLabIssue</c> as run alerts do, named by the configured source name.</summary>
public sealed class SourceNotificationTargetTests
{
    [Test]
    public async Task StatusChanges_AreNotedOnTheNotificationsIssueOnceEach_NamingTheConfiguredSource()
    {
        await using var bed = await CollectorTestBed.StartAsync();
        var issue = await bed.UseNotificationsIssueAsync();
        bed.ChangeSetting("PagerDuty:AuditRecords:SourceName", "pagerduty-production");
        var node = bed.NewNode(maxRetries: 0);

        bed.PagerDuty.Faults.FailNext(1, 500);
        Assert.That(await CollectorTestBed.PassAsync(node), Is.EqualTo(PassOutcome.Failed));
        Assert.That(await CollectorTestBed.PassAsync(node), Is.EqualTo(PassOutcome.Completed));
        Assert.That(await CollectorTestBed.PassAsync(node), Is.EqualTo(PassOutcome.Completed), "a quiet pass tells nothing again");

        var notes = bed.NotificationNotes(issue);
        var notifications = await CollectorTestBed.NotificationsAsync(node);
        Assert.Multiple(() =>
        {
            Assert.That(notes, Has.Count.EqualTo(2), "failing, then recovered: one note each");
            Assert.That(notes[0], Does.Contain("The pagerduty-production audit-record source is failing").And.Contain("HTTP 500"));
            Assert.That(notes[1], Does.Contain("The pagerduty-production audit-record source has recovered"));
            Assert.That(notifications.Select(n => n.DeliveredTo),
                Is.All.EquivalentTo(new[] { "slack-dm:jellis", $"gitlab-issue:{CollectorTestBed.NotificationsProject}#{issue}" }));
            Assert.That(bed.Slack.MessagesTo(CollectorTestBed.SomSlackId), Has.Count.EqualTo(2), "the SOM's DMs as before");
        });
    }

    [Test]
    public async Task NotificationsIssue_WhenGitLabFails_IsTriedAgainAtTheNextPass_AndTheSomIsNotDmedTwice()
    {
        await using var bed = await CollectorTestBed.StartAsync();
        var issue = await bed.UseNotificationsIssueAsync();
        var node = bed.NewNode();
        bed.GitLab!.Fake.Faults.FailNext(1, 403);

        bed.Records.Refuse(403);
        await CollectorTestBed.PassAsync(node);
        var first = (await CollectorTestBed.NotificationsAsync(node)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(first.DeliveredAt, Is.Null, "left pending: the issue was not reached");
            Assert.That(first.DeliveredTo, Is.EqualTo(new[] { "slack-dm:jellis" }));
            Assert.That(first.DeliveryError, Does.StartWith($"gitlab-issue:{CollectorTestBed.NotificationsProject}#{issue}"));
            Assert.That(bed.NotificationNotes(issue), Is.Empty);
        });

        Assert.That(await CollectorTestBed.PassAsync(node), Is.EqualTo(PassOutcome.Blocked));

        var delivered = (await CollectorTestBed.NotificationsAsync(node)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(delivered.DeliveredAt, Is.Not.Null);
            Assert.That(bed.NotificationNotes(issue), Has.Count.EqualTo(1));
            Assert.That(bed.NotificationNotes(issue).Single(), Does.Contain("The pagerduty audit-record source is misconfigured"), "the default name");
            Assert.That(bed.Slack.MessagesTo(CollectorTestBed.SomSlackId), Has.Count.EqualTo(1), "the DM that already went is not sent again");
        });
    }
}
