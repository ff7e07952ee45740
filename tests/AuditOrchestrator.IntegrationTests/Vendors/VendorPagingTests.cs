using System.Globalization;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Sandbox.DemoTeam;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using static AuditOrchestrator.Audits.Checks.FindingCodes;

namespace AuditOrchestrator.IntegrationTests.Vendors;

/// <summary>Each client follows its vendor's paging to the end: offsets (PagerDuty), page tokens (Calendly), cursors (Zendesk).</summary>
public sealed class VendorPagingTests
{
    private const int Extra = 150;
    private SimulatedVendors vendors = null!;

    [SetUp]
    public async Task StartVendors() => vendors = await SimulatedVendors.StartAsync();

    [TearDown]
    public async Task StopVendors() => await vendors.DisposeAsync();

    private async Task<AuditResult> RunAsync(AuditKind audit)
    {
        await using var services = AuditHost.Build(vendors);
        return await services.GetRequiredService<AuditRunner>().RunAsync(audit, CancellationToken.None);
    }

    private static string Email(int i) => string.Create(CultureInfo.InvariantCulture, $"outsider{i}@example.org");

    [Test]
    public async Task PagerDutyAudit_WithMoreThanAPageOfUsers_ReadsEveryOffsetPage()
    {
        for (var i = 0; i < Extra; i++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"PO{i:D5}");
            vendors.PagerDuty.AddUser(id, $"Outsider {i}", Email(i));
            vendors.PagerDuty.AddToSchedule("PAPAC01", id);
        }

        var result = await RunAsync(AuditKind.PagerDuty);

        Assert.That(result.Findings.Count(f => f.Code == PagerDutyNotOnTeam), Is.EqualTo(Extra + 2));
        Assert.That(vendors.PagerDuty.Calls.Where(c => c.PathAndQuery.StartsWith("/users?", StringComparison.Ordinal)).Select(c => c.PathAndQuery),
            Is.EqualTo(new[] { "/users?limit=100&offset=0", "/users?limit=100&offset=100", "/users?limit=100&offset=200" }));
    }

    [Test]
    public async Task CalendlyAudit_WithMoreThanAPageOfMemberships_FollowsNextPageTokens()
    {
        for (var i = 0; i < Extra; i++)
        {
            vendors.Calendly.AddMember($"Outsider {i}", Email(i), $"https://calendly.com/outsider{i}");
        }

        var result = await RunAsync(AuditKind.Calendly);

        Assert.That(result.Findings.Count(f => f.Code == CalendlyNotOnTeam), Is.EqualTo(Extra + 2));
        var pages = vendors.Calendly.Calls.Where(c => c.PathAndQuery.StartsWith("/organization_memberships", StringComparison.Ordinal)).ToList();
        Assert.That(pages, Has.Count.EqualTo(3));
        Assert.That(pages.Skip(1).Select(c => c.PathAndQuery), Is.All.Contains("page_token="));
    }

    [Test]
    public async Task ZendeskAudit_WithMoreThanAPageOfAgents_FollowsLinksNext()
    {
        for (var i = 0; i < Extra; i++)
        {
            vendors.ZendeskMain.AddUser(800000 + i, $"Outsider {i}", Email(i), "agent", "Support Engineer", false, "Support EMEA");
        }

        var result = await RunAsync(AuditKind.Zendesk);

        Assert.That(result.Findings.Count(f => f.Code == ZendeskNotOnTeam), Is.EqualTo(Extra + 2));
        Assert.That(vendors.ZendeskMain.Calls.Count(c => c.PathAndQuery.StartsWith("/api/v2/users?", StringComparison.Ordinal)), Is.EqualTo(3));
        Assert.That(vendors.ZendeskMain.Calls.Count(c => c.PathAndQuery.StartsWith("/api/v2/group_memberships", StringComparison.Ordinal)), Is.EqualTo(3));
    }
}
