using AuditOrchestrator.Audits.AdminActivity;

namespace AuditOrchestrator.IntegrationTests.Collector;

/// <summary>PagerDuty may list a record well after its <c>execution_time</c>: the overlap a pass re-reads must catch it.</summary>
public sealed class LateRecordTests
{
    [Test]
    public async Task RecordListedTwentyMinutesLate_WithTheDefaultOverlap_IsStoredExactlyOnce()
    {
        await using var bed = await CollectorTestBed.StartAsync();
        var early = bed.Records.Seed(5, DateTimeOffset.UtcNow.AddHours(-2), DateTimeOffset.UtcNow.AddMinutes(-30));
        var node = bed.NewNode();
        Assert.That(await CollectorTestBed.PassAsync(node), Is.EqualTo(PassOutcome.Completed));

        // Executed 20 minutes before the pass that collected up to now, but listed by PagerDuty only after it.
        var late = bed.Records.Add(DateTimeOffset.UtcNow.AddMinutes(-20));
        Assert.That(await CollectorTestBed.PassAsync(node), Is.EqualTo(PassOutcome.Completed));
        Assert.That(await CollectorTestBed.PassAsync(node), Is.EqualTo(PassOutcome.Completed), "a later pass reads it again");

        var stored = await bed.StoredIdsAsync();
        var counted = (await CollectorTestBed.StateAsync(node))!.RecordsStored;
        Assert.Multiple(() =>
        {
            Assert.That(stored.Count(id => id == late), Is.EqualTo(1), "the late record, once");
            Assert.That(stored, Is.EquivalentTo(early.Append(late)));
            Assert.That(counted, Is.EqualTo(6), "re-read duplicates are not counted");
        });
    }

    [Test]
    public async Task RecordListedLaterThanTheOverlap_IsMissed_WhichIsWhyTheDefaultIsAnHour()
    {
        await using var bed = await CollectorTestBed.StartAsync();
        bed.ChangeSetting("PagerDutyAuditLogs:Overlap", "00:05:00");
        var node = bed.NewNode();
        Assert.That(await CollectorTestBed.PassAsync(node), Is.EqualTo(PassOutcome.Completed));

        var late = bed.Records.Add(DateTimeOffset.UtcNow.AddMinutes(-20));
        await CollectorTestBed.PassAsync(node);

        Assert.That(await bed.StoredIdsAsync(), Does.Not.Contain(late), "five minutes of overlap do not reach back twenty");
        Assert.That(new AuditRecordsOptions().Overlap, Is.GreaterThanOrEqualTo(TimeSpan.FromMinutes(20)));
    }
}
