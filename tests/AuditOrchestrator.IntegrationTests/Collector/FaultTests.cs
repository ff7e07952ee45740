using System.Diagnostics;
using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.AdminActivity;
using AuditOrchestrator.Sandbox.PagerDuty;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.IntegrationTests.Collector;

public sealed class FaultTests
{
    [Test]
    public async Task Pass_When429WithRatelimitReset_WaitsTheResetAndCompletes()
    {
        await using var bed = await CollectorTestBed.StartAsync();
        var ids = bed.Records.Seed(150, DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddMinutes(-1));
        bed.PagerDuty.Faults.RateLimitNext(2, TimeSpan.FromSeconds(1));
        var node = bed.NewNode();

        var watch = Stopwatch.StartNew();
        var outcome = await CollectorTestBed.PassAsync(node);

        Assert.That(outcome, Is.EqualTo(PassOutcome.Completed));
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1.9)), "waited ratelimit-reset (1 s) after each 429");
        Assert.That(bed.PagerDuty.Calls.Count(c => c.StatusCode == 429), Is.EqualTo(2));
        Assert.That(await bed.StoredIdsAsync(), Is.EquivalentTo(ids));
    }

    [Test]
    public async Task Pass_WhenA5xxRunIsShort_BacksOffAndCompletes()
    {
        await using var bed = await CollectorTestBed.StartAsync();
        var ids = bed.Records.Seed(250, DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddMinutes(-1));
        bed.PagerDuty.Faults.FailNext(3, 503);
        var node = bed.NewNode();

        Assert.That(await CollectorTestBed.PassAsync(node), Is.EqualTo(PassOutcome.Completed));

        Assert.That(await bed.StoredIdsAsync(), Is.EquivalentTo(ids));
        Assert.That((await CollectorTestBed.StateAsync(node))!.Status, Is.EqualTo(SourceStatus.Healthy));
        Assert.That(await CollectorTestBed.NotificationsAsync(node), Is.Empty, "a survived fault is not news");
    }

    [Test]
    public async Task Pass_WhenAnAnswerTimesOut_RetriesAndCompletes()
    {
        await using var bed = await CollectorTestBed.StartAsync();
        var ids = bed.Records.Seed(50, DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddMinutes(-1));
        bed.PagerDuty.Faults.SlowNext(1, TimeSpan.FromSeconds(3));
        var node = bed.NewNode(attemptTimeout: TimeSpan.FromMilliseconds(500));

        Assert.That(await CollectorTestBed.PassAsync(node), Is.EqualTo(PassOutcome.Completed));

        Assert.That(await bed.StoredIdsAsync(), Is.EquivalentTo(ids));
        Assert.That(bed.AuditRecordCalls, Is.GreaterThanOrEqualTo(1));
        Assert.That((await CollectorTestBed.StateAsync(node))!.Status, Is.EqualTo(SourceStatus.Healthy));
    }

    [Test]
    public async Task Pass_WhenServerKeepsFailing_IsFailingThenRecovers_NotifyingOncePerChange()
    {
        await using var bed = await CollectorTestBed.StartAsync();
        bed.Records.Seed(10, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddMinutes(-1));
        var node = bed.NewNode(maxRetries: 1);
        bed.PagerDuty.Faults.FailNext(100, 500);

        Assert.That(await CollectorTestBed.PassAsync(node), Is.EqualTo(PassOutcome.Failed));
        Assert.That(await CollectorTestBed.PassAsync(node), Is.EqualTo(PassOutcome.Failed));
        var failing = (await CollectorTestBed.StateAsync(node))!;
        Assert.That(failing.Status, Is.EqualTo(SourceStatus.Failing));
        Assert.That(failing.Reason, Does.Contain("HTTP 500"));
        Assert.That(failing.FailedPasses, Is.EqualTo(2));

        bed.PagerDuty.Faults.Clear();
        Assert.That(await CollectorTestBed.PassAsync(node), Is.EqualTo(PassOutcome.Completed));
        Assert.That(await CollectorTestBed.PassAsync(node), Is.EqualTo(PassOutcome.Completed));

        var notifications = await CollectorTestBed.NotificationsAsync(node);
        Assert.That(notifications.Select(n => n.To), Is.EqualTo(new[] { SourceStatus.Failing, SourceStatus.Healthy }));
        var dms = bed.Slack.MessagesTo(CollectorTestBed.SomSlackId);
        Assert.That(dms, Has.Count.EqualTo(2), "one DM to the SOM per change");
        Assert.That(dms[0].Text, Does.Contain("failing"));
        Assert.That(dms[1].Text, Does.Contain("recovered"));
    }

    [TestCase(401, "rejected the API token")]
    [TestCase(403, "audit_records.read")]
    [TestCase(402, "plan does not include audit records")]
    public async Task Pass_WhenPagerDutyRefusesTheSettings_IsMisconfiguredAndStopsCallingUntilTheyChange(int status, string explanation)
    {
        await using var bed = await CollectorTestBed.StartAsync();
        var ids = bed.Records.Seed(30, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddMinutes(-1));
        var node = bed.NewNode();
        bed.Records.Refuse(status);

        Assert.That(await CollectorTestBed.PassAsync(node), Is.EqualTo(PassOutcome.Failed));
        var state = (await CollectorTestBed.StateAsync(node))!;
        Assert.That(state.Status, Is.EqualTo(SourceStatus.Misconfigured));
        Assert.That(state.Reason, Does.Contain(explanation));
        Assert.That(bed.AuditRecordCalls, Is.EqualTo(1), "a refusal is not retried");

        // PagerDuty would answer now, but the settings are the ones it refused: no call.
        bed.Records.Accept();
        Assert.That(await CollectorTestBed.PassAsync(node), Is.EqualTo(PassOutcome.Blocked));
        Assert.That(bed.AuditRecordCalls, Is.EqualTo(1));

        // New settings: the same account behind another token.
        await using var renewed = new FakePagerDuty("pd-new-" + Guid.NewGuid().ToString("N"));
        bed.Records.AlsoServeOn(renewed);
        await renewed.StartAsync();
        bed.ChangeSetting("PagerDuty:BaseUrl", renewed.BaseUrl);
        bed.ChangeSetting("PagerDuty:Token", renewed.Token);

        Assert.That(await CollectorTestBed.PassAsync(node), Is.EqualTo(PassOutcome.Completed));
        Assert.That((await CollectorTestBed.StateAsync(node))!.Status, Is.EqualTo(SourceStatus.Healthy));
        Assert.That(await bed.StoredIdsAsync(), Is.EquivalentTo(ids));
        var notifications = await CollectorTestBed.NotificationsAsync(node);
        Assert.That(notifications.Select(n => n.To), Is.EqualTo(new[] { SourceStatus.Misconfigured, SourceStatus.Healthy }));
        Assert.That(notifications[0].Message, Does.Contain(explanation));
        Assert.That(notifications.Select(n => n.Message), Has.None.Contains(renewed.Token).And.None.Contains(bed.PagerDuty.Token));
    }

    [Test]
    public async Task Misconfigured_WhenVerifyShowsAuditRecordsReadable_ResumesWithTheSameSettings()
    {
        await using var bed = await CollectorTestBed.StartAsync();
        bed.Records.Seed(5, DateTimeOffset.UtcNow.AddHours(-3), DateTimeOffset.UtcNow.AddMinutes(-1));
        var node = bed.NewNode();
        bed.Records.Refuse(403);
        await CollectorTestBed.PassAsync(node);

        // The scope was granted at PagerDuty; our settings did not change. An admin presses "verify settings".
        bed.Records.Accept();
        var verification = await node.GetRequiredService<PagerDutyVerifier>().VerifyAsync(CancellationToken.None);

        Assert.That(verification.Ok, Is.True);
        Assert.That(await CollectorTestBed.PassAsync(node), Is.EqualTo(PassOutcome.Completed));
        Assert.That((await CollectorTestBed.StateAsync(node))!.RecordsStored, Is.EqualTo(5));
    }

    [Test]
    public async Task Pass_WithMalformedRecords_StoresThemRawCountsThemOnceAndCarriesOn()
    {
        await using var bed = await CollectorTestBed.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var ids = bed.Records.Seed(120, now.AddDays(-1), now.AddMinutes(-1));
        bed.Records.AddMalformed(new JsonObject { ["execution_time"] = "2026-11-21T10:00:00Z", ["action"] = "create" }, now.AddHours(-5));
        bed.Records.AddMalformed(new JsonObject { ["id"] = "PDBADTIME", ["execution_time"] = "yesterday" }, now.AddHours(-6));
        bed.Records.AddMalformed(new JsonObject { ["id"] = "PDBADACTORS", ["execution_time"] = "2026-11-21T10:00:00Z", ["actors"] = "everyone" }, now.AddHours(-7));
        var node = bed.NewNode();

        Assert.That(await CollectorTestBed.PassAsync(node), Is.EqualTo(PassOutcome.Completed));
        bed.Records.Add(DateTimeOffset.UtcNow);
        bed.ChangeSetting("PagerDutyAuditLogs:Overlap", "2.00:00:00");
        Assert.That(await CollectorTestBed.PassAsync(node), Is.EqualTo(PassOutcome.Completed), "a second pass re-reads the malformed records");

        var state = (await CollectorTestBed.StateAsync(node))!;
        Assert.Multiple(() =>
        {
            Assert.That(state.MalformedRecords, Is.EqualTo(3), "counted once, though read twice");
            Assert.That(state.RecordsStored, Is.EqualTo(124));
            Assert.That(state.Status, Is.EqualTo(SourceStatus.Healthy));
        });
        Assert.That(await bed.Database.ScalarAsync<long>("SELECT count(*) FROM pagerduty_audit_logs WHERE malformed"), Is.EqualTo(3));
        Assert.That(await bed.Database.ScalarAsync<string>("SELECT raw->>'actors' FROM pagerduty_audit_logs WHERE id = 'PDBADACTORS'"), Is.EqualTo("everyone"));
        Assert.That(await bed.StoredIdsAsync(), Is.SupersetOf(ids));
    }
}
