using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuditOrchestrator.Api.Audits;
using AuditOrchestrator.Api.Settings;
using AuditOrchestrator.Audits.AdminActivity;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.Registry;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using AuditOrchestrator.Api.Runs;

namespace AuditOrchestrator.IntegrationTests.Registry;

/// <summary>A fifth audit added through its registration alone is listed, configured, dry-run and run like the four shipped.</summary>
public sealed class FictitiousAuditTests
{
    private TestDatabase database = null!;
    private ServiceFactory service = null!;
    private HttpClient admin = null!;
    private string teamFile = null!;

    [SetUp]
    public async Task StartAsync()
    {
        teamFile = Path.Combine(Directory.CreateTempSubdirectory("acme-team-").FullName, "support-team.yaml");
        await File.WriteAllTextAsync(teamFile, AcmeAudit.Team);
        database = await TestDatabase.CreateAsync();
        service = new ServiceFactory(database,
            new Dictionary<string, string?> { ["SupportTeam:Source"] = teamFile, ["Acme:Token"] = "acme-token", ["SupportOps:Managers:0"] = "msom" },
            testServices: services => services.AddAudit<AcmeAudit>(AcmeAudit.Declared));
        admin = service.CreateClient(ServiceFactory.BootstrapToken);
        await ServiceFactory.ReadyAsync(admin, TimeSpan.FromSeconds(60));
    }

    [TearDown]
    public async Task StopAsync()
    {
        admin.Dispose();
        await service.DisposeAsync();
        await database.DisposeAsync();
    }

    [Test]
    public async Task AnAuditAddedByItsRegistration_IsListedWithItsSettings_AfterTheShippedOnes()
    {
        var audits = (await admin.GetFromJsonAsync<List<AuditView>>("/api/audits"))!;
        var settings = await admin.GetFromJsonAsync<List<SettingView>>("/api/settings");

        Assert.That(audits.Select(a => a.Key), Is.EqualTo(new[] { "pagerduty", "calendly", "zendesk", "zendesk-us-federal", "acme" }));
        var acme = audits.Single(a => a.Key == "acme");
        Assert.Multiple(() =>
        {
            Assert.That(acme.DisplayName, Is.EqualTo("Acme"));
            Assert.That(acme.Vendor, Is.EqualTo("Acme Corp"));
            Assert.That(acme.Settings, Is.EqualTo(new[] { "Audits__Acme__Greeting", "Audits__Acme__Enabled", "Audits__Acme__Variant", "Audits__Acme__Quarters" }));
            Assert.That(acme.Configured, Is.True, "its token is set");
            Assert.That(acme.Enabled, Is.True, "on the calendar by default once its token is set");
            Assert.That(acme.Definition, Is.EqualTo("acme"));
            Assert.That(audits.Single(a => a.Key == "calendly").Configured, Is.False, "no Calendly token here");
        });
        var byKey = settings!.ToDictionary(s => s.Key);
        Assert.That(byKey["Audits__Acme__Greeting"].Default, Is.EqualTo("hello"));
        Assert.That(byKey["Audits__Acme__Enabled"].Default, Is.EqualTo("on (Acme__Token is set)"));
    }

    [Test]
    public async Task AnAuditAddedByItsRegistration_DryRuns_AndAManualRunWritesItsReport()
    {
        var stdout = new StringWriter();
        var exit = await AuditDryRun.RunAsync(service.Services.GetRequiredService<AuditCatalog>().Find("acme"), DryRunFormat.Json,
            service.Services, stdout, new StringWriter(), CancellationToken.None);
        Assert.That(exit, Is.Zero);
        var findings = JsonDocument.Parse(stdout.ToString()).RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (f.GetProperty("code").GetString(), f.GetProperty("person").GetString())).ToList();
        Assert.That(findings, Is.EqualTo(new[] { (AcmeAudit.RegionMissing, "nora@example.com") }));

        var import = await admin.PostAsJsonAsync("/api/definitions/import", new { yaml = AcmeAudit.Definition, status = "published" });
        Assert.That(import.IsSuccessStatusCode, Is.True, await import.Content.ReadAsStringAsync());
        var start = await admin.PostAsJsonAsync("/api/runs", new { audit = "acme" });
        Assert.That(start.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await start.Content.ReadAsStringAsync());
        var id = (await start.Content.ReadAsync<RunsApi.Started>()).Id;

        await Eventually.HoldsAsync(async () => await database.ScalarAsync<string>($"SELECT status FROM workflow_instances WHERE id = '{id}'") == "completed",
            TimeSpan.FromSeconds(60), "the Acme run completes");
        Assert.That(await database.ScalarAsync<string>($"SELECT variables->>'report' FROM workflow_instances WHERE id = '{id}'"),
            Does.StartWith("## Acme access audit").And.Contain("Nora Nowhere names no region."));
        Assert.That(await database.ScalarAsync<string>($"SELECT audit FROM audit_runs WHERE id = '{id}'"), Is.EqualTo("acme"));
    }

    [Test]
    public async Task APerPersonFieldDeclaredByTheRegistration_DecidesItsFindings_AndAMalformedValueIsRefusedWithFileLineAndField()
    {
        await File.WriteAllTextAsync(teamFile, """
            - name: "Mona Som"
              email: msom@example.com
              region: EMEA
              gitlab: { id: 9100, username: msom }
              acme: { id: A-100 }
            - name: "Nora Nowhere"
              email: nora@example.com
              region: AMER
              gitlab: { id: 9101, username: nora }
            - name: "Olga Odd"
              email: olga@example.com
              region: APAC
              gitlab: { id: 9102, username: olga }
              acme: { id: [A-1, A-2] }
            """);
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = await AuditDryRun.RunAsync(service.Services.GetRequiredService<AuditCatalog>().Find("acme"), DryRunFormat.Json,
            service.Services, stdout, stderr, CancellationToken.None);

        Assert.That(exit, Is.Zero, stderr.ToString());
        var findings = JsonDocument.Parse(stdout.ToString()).RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (f.GetProperty("code").GetString(), f.GetProperty("person").GetString())).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(findings, Is.EqualTo(new[] { (AcmeAudit.AccountMissing, "nora@example.com"), (AcmeAudit.AccountMissing, "olga@example.com") }),
                "Mona's acme id is read; Nora has none and Olga's is refused");
            Assert.That(stderr.ToString(), Does.Contain($"warning: team data: {teamFile}:14: field 'acme.id': expected a string; the field is ignored"));
        });
    }

    [Test]
    public async Task AnUnknownAudit_IsRefusedWithTheRegisteredNames()
    {
        var start = await admin.PostAsJsonAsync("/api/runs", new { audit = "globex" });

        Assert.That(start.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await start.Content.ReadAsStringAsync(), Does.Contain("pagerduty, calendly, zendesk, zendesk-us-federal, acme"));
    }

    [Test]
    public async Task AnAuditAddedByItsRegistration_IsVerifiedByTheProbeItDeclares()
    {
        var verify = await admin.PostAsync(new Uri("/api/connections/acme/verify", UriKind.Relative), null);
        var unknown = await admin.PostAsync(new Uri("/api/connections/globex/verify", UriKind.Relative), null);

        Assert.That(verify.StatusCode, Is.EqualTo(HttpStatusCode.OK), await verify.Content.ReadAsStringAsync());
        var verification = (await verify.Content.ReadFromJsonAsync<ConnectionVerification>())!;
        var refusal = await unknown.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That((verification.Connection, verification.Configured, verification.Ok), Is.EqualTo(("acme", true, true)));
            Assert.That(verification.Capabilities.Single().Detail, Is.EqualTo("Acme takes any token; the team file is all it reads"));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(refusal, Does.Contain("known: gitlab, pagerduty, calendly, zendesk-main, zendesk-us-federal, acme, slack"));
        });
    }
}
