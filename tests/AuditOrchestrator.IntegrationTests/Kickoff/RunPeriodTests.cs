using System.Globalization;
using AuditOrchestrator.Audits.Workflows;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.IntegrationTests.Kickoff;

/// <summary>A run's fiscal period is the quarter of its date in <c>Schedule__TimeZone</c>, as the kickoff counts quarters.</summary>
public sealed class RunPeriodTests
{
    [Test]
    public async Task ARun_StartedWhenItIsStillAprilInUtcButAlreadyMayInTheScheduleZone_IsInTheZonesQuarter()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clock = new TestClock();
        // 20:00 UTC on 30 April is 05:00 on 1 May in Tokyo: the second quarter of a fiscal year starting in February.
        clock.Advance(DateTimeOffset.Parse("2026-04-30T20:00:00Z", CultureInfo.InvariantCulture) - clock.GetUtcNow());
        await using var node = new ServiceFactory(database, new Dictionary<string, string?> { ["Schedule:TimeZone"] = "Asia/Tokyo" }, clock);
        await Eventually.HoldsAsync(
            async () => (await node.CreateClient().GetAsync(new Uri("/readyz", UriKind.Relative))).IsSuccessStatusCode,
            TimeSpan.FromSeconds(60), "the node is ready");

        var run = await node.Services.GetRequiredService<AuditRuns>().EnsureAsync(Guid.CreateVersion7(), "pagerduty", RunKinds.Manual, CancellationToken.None);

        Assert.That(run.Period, Is.EqualTo("FY2027-Q2"));
    }
}
