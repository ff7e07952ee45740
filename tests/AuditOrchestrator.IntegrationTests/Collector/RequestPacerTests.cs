using System.Diagnostics;
using AuditOrchestrator.Vendors.Http;

namespace AuditOrchestrator.IntegrationTests.Collector;

/// <summary>The shared pacer the collector sends through: what the vendor sees is arrivals, so lateness must carry over.</summary>
public sealed class RequestPacerTests
{
    [Test]
    public async Task WaitTurn_AfterATimerFiredLate_KeepsTheNextSendAFullIntervalAway()
    {
        var pacer = new RequestPacer(600, new LateOnce(TimeSpan.FromMilliseconds(60)));
        var sends = new List<long>();

        for (var i = 0; i < 3; i++)
        {
            sends.Add(await pacer.WaitTurnAsync(CancellationToken.None));
        }

        var gaps = sends.Zip(sends.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b)).ToList();
        Assert.That(gaps, Is.All.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(90)),
            $"the send after the late one would arrive early: gaps {string.Join(", ", gaps.Select(g => g.TotalMilliseconds))} ms");
    }

    [Test]
    public async Task WaitTurn_WhenTimersFireEarly_NeverSendsBeforeTheSlot()
    {
        var pacer = new RequestPacer(600, new Early(TimeSpan.FromMilliseconds(40)));
        var sends = new List<long>();

        for (var i = 0; i < 4; i++)
        {
            sends.Add(await pacer.WaitTurnAsync(CancellationToken.None));
        }

        var gaps = sends.Zip(sends.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b)).ToList();
        Assert.That(gaps, Is.All.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(100)),
            $"gaps {string.Join(", ", gaps.Select(g => g.TotalMilliseconds))} ms");
    }

    [Test]
    public async Task Answered_WhenARoundTripWasSlowerThanTheFastest_PushesTheNextSendBackByTheDelay()
    {
        var time = new Jumping();
        var pacer = new RequestPacer(600, time);
        pacer.Answered(await pacer.WaitTurnAsync(CancellationToken.None));
        var delayed = await pacer.WaitTurnAsync(CancellationToken.None);

        time.Jump(TimeSpan.FromMilliseconds(40)); // this answer took 40 ms longer than the first
        pacer.Answered(delayed);
        var next = await pacer.WaitTurnAsync(CancellationToken.None);

        var expected = TimeSpan.FromMilliseconds(100 + 40) - RequestPacer.RoundTripTolerance;
        Assert.That(time.GetElapsedTime(delayed, next), Is.GreaterThanOrEqualTo(expected - TimeSpan.FromMilliseconds(1)));
    }

    [Test]
    public void Refused_WidensTheSpacingAStepAtATime_NeverBeyondTheCap()
    {
        var pacer = new RequestPacer(600, TimeProvider.System);

        pacer.Refused();
        var afterOne = pacer.Interval;
        for (var i = 0; i < 100; i++)
        {
            pacer.Refused();
        }

        Assert.That(afterOne, Is.EqualTo(TimeSpan.FromMilliseconds(100 * RequestPacer.WideningPerRefusal)).Within(TimeSpan.FromTicks(1)));
        Assert.That(pacer.Interval, Is.EqualTo(TimeSpan.FromMilliseconds(100 * RequestPacer.MaxWidening)).Within(TimeSpan.FromTicks(1)));
    }

    /// <summary>Real time whose timers all fire early, as the runtime's coarse timers may by a tick.</summary>
    private sealed class Early(TimeSpan earliness) : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            System.CreateTimer(callback, state, dueTime > earliness ? dueTime - earliness : TimeSpan.Zero, period);
    }

    /// <summary>Real time that a test moves forward: an answer that "took" longer than it did.</summary>
    private sealed class Jumping : TimeProvider
    {
        private long offset;

        public override long GetTimestamp() => System.GetTimestamp() + Interlocked.Read(ref offset);

        public void Jump(TimeSpan by) => Interlocked.Add(ref offset, (long)(by.TotalSeconds * TimestampFrequency));
    }

    /// <summary>Real time whose first timer fires late, as a busy machine's timers do now and then.</summary>
    private sealed class LateOnce(TimeSpan lateness) : TimeProvider
    {
        private int timers;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            System.CreateTimer(callback, state, Interlocked.Increment(ref timers) == 1 ? dueTime + lateness : dueTime, period);
    }
}
