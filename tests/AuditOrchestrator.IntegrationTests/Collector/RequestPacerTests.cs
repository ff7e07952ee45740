using System.Diagnostics;
using AuditOrchestrator.Integrations.Http;

namespace AuditOrchestrator.IntegrationTests.Collector;

/// <summary>The shared pacer the collector sends through: what the vendor sees is arrivals, so lateness must carry over.</summary>
public sealed class RequestPacerTests
{
    [Test]
    public async Task WaitTurn_AfterATimerFiredLate_KeepsTheNextSendAFullIntervalAway()
    {
        var pacer = new RequestPacer(600, new LateOnce(TimeSpan.FromMilliseconds(60)));
        var watch = Stopwatch.StartNew();
        var sends = new List<TimeSpan>();

        for (var i = 0; i < 3; i++)
        {
            await pacer.WaitTurnAsync(CancellationToken.None);
            sends.Add(watch.Elapsed);
        }

        var gaps = sends.Zip(sends.Skip(1), (a, b) => b - a).ToList();
        Assert.That(gaps, Is.All.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(90)),
            $"the send after the late one would arrive early: gaps {string.Join(", ", gaps.Select(g => g.TotalMilliseconds))} ms");
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

    /// <summary>Real time whose first timer fires late, as a busy machine's timers do now and then.</summary>
    private sealed class LateOnce(TimeSpan lateness) : TimeProvider
    {
        private int timers;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            System.CreateTimer(callback, state, Interlocked.Increment(ref timers) == 1 ? dueTime + lateness : dueTime, period);
    }
}
