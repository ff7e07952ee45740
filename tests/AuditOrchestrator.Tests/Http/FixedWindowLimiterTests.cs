using AuditOrchestrator.Sandbox.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace AuditOrchestrator.Tests.Http;

public sealed class FixedWindowLimiterTests
{
    [Test]
    public void AdmitsTheLimitPerWindowAndKey_RefusesTheRestUntilTheWindowEnds()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero));
        var limiter = new FixedWindowLimiter(3, TimeSpan.FromMinutes(1), time);
        time.Advance(TimeSpan.FromSeconds(45));

        var admitted = Enumerable.Range(0, 3).Select(_ => limiter.TryAdmit("bot")).ToList();
        var refused = limiter.TryAdmit("bot");
        var otherUser = limiter.TryAdmit("alice");
        time.Advance(TimeSpan.FromSeconds(15));
        var nextWindow = limiter.TryAdmit("bot");

        Assert.Multiple(() =>
        {
            Assert.That(admitted, Is.All.Null, "the first three of the window");
            Assert.That(refused, Is.EqualTo(TimeSpan.FromSeconds(15)), "the fourth waits for the window's end, not a whole window");
            Assert.That(otherUser, Is.Null, "each user has a limit of their own");
            Assert.That(nextWindow, Is.Null, "a new window admits again");
        });
    }
}
