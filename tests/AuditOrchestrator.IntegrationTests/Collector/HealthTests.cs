using AuditOrchestrator.Audits.AdminActivity;

namespace AuditOrchestrator.IntegrationTests.Collector;

public sealed class HealthTests
{
    [Test]
    public async Task Source_WhenNoRecordArrivesForStaleAfter_GoesStaleOnce_AndRecoveryIsNotified()
    {
        await using var bed = await CollectorTestBed.StartAsync();
        bed.Records.Seed(20, DateTimeOffset.UtcNow.AddHours(-5), DateTimeOffset.UtcNow.AddMinutes(-1));
        var node = bed.NewNode();
        await CollectorTestBed.PassAsync(node);
        Assert.That((await CollectorTestBed.StateAsync(node))!.Status, Is.EqualTo(SourceStatus.Healthy));

        bed.Clock.Advance(TimeSpan.FromHours(23));
        await CollectorTestBed.PassAsync(node);
        Assert.That((await CollectorTestBed.StateAsync(node))!.Status, Is.EqualTo(SourceStatus.Healthy), "23 h quiet is within a day");

        bed.Clock.Advance(TimeSpan.FromHours(2));
        await CollectorTestBed.PassAsync(node);
        await CollectorTestBed.PassAsync(node);
        var stale = (await CollectorTestBed.StateAsync(node))!;
        Assert.That(stale.Status, Is.EqualTo(SourceStatus.Stale));
        Assert.That(stale.Reason, Does.Contain("No PagerDuty audit record has arrived"));

        bed.Records.Add(DateTimeOffset.UtcNow);
        await CollectorTestBed.PassAsync(node);
        await CollectorTestBed.PassAsync(node);
        Assert.That((await CollectorTestBed.StateAsync(node))!.Status, Is.EqualTo(SourceStatus.Healthy));

        var notifications = await CollectorTestBed.NotificationsAsync(node);
        Assert.That(notifications.Select(n => (n.From, n.To)), Is.EqualTo(new[]
        {
            (SourceStatus.Healthy, SourceStatus.Stale),
            (SourceStatus.Stale, SourceStatus.Healthy),
        }));
        Assert.That(notifications.Select(n => n.DeliveredTo), Is.All.EqualTo(new[] { "slack-dm:jellis" }));
        var dms = bed.Slack.MessagesTo(CollectorTestBed.SomSlackId);
        Assert.That(dms.Select(m => m.Text), Is.EqualTo(notifications.Select(n => n.Message)), "each change DMed to the SOM exactly once");
    }

    [Test]
    public async Task NewSource_WithNoRecordEver_GoesStaleAfterStaleAfterFromItsStart()
    {
        await using var bed = await CollectorTestBed.StartAsync();
        var node = bed.NewNode();
        await CollectorTestBed.PassAsync(node);
        Assert.That((await CollectorTestBed.StateAsync(node))!.Status, Is.EqualTo(SourceStatus.Healthy));

        bed.Clock.Advance(TimeSpan.FromDays(1.5));
        await CollectorTestBed.PassAsync(node);

        Assert.That((await CollectorTestBed.StateAsync(node))!.Status, Is.EqualTo(SourceStatus.Stale));
    }
}
