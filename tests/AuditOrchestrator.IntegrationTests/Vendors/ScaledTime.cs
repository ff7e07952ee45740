using System.Collections.Concurrent;

namespace AuditOrchestrator.IntegrationTests.Vendors;

/// <summary>A clock running <c>speed</c> times faster than real time, which records every timer it is asked for.</summary>
internal sealed class ScaledTime(double speed) : TimeProvider
{
    private readonly DateTimeOffset start = System.GetUtcNow();
    private readonly long startTicks = System.GetTimestamp();

    public ConcurrentQueue<TimeSpan> Timers { get; } = new();

    public override DateTimeOffset GetUtcNow() => start + (System.GetElapsedTime(startTicks) * speed);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            Timers.Enqueue(dueTime);
        }

        return System.CreateTimer(callback, state, Scale(dueTime), Scale(period));
    }

    private TimeSpan Scale(TimeSpan span) => span == Timeout.InfiniteTimeSpan || span <= TimeSpan.Zero ? span : span / speed;
}
