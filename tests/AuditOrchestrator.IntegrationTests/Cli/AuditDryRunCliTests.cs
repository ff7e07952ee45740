using System.Text.Json;
using AuditOrchestrator.IntegrationTests.Collector;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.Sandbox.DemoTeam;

namespace AuditOrchestrator.IntegrationTests.Cli;

/// <summary>The `audit --dry-run` verb as a user runs it: the service's executable against simulated vendors.</summary>
public sealed class AuditDryRunCliTests
{
    [Test]
    public async Task AuditDryRun_AsJson_PrintsFindingsAndSendsOnlyReads()
    {
        await using var vendors = await SimulatedVendors.StartAsync();
        var environment = Environment(vendors);

        var (exitCode, stdout, stderr) = await ServiceProcess.RunCliAsync(environment, "audit", "pagerduty", "--dry-run", "--format", "json");

        Assert.That(exitCode, Is.Zero, stderr);
        var report = JsonDocument.Parse(stdout).RootElement;
        Assert.That(report.GetProperty("audit").GetString(), Is.EqualTo("pagerduty"));
        var codes = report.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()).ToHashSet();
        Assert.That(codes, Does.Contain("pagerduty.missing_id").And.Contain("pagerduty.not_on_schedule"));
        Assert.That(vendors.PagerDuty.Calls.Select(c => c.Method).Distinct(), Is.EqualTo(new[] { "GET" }));
    }

    [Test]
    public async Task AuditDryRun_AsMarkdown_PrintsTheReport()
    {
        await using var vendors = await SimulatedVendors.StartAsync();

        var (exitCode, stdout, stderr) = await ServiceProcess.RunCliAsync(Environment(vendors), "audit", "zendesk", "--dry-run");

        Assert.That(exitCode, Is.Zero, stderr);
        Assert.That(stdout, Does.Contain("|"), "markdown tables");
    }

    [Test]
    public async Task AuditDryRun_OfEachAudit_WhenTheHeadOfTheTeamReportsOutsideIt_CompletesWithOneWarning()
    {
        await using var vendors = await SimulatedVendors.StartAsync();
        var reportsTo = $"{Path.Combine(DemoTeamFiles.FolderPath, "abrooks.yaml")}:4: field 'reports_to': 'Dana Whitfield' names nobody in the team data";

        foreach (var audit in new[] { "pagerduty", "calendly", "zendesk", "zendesk-us-federal" })
        {
            var (exitCode, stdout, stderr) = await ServiceProcess.RunCliAsync(Environment(vendors), "audit", audit, "--dry-run");

            Assert.That(exitCode, Is.Zero, stderr);
            Assert.That(stdout, Does.Contain("|"), $"{audit}: the report");
            var warnings = stderr.Split('\n').Where(l => l.StartsWith("warning:", StringComparison.Ordinal)).ToList();
            Assert.That(warnings, Has.Count.EqualTo(1), $"{audit}: {stderr}");
            Assert.That(warnings[0], Does.StartWith($"warning: team data: {reportsTo}; Avery Brooks has no manager in the data"));
            Assert.That(stderr, Does.Not.Contain("error:"));
        }
    }

    [Test]
    public async Task AuditDryRun_OfPagerDuty_WithTheServicesDatabase_ListsTheAdminChangesFromTheCollectedRecords()
    {
        await using var vendors = await SimulatedVendors.StartAsync();
        await using var collector = await CollectorTestBed.StartAsync();
        collector.Records.Add(DateTimeOffset.UtcNow.AddHours(-3), "update", "schedule_reference", "PDUSER7");
        collector.Records.Add(DateTimeOffset.UtcNow.AddHours(-2), "create", "team_reference");
        Assert.That(await CollectorTestBed.PassAsync(collector.NewNode()), Is.EqualTo(AuditOrchestrator.Audits.AdminActivity.PassOutcome.Completed));
        var environment = Environment(vendors);
        environment["ConnectionStrings__Postgres"] = collector.Database.ConnectionString;

        var (exitCode, stdout, stderr) = await ServiceProcess.RunCliAsync(environment, "audit", "pagerduty", "--dry-run");

        Assert.That(exitCode, Is.Zero, stderr);
        var section = stdout[stdout.IndexOf("### Admin changes since the last audit", StringComparison.Ordinal)..];
        Assert.Multiple(() =>
        {
            Assert.That(section, Does.Contain("since the last 6 months"), "no earlier PagerDuty run in the database");
            Assert.That(section.Split('\n').Count(l => l.StartsWith("| 20", StringComparison.Ordinal)), Is.EqualTo(1),
                "the schedule change; the team change is not an admin change of the audit");
            Assert.That(section, Does.Contain("| update | schedule"));
        });
    }

    [Test]
    public async Task AuditDryRun_OfPagerDuty_WithoutADatabase_SaysTheAdminChangesAreLeftOutAndWhy()
    {
        await using var vendors = await SimulatedVendors.StartAsync();
        var environment = Environment(vendors);
        environment["ConnectionStrings__Postgres"] = "";

        var (exitCode, stdout, stderr) = await ServiceProcess.RunCliAsync(environment, "audit", "pagerduty", "--dry-run");

        Assert.That(exitCode, Is.Zero, stderr);
        Assert.That(stdout, Does.Contain("### Admin changes since the last audit"));
        Assert.That(stdout, Does.Contain("Left out of this dry run: no database is configured (ConnectionStrings__Postgres)"));
    }

    [Test]
    public async Task AuditDryRun_WithoutToken_FailsWithOneLineError()
    {
        await using var vendors = await SimulatedVendors.StartAsync();
        var environment = Environment(vendors);
        environment.Remove("PagerDuty__Token");

        var (exitCode, _, stderr) = await ServiceProcess.RunCliAsync(environment, "audit", "pagerduty", "--dry-run");

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(stderr.Trim().Split('\n').Last(), Does.StartWith("error:"));
    }

    private static Dictionary<string, string> Environment(SimulatedVendors vendors)
    {
        var environment = vendors.Configuration
            .Where(kv => kv.Value is not null)
            .ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value!);
        environment["SupportTeam__Source"] = DemoTeamFiles.FolderPath;
        return environment;
    }
}
