using AuditOrchestrator.Engine.Clock;
using Microsoft.Extensions.Time.Testing;

namespace AuditOrchestrator.Tests.Runtime;

/// <summary>The sped-up service clock (<c>Clock__Speed</c>) over a fake real clock: what it reads and when its timers fire.</summary>
public sealed class ServiceClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 2, 1, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public void ScaledClock_ReadsSimulatedTime_SpeedTimesTheRealTimePassed()
    {
        var real = new FakeTimeProvider(Start);
        var clock = new ServiceClock(3600, real);

        real.Advance(TimeSpan.FromSeconds(90));

        Assert.That(clock.GetUtcNow(), Is.EqualTo(Start + TimeSpan.FromHours(90)));
    }

    [Test]
    public void ScaledTimer_For72SimulatedHours_FiresAfter72RealSeconds_AndNotBefore()
    {
        var real = new FakeTimeProvider(Start);
        var clock = new ServiceClock(3600, real);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => Interlocked.Increment(ref fired), null, TimeSpan.FromHours(72), Timeout.InfiniteTimeSpan);

        real.Advance(TimeSpan.FromSeconds(71));
        Assert.That(fired, Is.Zero, "71 real seconds are 71 simulated hours");
        real.Advance(TimeSpan.FromSeconds(1));
        Assert.That(fired, Is.EqualTo(1));
    }

    [Test]
    public void ScaledTimer_RearmedWithChange_WaitsTheNewSimulatedDurationScaled()
    {
        var real = new FakeTimeProvider(Start);
        var clock = new ServiceClock(60, real);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => Interlocked.Increment(ref fired), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        real.Advance(TimeSpan.FromHours(1));
        Assert.That(fired, Is.Zero, "an infinite due time stays infinite");

        timer.Change(TimeSpan.FromMinutes(30), Timeout.InfiniteTimeSpan);
        real.Advance(TimeSpan.FromSeconds(29));
        Assert.That(fired, Is.Zero);
        real.Advance(TimeSpan.FromSeconds(1));
        Assert.That(fired, Is.EqualTo(1), "30 simulated minutes at speed 60 are 30 real seconds");
    }

    [Test]
    public void UnscaledClock_IsTheRealClock()
    {
        var real = new FakeTimeProvider(Start);
        var clock = new ServiceClock(1, real);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => Interlocked.Increment(ref fired), null, TimeSpan.FromHours(72), Timeout.InfiniteTimeSpan);

        real.Advance(TimeSpan.FromHours(72));

        Assert.Multiple(() =>
        {
            Assert.That(clock.GetUtcNow(), Is.EqualTo(Start + TimeSpan.FromHours(72)));
            Assert.That(fired, Is.EqualTo(1));
        });
    }
}
