namespace AuditOrchestrator.IntegrationTests.Infrastructure;

/// <summary>
/// Real time plus an offset that a test moves forward: "72 hours later" in an instant. Not a FakeTimeProvider (which the
/// unit tests use): the whole service runs on this clock here, beside Hangfire and fake vendors on real time, and its
/// leases, journal order and collection windows need time to flow between the jumps.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
