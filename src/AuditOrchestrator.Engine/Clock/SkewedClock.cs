namespace AuditOrchestrator.Engine.Clock;

/// <summary>
/// The system clock read <paramref name="skew"/> off, as on a node whose clock is wrong (<c>Clock__Skew</c>, refused
/// outside the sandbox and Development): how tests show that no node's own clock decides who holds a lease.
/// </summary>
public sealed class SkewedClock(TimeSpan skew) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + skew;
}
