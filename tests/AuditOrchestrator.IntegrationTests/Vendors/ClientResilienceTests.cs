using AuditOrchestrator.IntegrationTests.Infrastructure;
using System.Diagnostics;
using System.Net;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Sandbox.DemoTeam;
using AuditOrchestrator.Sandbox.Hosting;
using AuditOrchestrator.Vendors.Http;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;

namespace AuditOrchestrator.IntegrationTests.Vendors;

/// <summary>Every vendor client against its simulated vendor misbehaving: 429 bursts, 5xx runs, and a vendor that never recovers.</summary>
public sealed class ClientResilienceTests
{
    private SimulatedVendors vendors = null!;

    [SetUp]
    public async Task StartVendors() => vendors = await SimulatedVendors.StartAsync();

    [TearDown]
    public async Task StopVendors() => await vendors.DisposeAsync();

    private FakeVendorServer FakeFor(AuditKind audit) =>
        audit == AuditKind.PagerDuty ? vendors.PagerDuty
        : audit == AuditKind.Calendly ? vendors.Calendly
        : audit == AuditKind.Zendesk ? vendors.ZendeskMain
        : vendors.ZendeskUsFederal;

    private string TokenFor(AuditKind audit) =>
        audit == AuditKind.PagerDuty ? vendors.PagerDuty.Token
        : audit == AuditKind.Calendly ? vendors.Calendly.Token
        : audit == AuditKind.Zendesk ? vendors.ZendeskMain.Token
        : vendors.ZendeskUsFederal.Token;

    private async Task<AuditResult> RunAsync(AuditKind audit, int maxRetries = 6)
    {
        await using var services = AuditHost.Build(vendors, maxRetries: maxRetries);
        return await services.GetRequiredService<AuditRunner>().RunAsync(audit, CancellationToken.None);
    }

    [TestCase("pagerduty")]
    [TestCase("calendly")]
    [TestCase("zendesk")]
    [TestCase("zendesk-us-federal")]
    public async Task Audit_When429BurstAnd5xxRun_CompletesWithTheSameFindings(string name)
    {
        var audit = ShippedAudits.Named(name);
        var baseline = await RunAsync(audit);
        var fake = FakeFor(audit);
        fake.ClearCalls();
        fake.Faults.FailNext(3, 503);

        var result = await RunAsync(audit);
        fake.Faults.RateLimitNext(4, TimeSpan.Zero);
        var limited = await RunAsync(audit);

        Assert.That(result.Findings, Is.EquivalentTo(baseline.Findings));
        Assert.That(limited.Findings, Is.EquivalentTo(baseline.Findings));
        Assert.That(fake.Calls.Count(c => c.StatusCode == 503), Is.EqualTo(3));
        Assert.That(fake.Calls.Count(c => c.StatusCode == 429), Is.EqualTo(4));
    }

    [TestCase("pagerduty")]
    [TestCase("calendly")]
    [TestCase("zendesk")]
    public async Task Audit_When429AsksToWaitASecond_WaitsThatLongBeforeRetrying(string name)
    {
        var audit = ShippedAudits.Named(name);
        FakeFor(audit).Faults.RateLimitNext(1, TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        await RunAsync(audit);

        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(950)));
        Assert.That(FakeFor(audit).Calls.Count(c => c.StatusCode == 429), Is.EqualTo(1));
    }

    [TestCase("pagerduty")]
    [TestCase("calendly")]
    [TestCase("zendesk")]
    [TestCase("zendesk-us-federal")]
    public void Audit_WhenVendorKeepsFailingPastTheRetryBudget_ThrowsAClearErrorWithoutTheToken(string name)
    {
        var audit = ShippedAudits.Named(name);
        FakeFor(audit).Faults.FailNext(100, 502);

        var error = Assert.ThrowsAsync<VendorApiException>(() => RunAsync(audit, maxRetries: 2));

        Assert.That(error!.Status, Is.EqualTo(HttpStatusCode.BadGateway));
        Assert.That(error.Message, Does.Contain("3 attempts").And.Not.Contain(TokenFor(audit)));
        Assert.That(FakeFor(audit).Calls, Has.Count.EqualTo(3));
    }

    [TestCase("pagerduty")]
    [TestCase("calendly")]
    [TestCase("zendesk")]
    public void Audit_WhenVendorRejectsTheToken_FailsAtOnceWithoutRetrying(string name)
    {
        var audit = ShippedAudits.Named(name);
        var overrides = new Dictionary<string, string?> { [ShippedAudits.Catalog.Get(audit).TokenKey] = "wrong-token-123" };

        var error = Assert.ThrowsAsync<VendorApiException>(async () =>
        {
            await using var services = AuditHost.Build(vendors, overrides: overrides);
            await services.GetRequiredService<AuditRunner>().RunAsync(audit, CancellationToken.None);
        });

        Assert.That(error!.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(error.Message, Does.Contain("token was rejected").And.Not.Contain("wrong-token-123"));
        Assert.That(FakeFor(audit).Calls, Has.Count.EqualTo(1));
    }
}
