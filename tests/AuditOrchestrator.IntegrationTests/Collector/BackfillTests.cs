using System.Web;
using AuditOrchestrator.Audits.AdminActivity;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.IntegrationTests.Collector;

public sealed class BackfillTests
{
    [Test]
    public async Task FirstPass_BackfillsSevenDaysAcrossPages_AndSkipsOlderRecords()
    {
        await using var bed = await CollectorTestBed.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var recent = bed.Records.Seed(350, now.AddDays(-6.9), now.AddMinutes(-1));
        bed.Records.Seed(20, now.AddDays(-9), now.AddDays(-8));
        var node = bed.NewNode();

        var outcome = await CollectorTestBed.PassAsync(node);

        Assert.That(outcome, Is.EqualTo(PassOutcome.Completed));
        var stored = await bed.StoredIdsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(stored, Is.EquivalentTo(recent), "exactly the last 7 days, each once");
            Assert.That(bed.Records.PagesServed, Is.EqualTo(4), "350 records in pages of 100");
        });
        var state = await CollectorTestBed.StateAsync(node);
        Assert.That(state!.RecordsStored, Is.EqualTo(350));
        Assert.That(state.Status, Is.EqualTo(SourceStatus.Healthy));
        Assert.That(state.CollectedUntil, Is.Not.Null);
    }

    [Test]
    public async Task NextPass_AfterNewRecordsArrive_CollectsThemFromTheSavedPositionOnly()
    {
        await using var bed = await CollectorTestBed.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var first = bed.Records.Seed(120, now.AddDays(-3), now.AddMinutes(-2));
        var node = bed.NewNode();
        await CollectorTestBed.PassAsync(node);
        var position = (await CollectorTestBed.StateAsync(node))!.CollectedUntil!.Value;
        bed.PagerDuty.ClearCalls();

        // A record is always a moment old by the time a pass asks for it (until is exclusive).
        var arrived = new[] { bed.Records.Add(DateTimeOffset.UtcNow.AddSeconds(-1)), bed.Records.Add(DateTimeOffset.UtcNow.AddSeconds(-1)) };
        await CollectorTestBed.PassAsync(node);

        Assert.That(await bed.StoredIdsAsync(), Is.EquivalentTo(first.Concat(arrived)));
        var query = HttpUtility.ParseQueryString(new Uri("http://x" + bed.PagerDuty.Calls.Single().PathAndQuery).Query);
        var since = DateTimeOffset.Parse(query["since"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(since, Is.EqualTo(position - new AuditRecordsOptions().Overlap).Within(TimeSpan.FromMilliseconds(1)),
            "the second pass starts at the saved position less the overlap, not at the backfill");
    }

    [Test]
    public async Task Restart_MidPass_LeavesNoGapAndNoDuplicate()
    {
        await using var bed = await CollectorTestBed.StartAsync();
        var now = DateTimeOffset.UtcNow;
        bed.Records.Seed(450, now.AddDays(-6), now.AddMinutes(-1));
        bed.Records.BreakAfterPages(2);
        var crashed = bed.NewNode(maxRetries: 0);

        Assert.That(await CollectorTestBed.PassAsync(crashed), Is.EqualTo(PassOutcome.Failed));
        Assert.That(await bed.StoredIdsAsync(), Has.Count.EqualTo(200), "two pages stored before the break");
        Assert.That((await CollectorTestBed.StateAsync(crashed))!.CollectedUntil, Is.Null, "the position moves only when a pass completes");
        await crashed.DisposeAsync();

        // Records keep arriving while the node is down.
        bed.Records.Add(DateTimeOffset.UtcNow);
        bed.Records.Heal();
        var restarted = bed.NewNode();
        Assert.That(await CollectorTestBed.PassAsync(restarted), Is.EqualTo(PassOutcome.Completed));

        var stored = await bed.StoredIdsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(stored, Is.EqualTo(bed.Records.Ids), "the table holds the simulator's full list, newest first");
            Assert.That(stored, Is.Unique);
        });
        Assert.That((await CollectorTestBed.StateAsync(restarted))!.RecordsStored, Is.EqualTo(451), "re-read duplicates are not counted");
    }

    [Test]
    public async Task TwoNodes_PollingAtOnce_StoreEveryRecordExactlyOnce()
    {
        await using var bed = await CollectorTestBed.StartAsync();
        var now = DateTimeOffset.UtcNow;
        bed.Records.Seed(500, now.AddDays(-6), now.AddMinutes(-1));
        bed.PagerDuty.Faults.SlowNext(5, TimeSpan.FromMilliseconds(400));
        var a = bed.NewNode();
        var b = bed.NewNode();

        var outcomes = await Task.WhenAll(CollectorTestBed.PassAsync(a), CollectorTestBed.PassAsync(b));

        Assert.That(outcomes, Has.Member(PassOutcome.Completed));
        Assert.That(outcomes, Has.Member(PassOutcome.Skipped), "the advisory lock lets one node poll at a time");
        Assert.That(await bed.StoredIdsAsync(), Is.EqualTo(bed.Records.Ids));
        Assert.That(bed.Records.PagesServed, Is.EqualTo(5), "the skipped node called nothing");
    }

    [Test]
    public async Task AnotherNodesTick_RightAfterAPass_IsSkippedWithoutCallingPagerDuty()
    {
        await using var bed = await CollectorTestBed.StartAsync();
        bed.Records.Seed(10, DateTimeOffset.UtcNow.AddHours(-2), DateTimeOffset.UtcNow.AddMinutes(-1));
        await CollectorTestBed.PassAsync(bed.NewNode());
        var calls = bed.AuditRecordCalls;
        var other = bed.NewNode().GetRequiredService<AuditRecordPoller>();

        var tick = await other.RunPassAsync(CancellationToken.None, minimumSpacing: TimeSpan.FromSeconds(54));

        Assert.That(tick, Is.EqualTo(PassOutcome.Skipped));
        Assert.That(bed.AuditRecordCalls, Is.EqualTo(calls));
        Assert.That(await other.RunPassAsync(CancellationToken.None), Is.EqualTo(PassOutcome.Completed), "without spacing it passes");
    }

    [Test]
    public async Task Backfill_LongerThan31Days_IsReadInSlicesPagerDutyAccepts()
    {
        await using var bed = await CollectorTestBed.StartAsync();
        bed.ChangeSetting("PagerDutyAuditLogs:Backfill", "70.00:00:00");
        var now = DateTimeOffset.UtcNow;
        var ids = bed.Records.Seed(90, now.AddDays(-69), now.AddMinutes(-1));
        var node = bed.NewNode();

        Assert.That(await CollectorTestBed.PassAsync(node), Is.EqualTo(PassOutcome.Completed));

        Assert.That(await bed.StoredIdsAsync(), Is.EquivalentTo(ids));
        Assert.That(bed.PagerDuty.Calls.Select(c => c.StatusCode), Is.All.EqualTo(200), "no slice was refused for exceeding 31 days");
        Assert.That(bed.PagerDuty.Calls, Has.Count.EqualTo(3), "70 days in three slices");
    }
}
