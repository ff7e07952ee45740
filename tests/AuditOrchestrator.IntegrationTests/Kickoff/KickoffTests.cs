using System.Globalization;
using System.Net.Http.Json;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.Integrations.Kickoff;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.IntegrationTests.Kickoff;

/// <summary>
/// The kickoff across a simulated fiscal year (February 2026 to February 2027) in New York, whose clocks change in
/// March and November, with two nodes on one database whose clocks move together.
/// </summary>
public sealed class KickoffTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Schedule:TimeZone"] = "America/New_York",
        ["Schedule:Time"] = "09:00",
        ["Audits:PagerDuty:Enabled"] = "true",
        ["Audits:PagerDuty:Variant"] = "quarterly",
        ["Audits:PagerDuty:Quarters"] = "1,2,3",
        ["SupportOps:Managers:0"] = "msom",
    };

    private TestDatabase _database = null!;

    [SetUp]
    public async Task CreateAsync() => _database = await TestDatabase.CreateAsync();

    [TearDown]
    public async Task DropAsync() => await _database.DisposeAsync();

    [Test]
    public async Task AcrossAFiscalYear_OnTwoNodes_EachEnabledAuditStartsOnceInEachOfItsQuarters()
    {
        var clockA = At("2026-01-25T12:00:00Z");
        var clockB = At("2026-01-25T12:00:00Z");
        await using var a = Node(clockA);
        await using var b = Node(clockB);
        await ReadyAsync(a);
        await ReadyAsync(b);
        var manual = await a.CreateClient(ServiceFactory.BootstrapToken).PostAsJsonAsync("/api/runs", new { audit = "pagerduty" });
        Assert.That((int)manual.StatusCode, Is.EqualTo(202), await manual.Content.ReadAsStringAsync());

        for (var day = 0; day < 380; day += 4)
        {
            clockA.Advance(TimeSpan.FromDays(4));
            clockB.Advance(TimeSpan.FromDays(4));
            // Both nodes check at once, as the Quartz trigger and a restart's catch-up could.
            await Task.WhenAll(Kickoff(a).CheckAsync(CancellationToken.None), Kickoff(b).CheckAsync(CancellationToken.None));
        }

        var kickoffs = await _database.ScalarAsync<string>("SELECT string_agg(audit || ' ' || period, ', ' ORDER BY started_at) FROM audit_kickoffs");
        Assert.That(kickoffs, Is.EqualTo("pagerduty FY2027-Q1, pagerduty FY2027-Q2, pagerduty FY2027-Q3, pagerduty FY2028-Q1"));
        Assert.That(await _database.ScalarAsync<long>("SELECT count(*) FROM workflow_instances WHERE parent_id IS NULL AND variables->>'kind' = 'scheduled'"), Is.EqualTo(4));
        var startedAt = await _database.ScalarAsync<DateTime>("SELECT started_at FROM audit_kickoffs WHERE period = 'FY2027-Q3'");
        Assert.That(startedAt, Is.GreaterThanOrEqualTo(DateTime.Parse("2026-08-01T13:00:00Z", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal)),
            "09:00 in New York in August is 13:00 UTC");
    }

    [Test]
    public async Task NodeDownOverTheKickoff_StartsTheMissedRunWhenItComesUp_ButNotOnceTheQuarterIsOver()
    {
        await using (var late = Node(At("2026-03-10T00:00:00Z")))
        {
            await ReadyAsync(late);
            await Eventually.HoldsAsync(async () => await _database.ScalarAsync<long>("SELECT count(*) FROM audit_kickoffs") == 1,
                TimeSpan.FromSeconds(30), "the missed Q1 kickoff starts at start-up");
        }
        await using (var tooLate = Node(At("2026-10-31T23:00:00Z")))
        {
            await ReadyAsync(tooLate);
            await Kickoff(tooLate).CheckAsync(CancellationToken.None);
        }
        // Q2 and Q3 were missed while no node ran. At 23:00 UTC on 31 October it is still October in New York, so
        // Q3's run starts late; Q2 is over and is not started.
        Assert.That(await _database.ScalarAsync<string>("SELECT string_agg(audit || ' ' || period, ', ' ORDER BY started_at) FROM audit_kickoffs"),
            Is.EqualTo("pagerduty FY2027-Q1, pagerduty FY2027-Q3"));
    }

    [Test]
    public async Task TheQuartzTrigger_StartsTheRunAtItsKickoff_WithoutAnyoneAsking()
    {
        var clock = At("2026-07-31T12:00:00Z");
        await using var node = Node(clock);
        await ReadyAsync(node);
        await Task.Delay(1000);
        Assert.That(await _database.ScalarAsync<long>("SELECT count(*) FROM audit_kickoffs WHERE period = 'FY2027-Q3'"), Is.Zero);

        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(2));

        await Eventually.HoldsAsync(async () => await _database.ScalarAsync<long>("SELECT count(*) FROM audit_kickoffs WHERE period = 'FY2027-Q3'") == 1,
            TimeSpan.FromSeconds(30), "the armed trigger fires at 1 August 13:00 UTC and starts Q3's run");
    }

    [Test]
    public async Task TheNextKickoffOfEachAudit_IsShownByTheApi()
    {
        await using var node = Node(At("2026-05-10T00:00:00Z"));
        await ReadyAsync(node);

        var next = await node.CreateClient(ServiceFactory.BootstrapToken).GetFromJsonAsync<List<NextKickoff>>("/api/kickoffs");

        var pagerDuty = next!.Single(k => k.Audit == "pagerduty");
        Assert.That(pagerDuty.Period, Is.EqualTo("FY2027-Q3"), "Q2's kickoff (1 May) has passed");
        Assert.That(pagerDuty.At, Is.EqualTo(DateTimeOffset.Parse("2026-08-01T13:00:00Z", CultureInfo.InvariantCulture)), "09:00 EDT");
        Assert.That(next!.Single(k => k.Audit == "zendesk").Enabled, Is.False, "no Zendesk token, so not scheduled");
    }

    private static TestClock At(string instant)
    {
        var clock = new TestClock();
        clock.Advance(DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture) - clock.GetUtcNow());
        return clock;
    }

    private ServiceFactory Node(TestClock clock) => new(_database, Settings, clock);

    private static AuditKickoff Kickoff(ServiceFactory node) => node.Services.GetRequiredService<AuditKickoff>();

    private static Task ReadyAsync(ServiceFactory node) => Eventually.HoldsAsync(
        async () => (await node.CreateClient().GetAsync(new Uri("/readyz", UriKind.Relative))).IsSuccessStatusCode,
        TimeSpan.FromSeconds(30), "the node is ready");
}
