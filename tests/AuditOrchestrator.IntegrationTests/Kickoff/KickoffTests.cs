using System.Globalization;
using System.Net.Http.Json;
using AuditOrchestrator.Audits.Kickoff;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.IntegrationTests.Kickoff;

/// <summary>
/// The kickoff across a simulated fiscal year (February 2026 to February 2027) in New York, whose clocks change in
/// March and November, with two nodes on one database whose clocks move together.
/// </summary>
public sealed class KickoffTests : DatabasePerTest
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
            // Both nodes check at once, as the recurring job and a restart's catch-up could.
            await Task.WhenAll(Kickoff(a).CheckAsync(CancellationToken.None), Kickoff(b).CheckAsync(CancellationToken.None));
        }

        var kickoffs = await Database.ScalarAsync<string>("SELECT string_agg(audit || ' ' || period, ', ' ORDER BY started_at) FROM audit_kickoffs");
        Assert.That(kickoffs, Is.EqualTo("pagerduty FY2027-Q1, pagerduty FY2027-Q2, pagerduty FY2027-Q3, pagerduty FY2028-Q1"));
        Assert.That(await Database.ScalarAsync<long>("SELECT count(*) FROM workflow_instances WHERE parent_id IS NULL AND variables->>'kind' = 'scheduled'"), Is.EqualTo(4));
        var startedAt = await Database.ScalarAsync<DateTime>("SELECT started_at FROM audit_kickoffs WHERE period = 'FY2027-Q3'");
        Assert.That(startedAt, Is.GreaterThanOrEqualTo(DateTime.Parse("2026-08-01T13:00:00Z", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal)),
            "09:00 in New York in August is 13:00 UTC");
    }

    [Test]
    public async Task NodeDownOverTheKickoff_StartsTheMissedRunWhenItComesUp_ButNotOnceTheQuarterIsOver()
    {
        await using (var late = Node(At("2026-03-10T00:00:00Z")))
        {
            await ReadyAsync(late);
            await Eventually.HoldsAsync(async () => await Database.ScalarAsync<long>("SELECT count(*) FROM audit_kickoffs") == 1,
                TimeSpan.FromSeconds(30), "the missed Q1 kickoff starts at start-up");
        }
        await using (var tooLate = Node(At("2026-10-31T23:00:00Z")))
        {
            await ReadyAsync(tooLate);
            await Kickoff(tooLate).CheckAsync(CancellationToken.None);
        }
        // Q2 and Q3 were missed while no node ran. At 23:00 UTC on 31 October it is still October in New York, so
        // Q3's run starts late; Q2 is over and is not started.
        Assert.That(await Database.ScalarAsync<string>("SELECT string_agg(audit || ' ' || period, ', ' ORDER BY started_at) FROM audit_kickoffs"),
            Is.EqualTo("pagerduty FY2027-Q1, pagerduty FY2027-Q3"));
    }

    [Test]
    public async Task EachEnabledAudit_HasARecurringJob_WhoseNextRunIsTheKickoffTheApiShows()
    {
        await using var node = Node(new TestClock());
        await ReadyAsync(node);

        var next = await node.CreateClient(ServiceFactory.BootstrapToken).GetFromJsonAsync<List<NextKickoff>>("/api/kickoffs");
        using var connection = node.Services.GetRequiredService<JobStorage>().GetConnection();
        var recurring = connection.GetRecurringJobs().ToDictionary(j => j.Id);

        Assert.That(recurring.Keys.Where(k => k.StartsWith("kickoff-", StringComparison.Ordinal)), Is.EquivalentTo(new[] { "kickoff-pagerduty" }),
            "one recurring job per enabled audit");
        var job = recurring["kickoff-pagerduty"];
        Assert.Multiple(() =>
        {
            Assert.That(job.TimeZoneId, Is.EqualTo("America/New_York"));
            Assert.That(job.NextExecution, Is.EqualTo(next!.Single(k => k.Audit == "pagerduty").At.UtcDateTime), "Hangfire's next run is the API's next kickoff");
        });
    }

    [Test]
    public async Task EveryNodeDownOverTheKickoffMoment_OneRunStartsWhenTheyReturn()
    {
        // A kickoff a few seconds from now in real time: this month is the first of fiscal Q1, today its kickoff day.
        var now = DateTimeOffset.UtcNow;
        if (now.Day > 28)
        {
            Assert.Ignore("Schedule__Day is 1 to 28; this test needs today to be a possible kickoff day.");
        }
        var kickoff = now.AddSeconds(8);
        if (kickoff.Day != now.Day)
        {
            Assert.Ignore("The kickoff would fall on the next day.");
        }
        var settings = new Dictionary<string, string?>(Settings)
        {
            ["Schedule:TimeZone"] = "UTC",
            ["Schedule:FiscalYearStartMonth"] = now.Month.ToString(CultureInfo.InvariantCulture),
            ["Schedule:Day"] = now.Day.ToString(CultureInfo.InvariantCulture),
            ["Schedule:Time"] = kickoff.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
            ["Audits:PagerDuty:Quarters"] = "1",
        };
        await using (var a = new ServiceFactory(Database, settings, new TestClock()))
        await using (var b = new ServiceFactory(Database, settings, new TestClock()))
        {
            await ReadyAsync(a);
            await ReadyAsync(b);
            Assert.That(await Database.ScalarAsync<long>("SELECT count(*) FROM audit_kickoffs"), Is.Zero, "not yet");
        }
        while (DateTimeOffset.UtcNow < kickoff.AddSeconds(1))
        {
            await Task.Delay(200);
        }

        await using var c = new ServiceFactory(Database, settings, new TestClock());
        await using var d = new ServiceFactory(Database, settings, new TestClock());
        await Task.WhenAll(ReadyAsync(c), ReadyAsync(d));

        await Eventually.HoldsAsync(async () => await Database.ScalarAsync<long>(
                "SELECT count(*) FROM hangfire.job WHERE statename = 'Succeeded' AND invocationdata->>'Type' LIKE '%KickoffJob%'") >= 1,
            TimeSpan.FromSeconds(30), "Hangfire runs the missed kickoff once a node is back");
        Assert.Multiple(async () =>
        {
            Assert.That(await Database.ScalarAsync<string>("SELECT string_agg(audit || ' ' || period, ', ') FROM audit_kickoffs"),
                Does.StartWith("pagerduty FY").And.EndWith("-Q1"));
            Assert.That(await Database.ScalarAsync<long>("SELECT count(*) FROM audit_kickoffs"), Is.EqualTo(1), "one run for the period");
            Assert.That(await Database.ScalarAsync<long>("SELECT count(*) FROM workflow_instances WHERE parent_id IS NULL AND variables->>'kind' = 'scheduled'"),
                Is.EqualTo(1));
        });
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

    private ServiceFactory Node(TestClock clock) => new(Database, Settings, clock);

    private static AuditKickoff Kickoff(ServiceFactory node) => node.Services.GetRequiredService<AuditKickoff>();

    private static Task ReadyAsync(ServiceFactory node) => ServiceFactory.ReadyAsync(node.CreateClient(), TimeSpan.FromSeconds(30), "the node is ready");
}
