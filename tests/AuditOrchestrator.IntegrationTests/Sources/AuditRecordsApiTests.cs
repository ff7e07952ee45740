using AuditOrchestrator.Api.Sources;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.Sandbox.PagerDuty;
using AuditOrchestrator.Sandbox.PagerDuty.AuditRecords;

namespace AuditOrchestrator.IntegrationTests.Sources;

/// <summary>GET /api/sources/pagerduty/audit-records over records the real collector stored from the simulated PagerDuty.</summary>
public sealed class AuditRecordsApiTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private TestDatabase database = null!;
    private FakePagerDuty pagerDuty = null!;
    private SimulatedAuditRecords records = null!;
    private ServiceFactory service = null!;
    private HttpClient client = null!;
    private int total;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        database = await TestDatabase.CreateAsync();
        pagerDuty = new FakePagerDuty("pd-records-" + Guid.NewGuid().ToString("N"));
        records = SimulatedAuditRecords.AttachTo(pagerDuty);
        records.Seed(120, Now.AddDays(-5), Now.AddMinutes(-30));
        // Ties on execution_time: the page boundary must fall inside them without skipping or repeating one.
        var tie = Now.AddDays(-2).AddHours(3);
        for (var i = 0; i < 9; i++)
        {
            records.Add(tie, action: "create", rootType: "user_reference", actorId: "PADMIN1");
        }
        for (var i = 0; i < 6; i++)
        {
            records.Add(Now.AddDays(-1).AddMinutes(i), action: "delete", rootType: "escalation_policy_reference", actorId: "PADMIN2");
        }
        records.AddMalformed(new JsonObject { ["id"] = "PDBROKEN1", ["action"] = 42 }, Now.AddDays(-3));
        await pagerDuty.StartAsync();
        service = new ServiceFactory(database, new Dictionary<string, string?>
        {
            ["PagerDuty:BaseUrl"] = pagerDuty.BaseUrl,
            ["PagerDuty:Token"] = pagerDuty.Token,
            ["PagerDutyAuditLogs:PollInterval"] = "00:00:01",
            ["Workflows:Directory"] = Directory.CreateTempSubdirectory("records-workflows-").FullName,
        });
        client = service.CreateClient(ServiceFactory.BootstrapToken);
        var expected = records.Ids.Count;
        await Eventually.HoldsAsync(async () => await database.ScalarAsync<long>("SELECT count(*) FROM pagerduty_audit_logs WHERE NOT malformed") == expected,
            TimeSpan.FromSeconds(60), "the collector stored every record");
        total = (int)await database.ScalarAsync<long>("SELECT count(*) FROM pagerduty_audit_logs");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        client.Dispose();
        await service.DisposeAsync();
        await pagerDuty.DisposeAsync();
        await database.DisposeAsync();
    }

    [Test]
    public async Task AuditRecords_PagedByCursor_GiveEveryRecordOnceNewestFirst()
    {
        var seen = new List<AuditRecordView>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await GetAsync($"limit=7{(after is null ? "" : "&after=" + after)}");
            seen.AddRange(page.Records);
            after = page.Next;
            pages++;
        }
        while (after is not null && pages < 100);

        var ids = seen.Select(r => r.Id).ToList();
        var times = seen.Select(r => r.ExecutionTime).OfType<DateTimeOffset>().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(ids, Is.Unique, "no record repeated across pages");
            Assert.That(ids, Has.Count.EqualTo(total), "no record skipped");
            Assert.That(ids, Is.SupersetOf(records.Ids), "everything the simulator holds");
            Assert.That(times, Is.Ordered.Descending, "newest first");
            Assert.That(pages, Is.EqualTo((total + 6) / 7));
        });
    }

    [Test]
    public async Task AuditRecords_FilteredByActorResourceTypeActionAndTime_GiveOnlyMatches()
    {
        var byActor = await IdsAsync("actor=PADMIN1&limit=500");
        var byType = await IdsAsync("resourceType=escalation_policy_reference&limit=500");
        var byAction = await IdsAsync("action=delete&limit=500");
        var combined = await IdsAsync("actor=PADMIN2&action=create&limit=500");
        var lastDay = await GetAsync($"from={Uri.EscapeDataString(Now.AddDays(-1).AddMinutes(-1).ToString("O"))}&limit=500");
        var lastDayTimes = lastDay.Records.Select(r => r.ExecutionTime!.Value).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(byActor, Has.Count.EqualTo(9));
            Assert.That(byType, Has.Count.EqualTo(6));
            Assert.That(byAction, Is.EquivalentTo(byType));
            Assert.That(combined, Is.Empty);
            Assert.That(lastDayTimes, Is.Not.Empty.And.All.GreaterThanOrEqualTo(Now.AddDays(-1).AddMinutes(-1)));
        });
    }

    [Test]
    public async Task AuditRecordsPerDay_CountEveryTimedRecordOnItsUtcDay()
    {
        var days = await client.GetAsync<List<DayCount>>("/api/sources/pagerduty/audit-records/per-day");
        var filtered = await client.GetAsync<List<DayCount>>("/api/sources/pagerduty/audit-records/per-day?actor=PADMIN1");

        var timed = await database.ScalarAsync<long>("SELECT count(*) FROM pagerduty_audit_logs WHERE execution_time IS NOT NULL");
        Assert.Multiple(() =>
        {
            Assert.That(days.Sum(d => d.Count), Is.EqualTo(timed));
            Assert.That(days.Select(d => d.Day), Is.Ordered);
            Assert.That(filtered.Select(d => (d.Day, d.Count)), Is.EqualTo(new[] { (DateOnly.FromDateTime(Now.AddDays(-2).AddHours(3).UtcDateTime), 9L) }));
        });
    }

    [Test]
    public async Task AuditRecords_WithAForgedCursor_Is400()
    {
        var response = await client.GetAsync(new Uri("/api/sources/pagerduty/audit-records?after=not-a-cursor", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    private Task<AuditRecordPage> GetAsync(string query) => client.GetAsync<AuditRecordPage>("/api/sources/pagerduty/audit-records?" + query);

    private async Task<List<string>> IdsAsync(string query) => [.. (await GetAsync(query)).Records.Select(r => r.Id)];
}
