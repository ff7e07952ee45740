using AuditOrchestrator.Audits.AdminActivity;

namespace AuditOrchestrator.Tests.PagerDuty;

public sealed class SourceHealthTests
{
    [TestCase(1, "1 day")]
    [TestCase(1.5, "1.5 days")]
    [TestCase(55, "55 days")]
    [TestCase(1.0 / 24, "1 hour")]
    [TestCase(3.0 / 24, "3 hours")]
    [TestCase(1.0 / 1440, "1 minute")]
    public void Describe_CountsInWordsWithTheRightNumber(double days, string expected) =>
        Assert.That(SourceHealth.Describe(TimeSpan.FromDays(days)), Is.EqualTo(expected));
}
