using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Sandbox.DemoTeam;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using static AuditOrchestrator.Audits.Checks.FindingCodes;

namespace AuditOrchestrator.IntegrationTests.Vendors;

/// <summary>The audit settings of README, "Configuration", bound from configuration as a host would give them.</summary>
public sealed class AuditConfigurationTests
{
    private SimulatedVendors vendors = null!;

    [SetUp]
    public async Task StartVendors() => vendors = await SimulatedVendors.StartAsync();

    [TearDown]
    public async Task StopVendors() => await vendors.DisposeAsync();

    private async Task<AuditResult> RunAsync(AuditKind audit, Dictionary<string, string?> settings)
    {
        await using var services = AuditHost.Build(vendors, overrides: settings);
        return await services.GetRequiredService<AuditRunner>().RunAsync(audit, CancellationToken.None);
    }

    [Test]
    public async Task PagerDutyAudit_WithScheduleIds_ReadsThoseAndTheListedRotationsWithoutListingSchedules()
    {
        await RunAsync(AuditKind.PagerDuty, new() { ["PagerDuty:ScheduleIds:0"] = "PAMER01" });

        Assert.That(vendors.PagerDuty.Calls.Select(c => c.PathAndQuery.Split('?')[0]),
            Is.EquivalentTo(new[] { "/users", "/schedules/PAMER01", "/schedules/PMGRS01", "/users/me" }));
    }

    [Test]
    public async Task PagerDutyAudit_WithExemptTitles_ReplacesTheDefault()
    {
        var result = await RunAsync(AuditKind.PagerDuty, new() { ["Audits:PagerDuty:ExemptTitles:0"] = "Support Readiness Specialist" });

        Assert.That(result.Findings.Where(f => f.Person == "nfischer"), Is.Empty);
        Assert.That(result.Findings.Where(f => f.Person == "abrooks").Select(f => f.Code), Is.EqualTo(new[] { PagerDutyMissingId }));
    }

    [Test]
    public async Task CalendlyAudit_WithAdminTitlePattern_JudgesAdminsByIt()
    {
        var result = await RunAsync(AuditKind.Calendly, new() { ["Audits:Calendly:AdminTitlePattern"] = "^Senior Support Engineer$" });

        Assert.That(result.Findings.Where(f => f.Person == "lsilva"), Is.Empty, "lsilva is a Senior Support Engineer and an admin");
        Assert.That(result.Findings.Where(f => f.Person == "abello").Select(f => f.Code), Is.EqualTo(new[] { CalendlyAdminNotAllowed }));
    }
}
