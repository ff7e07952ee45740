using AuditOrchestrator.IntegrationTests.Infrastructure;
using System.Text.Json;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Sandbox.DemoTeam;
using AuditOrchestrator.Sandbox.PagerDuty;
using NUnit.Framework;

namespace AuditOrchestrator.IntegrationTests.Vendors;

/// <summary><c>audit &lt;audit&gt; --dry-run</c> in-process, against the simulated vendors.</summary>
public sealed class DryRunTests
{
    private SimulatedVendors vendors = null!;

    [SetUp]
    public async Task StartVendors() => vendors = await SimulatedVendors.StartAsync();

    [TearDown]
    public async Task StopVendors() => await vendors.DisposeAsync();

    private async Task<(int Exit, string Out, string Err)> DryRunAsync(AuditKind audit, DryRunFormat format,
        IDictionary<string, string?>? overrides = null, string? teamSource = null)
    {
        await using var services = AuditHost.Build(vendors, teamSource, maxRetries: 1, overrides: overrides);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await AuditDryRun.RunAsync(audit, format, services, stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string[] ErrorLines(string stderr) =>
        [.. stderr.Split('\n').Where(l => l.StartsWith("error:", StringComparison.Ordinal))];

    [Test]
    public async Task DryRun_JsonForUsFederal_PrintsFindingsInTheContractShape()
    {
        var (exit, stdout, _) = await DryRunAsync(AuditKind.ZendeskUsFederal, DryRunFormat.Json);

        Assert.That(exit, Is.Zero);
        using var json = JsonDocument.Parse(stdout);
        Assert.That(json.RootElement.GetProperty("audit").GetString(), Is.EqualTo("zendesk-us-federal"));
        var findings = json.RootElement.GetProperty("findings").EnumerateArray().ToList();
        Assert.That(findings, Is.Not.Empty);
        var roleMismatch = findings.Single(f => f.GetProperty("code").GetString() == "zendesk.role_mismatch");
        Assert.That(roleMismatch.EnumerateObject().Select(p => p.Name),
            Is.EqualTo(new[] { "code", "person", "instance", "message", "expected", "found" }));
        Assert.That(roleMismatch.GetProperty("person").GetString(), Is.EqualTo("usiddiqui"));
        Assert.That(roleMismatch.GetProperty("instance").GetString(), Is.EqualTo("us-federal"));
        Assert.That(roleMismatch.GetProperty("expected").GetString(), Is.EqualTo("Federal Agent"));
        Assert.That(roleMismatch.GetProperty("found").GetString(), Is.EqualTo("Federal Light Agent"));
    }

    [Test]
    public async Task DryRun_JsonForCalendly_HasNoInstanceAndANullPersonForTheOrganisation()
    {
        var (exit, stdout, _) = await DryRunAsync(AuditKind.Calendly, DryRunFormat.Json);

        Assert.That(exit, Is.Zero);
        using var json = JsonDocument.Parse(stdout);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray().ToList();
        Assert.That(findings.Any(f => f.TryGetProperty("instance", out _)), Is.False);
        var owners = findings.Single(f => f.GetProperty("code").GetString() == "calendly.owner_count");
        Assert.That(owners.GetProperty("person").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task DryRun_OfEveryAudit_SendsOnlyReadRequests()
    {
        foreach (var audit in ShippedAudits.Catalog.Keys)
        {
            var (exit, stdout, stderr) = await DryRunAsync(audit, DryRunFormat.Markdown);
            Assert.That(exit, Is.Zero, stderr);
            Assert.That(stdout, Does.StartWith("## "));
            Assert.That(stderr, Does.Contain("… Loading the support team").And.Not.Contain("\u001b["), "plain progress on a captured stderr");
        }

        var calls = vendors.All.SelectMany(v => v.Calls).ToList();
        Assert.That(calls, Is.Not.Empty);
        Assert.That(calls.Where(c => c.IsWrite), Is.Empty);
        Assert.That(calls.Select(c => c.Method).Distinct(), Is.EqualTo(new[] { "GET" }));
    }

    [Test]
    public async Task DryRun_OfPagerDuty_MakesTheFewestRequests()
    {
        await DryRunAsync(AuditKind.PagerDuty, DryRunFormat.Json);

        // 63 users (one page), one schedule list, four schedules, and who the token belongs to.
        Assert.That(vendors.PagerDuty.Calls.Select(c => c.PathAndQuery.Split('?')[0]),
            Is.EquivalentTo(new[] { "/users", "/schedules", "/schedules/PAMER01", "/schedules/PEMEA01", "/schedules/PAPAC01", "/schedules/PMGRS01", "/users/me" }));
        Assert.That(vendors.PagerDuty.Calls.Select(c => c.Headers["Accept"]), Is.All.EqualTo("application/vnd.pagerduty+json;version=2"));
    }

    [Test]
    public async Task DryRun_WhenTokenMissing_PrintsOneErrorLineAndExits1()
    {
        var (exit, stdout, stderr) = await DryRunAsync(AuditKind.PagerDuty, DryRunFormat.Json,
            new Dictionary<string, string?> { ["PagerDuty:Token"] = "" });

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stdout, Is.Empty);
        Assert.That(ErrorLines(stderr), Is.EqualTo(new[] { "error: PagerDuty: no API token configured (PagerDuty__Token)" }));
        Assert.That(vendors.PagerDuty.Calls, Is.Empty);
    }

    [Test]
    public async Task DryRun_WhenApiUnreachable_PrintsOneErrorLineWithoutTheTokenAndExits1()
    {
        var closed = new FakePagerDuty("x");
        await closed.StartAsync();
        var deadUrl = closed.BaseUrl;
        await closed.DisposeAsync();

        var (exit, _, stderr) = await DryRunAsync(AuditKind.PagerDuty, DryRunFormat.Markdown,
            new Dictionary<string, string?> { ["PagerDuty:BaseUrl"] = deadUrl });

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(ErrorLines(stderr), Has.Length.EqualTo(1));
        Assert.That(ErrorLines(stderr)[0], Does.Contain("could not reach the API"));
        Assert.That(stderr, Does.Not.Contain(vendors.PagerDuty.Token));
    }

    [Test]
    public async Task DryRun_WhenTeamDataIsBad_PrintsOneErrorLineNamingFileLineAndFieldAndExits1()
    {
        var file = Path.Combine(Path.GetTempPath(), $"team-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, "- name: Ann\n  email: [ann@example.com]\n");
        try
        {
            var (exit, _, stderr) = await DryRunAsync(AuditKind.Calendly, DryRunFormat.Markdown, teamSource: file);

            Assert.That(exit, Is.EqualTo(1));
            Assert.That(ErrorLines(stderr), Has.Length.EqualTo(1));
            Assert.That(ErrorLines(stderr)[0], Does.Contain($"{file}:2: field 'email': expected a string"));
            Assert.That(vendors.Calendly.Calls, Is.Empty);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task DryRun_WhenBaseUrlIsNotAUrl_PrintsOneErrorLineAndExits1()
    {
        var (exit, _, stderr) = await DryRunAsync(AuditKind.Calendly, DryRunFormat.Markdown,
            new Dictionary<string, string?> { ["Calendly:BaseUrl"] = "not a url" });

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(ErrorLines(stderr).Single(), Does.StartWith("error: a vendor BaseUrl is not a valid absolute URL"));
    }
}
