using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuditOrchestrator.Api.Sources;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.Sandbox.PagerDuty;
using AuditOrchestrator.Sandbox.PagerDuty.AuditRecords;

namespace AuditOrchestrator.IntegrationTests.Collector;

/// <summary>The collector inside the real host: its background passes, GET /api/sources and the verify action.</summary>
public sealed class SourcesApiTests
{
    private TestDatabase database = null!;
    private FakePagerDuty pagerDuty = null!;
    private SimulatedAuditRecords records = null!;
    private ServiceFactory service = null!;
    private readonly TestClock clock = new();

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        database = await TestDatabase.CreateAsync();
        pagerDuty = new FakePagerDuty("pd-host-" + Guid.NewGuid().ToString("N"));
        pagerDuty.AddUser("PU1", "Jordan Ellis", "jellis@example.com");
        pagerDuty.AddSchedule("PS1", "Primary", ["PU1"]);
        records = SimulatedAuditRecords.AttachTo(pagerDuty);
        records.Seed(130, DateTimeOffset.UtcNow.AddDays(-5), DateTimeOffset.UtcNow.AddMinutes(-1));
        await pagerDuty.StartAsync();
        service = new ServiceFactory(database, new Dictionary<string, string?>
        {
            ["PagerDuty:BaseUrl"] = pagerDuty.BaseUrl,
            ["PagerDuty:Token"] = pagerDuty.Token,
            ["PagerDutyAuditLogs:PollInterval"] = "00:00:01",
            // No workflow definitions are needed here; the repository's folder may not exist on every branch.
            ["Workflows:Directory"] = Directory.CreateTempSubdirectory("collector-workflows-").FullName,
        }, clock);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await service.DisposeAsync();
        await pagerDuty.DisposeAsync();
        await database.DisposeAsync();
    }

    [Test, Order(1)]
    public async Task Sources_AfterTheCollectorRuns_ShowThePagerDutySourceHealthyWithItsCounts()
    {
        using var client = service.CreateClient(ServiceFactory.BootstrapToken);

        SourcesApi.SourceView source = null!;
        await Eventually.HoldsAsync(async () =>
        {
            source = await PagerDutySourceAsync(client);
            return source.RecordsStored == 130 && source.LastSuccessfulPoll is not null;
        }, TimeSpan.FromSeconds(30), "the background collector stored the backfill and completed its pass");

        Assert.Multiple(() =>
        {
            Assert.That(source.Status, Is.EqualTo("healthy"));
            Assert.That(source.Enabled, Is.True);
            Assert.That(source.Table, Is.EqualTo("pagerduty_audit_logs"));
            Assert.That(source.LastSuccessfulPoll, Is.Not.Null);
            Assert.That(source.LastRecordTime, Is.Not.Null);
        });
        Assert.That(await database.ScalarAsync<long>("SELECT count(DISTINCT id) FROM pagerduty_audit_logs"), Is.EqualTo(130));
    }

    [Test, Order(2)]
    public async Task Sources_WhenQuietPastStaleAfter_ShowStale_AndReadyzStaysReady()
    {
        using var client = service.CreateClient(ServiceFactory.BootstrapToken);
        await Eventually.HoldsAsync(async () => (await PagerDutySourceAsync(client)).RecordsStored >= 130,
            TimeSpan.FromSeconds(30), "the backfill");

        clock.Advance(TimeSpan.FromDays(2));

        await Eventually.HoldsAsync(async () => (await PagerDutySourceAsync(client)).Status == "stale",
            TimeSpan.FromSeconds(30), "the source reads stale");
        using var anonymous = service.CreateClient();
        var ready = await anonymous.GetAsync(new Uri("/readyz", UriKind.Relative));
        var readiness = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a quiet source does not take the node out of service");
            Assert.That(readiness.GetProperty("status").GetString(), Is.EqualTo("Degraded"));
            Assert.That(readiness.GetProperty("entries").GetProperty("collector").GetProperty("description").GetString(), Is.EqualTo("collector-stale"));
            Assert.That(readiness.GetProperty("entries").GetProperty("database").GetProperty("status").GetString(), Is.EqualTo("Healthy"));
        });

        await Eventually.HoldsAsync(async () => await database.ScalarAsync<string>("SELECT notified_status FROM source_status") == "stale",
            TimeSpan.FromSeconds(30), "a pass noticed and notified");

        records.Add(DateTimeOffset.UtcNow);
        await Eventually.HoldsAsync(async () => (await PagerDutySourceAsync(client)).Status == "healthy",
            TimeSpan.FromSeconds(30), "a new record makes it healthy again");
        await Eventually.HoldsAsync(async () => await database.ScalarAsync<string>("SELECT notified_status FROM source_status") == "healthy",
            TimeSpan.FromSeconds(30), "the pass that saw it notified the recovery");
        Assert.That(await database.ScalarAsync<long>("SELECT count(*) FROM source_notifications"), Is.EqualTo(2),
            "stale and recovered, once each, although every pass re-evaluated");
    }

    [Test, Order(3)]
    public async Task Verify_ReportsWhatTheTokenCanDo_AndNeverEchoesIt()
    {
        using var client = service.CreateClient(ServiceFactory.BootstrapToken);

        var allowed = await client.PostAsync(new Uri("/api/connections/pagerduty/verify", UriKind.Relative), null);
        var allowedBody = await allowed.Content.ReadAsStringAsync();
        records.Refuse(403);
        var refused = await client.PostAsync(new Uri("/api/connections/pagerduty/verify", UriKind.Relative), null);
        var refusedBody = await refused.Content.ReadAsStringAsync();
        records.Accept();

        Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.OK), allowedBody);
        Assert.That(Capabilities(allowedBody), Is.EqualTo(new Dictionary<string, bool> { ["users"] = true, ["schedules"] = true, ["audit_records"] = true }));
        Assert.That(Capabilities(refusedBody), Is.EqualTo(new Dictionary<string, bool> { ["users"] = true, ["schedules"] = true, ["audit_records"] = false }));
        Assert.That(refusedBody, Does.Contain("audit_records.read"));
        Assert.That(allowedBody + refusedBody, Does.Not.Contain(pagerDuty.Token));
    }

    [Test]
    public async Task Verify_ForAnUnknownConnection_Is404()
    {
        using var client = service.CreateClient(ServiceFactory.BootstrapToken);

        var response = await client.PostAsync(new Uri("/api/connections/nosuchvendor/verify", UriKind.Relative), null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    private static async Task<SourcesApi.SourceView> PagerDutySourceAsync(HttpClient client) =>
        (await client.GetAsync<List<SourcesApi.SourceView>>("/api/sources")).Single(s => s.Name == "pagerduty");

    private static Dictionary<string, bool> Capabilities(string body) =>
        JsonDocument.Parse(body).RootElement.GetProperty("capabilities").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("ok").GetBoolean());
}
