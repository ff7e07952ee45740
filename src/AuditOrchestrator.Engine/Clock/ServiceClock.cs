namespace AuditOrchestrator.Engine.Clock;

/// <summary>
/// The service clock: real time, or real time sped up by <see cref="Speed"/> (sandbox, demos, end-to-end tests).
/// It scales what callers read AND how long they wait: a timer asked for 72 simulated hours fires after
/// 72 h / Speed of real time, and re-arming it with Change scales the same way.
/// Its epoch (real and simulated start) comes from the database, so a restart continues where it was.
/// </summary>
public sealed class ServiceClock : TimeProvider
{
    private readonly TimeProvider _real;
    private long _realStartTicks;
    private long _simulatedStartTicks;

    public ServiceClock(double speed, TimeProvider? real = null)
    {
        if (!(speed >= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "Clock__Speed must be 1 or more.");
        }
        Speed = speed;
        _real = real ?? System;
        var now = _real.GetUtcNow();
        SetEpoch(now, now);
    }

    public double Speed { get; }

    /// <summary>The real clock under this one: for operational waits (vendor timeouts, backoff, pacing) on any speed.</summary>
    public TimeProvider Real => _real;

    public bool IsScaled => Speed != 1;

    public DateTimeOffset RealStart => new(Interlocked.Read(ref _realStartTicks), TimeSpan.Zero);

    public DateTimeOffset SimulatedStart => new(Interlocked.Read(ref _simulatedStartTicks), TimeSpan.Zero);

    public void SetEpoch(DateTimeOffset realStart, DateTimeOffset simulatedStart)
    {
        Interlocked.Exchange(ref _realStartTicks, realStart.UtcTicks);
        Interlocked.Exchange(ref _simulatedStartTicks, simulatedStart.UtcTicks);
    }

    /// <summary>The simulated time at a real instant under this clock's epoch.</summary>
    public DateTimeOffset SimulatedAt(DateTimeOffset real) =>
        SimulatedStart + TimeSpan.FromTicks((long)((real - RealStart).Ticks * Speed));

    public override DateTimeOffset GetUtcNow() => IsScaled ? SimulatedAt(_real.GetUtcNow()) : _real.GetUtcNow();

    public override long GetTimestamp() => IsScaled ? (long)(_real.GetTimestamp() * Speed) : _real.GetTimestamp();

    public override long TimestampFrequency => _real.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _real.LocalTimeZone;

    /// <summary>A simulated duration as real time.</summary>
    public TimeSpan ToReal(TimeSpan simulated) =>
        !IsScaled || simulated == Timeout.InfiniteTimeSpan ? simulated : TimeSpan.FromTicks((long)(simulated.Ticks / Speed));

    /// <summary>A real duration as simulated time (operational intervals given in real time, used against this clock).</summary>
    public TimeSpan ToSimulated(TimeSpan real) =>
        !IsScaled || real == Timeout.InfiniteTimeSpan ? real : TimeSpan.FromTicks((long)(real.Ticks * Speed));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        IsScaled
            ? new ScaledTimer(this, _real.CreateTimer(callback, state, ToReal(dueTime), ToReal(period)))
            : _real.CreateTimer(callback, state, dueTime, period);

    private sealed class ScaledTimer(ServiceClock clock, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.ToReal(dueTime), clock.ToReal(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
