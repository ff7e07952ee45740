namespace AuditOrchestrator.IntegrationTests.Infrastructure;

/// <summary>Real time plus an offset that a test moves forward: "72 hours later" in an instant.</summary>
public sealed class TestClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
