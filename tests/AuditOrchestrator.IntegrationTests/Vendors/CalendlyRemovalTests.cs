using AuditOrchestrator.Sandbox.DemoTeam;
using AuditOrchestrator.Vendors.Calendly;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;

namespace AuditOrchestrator.IntegrationTests.Vendors;

/// <summary>The one write the audits make: removing a Calendly membership after the SOM approved it.</summary>
public sealed class CalendlyRemovalTests
{
    [Test]
    public async Task RemoveMembership_DeletesItOnceAndToleratesItBeingGoneAlready()
    {
        await using var vendors = await SimulatedVendors.StartAsync();
        await using var services = AuditHost.Build(vendors);
        var client = services.GetRequiredService<CalendlyClient>();
        var outsider = (await client.FetchSnapshotAsync(CancellationToken.None)).Memberships.Single(m => m.Email == "recruiting@example.com");

        await client.RemoveMembershipAsync(outsider.Uuid, CancellationToken.None);
        await client.RemoveMembershipAsync(outsider.Uuid, CancellationToken.None);

        Assert.That(vendors.Calendly.Memberships.Select(m => m.Email), Does.Not.Contain("recruiting@example.com"));
        Assert.That(vendors.Calendly.Calls.Where(c => c.IsWrite).Select(c => (c.Method, c.PathAndQuery, c.StatusCode)), Is.EqualTo(new[]
        {
            ("DELETE", $"/organization_memberships/{outsider.Uuid}", 204),
            ("DELETE", $"/organization_memberships/{outsider.Uuid}", 404),
        }));
    }
}
