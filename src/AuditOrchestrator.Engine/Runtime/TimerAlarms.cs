using System.Collections.Concurrent;
using AuditOrchestrator.Engine.Clock;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace AuditOrchestrator.Engine.Runtime;

/// <summary>
/// Hangfire is the alarm clock of timers, never their truth: after a commit that created timers, one delayed
/// <see cref="TimerSweepJob"/> is scheduled per real second in which any of them falls due (coalesced on this node), and
/// that job sweeps every due timer, set-based. A job that is never scheduled (the node died after its commit) only
/// makes its timers wait for the recurring backstop sweep.
/// </summary>
public sealed class TimerAlarms(IBackgroundJobClient jobs, TimeProvider clock, ServiceClock serviceClock, ILogger<TimerAlarms> logger)
{
    // Seconds (Unix, real time) this node has already scheduled an alarm for; pruned once past.
    private readonly ConcurrentDictionary<long, byte> _scheduled = new();

    /// <summary>
    /// The real second at which a timer due at <paramref name="dueAt"/> on the service clock is due: Hangfire knows only
    /// real time, so on a sped-up clock the lead is divided by the speed. Rounded up, because Hangfire scores delayed
    /// jobs in whole seconds and would otherwise move one up to a second early.
    /// </summary>
    public long RealSecondOf(DateTimeOffset dueAt)
    {
        var lead = dueAt - clock.GetUtcNow();
        var real = serviceClock.Real.GetUtcNow() + (lead > TimeSpan.Zero ? serviceClock.ToReal(lead) : TimeSpan.Zero);
        var seconds = real.ToUnixTimeSeconds();
        return real > DateTimeOffset.FromUnixTimeSeconds(seconds) ? seconds + 1 : seconds;
    }

    /// <summary>Schedules one alarm per distinct real second among the due times not yet scheduled here. Returns how many.</summary>
    public int Schedule(IEnumerable<DateTimeOffset> dueTimes)
    {
        var now = serviceClock.Real.GetUtcNow().ToUnixTimeSeconds();
        foreach (var past in _scheduled.Keys.Where(s => s < now))
        {
            _scheduled.TryRemove(past, out _);
        }
        var created = 0;
        foreach (var second in dueTimes.Select(RealSecondOf).Distinct())
        {
            if (!_scheduled.TryAdd(second, 0))
            {
                continue;
            }
            if (TrySchedule(second))
            {
                created++;
            }
            else
            {
                _scheduled.TryRemove(second, out _);
            }
        }
        return created;
    }

    /// <summary>Schedules an alarm for this second even if one was: the one that ran came too early.</summary>
    public bool ScheduleAgain(long second) => TrySchedule(Math.Max(second, serviceClock.Real.GetUtcNow().ToUnixTimeSeconds() + 1));

    private bool TrySchedule(long second)
    {
        try
        {
            jobs.Schedule<TimerSweepJob>(job => job.SweepAsync(second, CancellationToken.None), DateTimeOffset.FromUnixTimeSeconds(second));
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The backstop sweep fires these timers: late by at most its interval, never lost.
            logger.LogWarning(e, "Could not schedule the timer alarm at {Second}", DateTimeOffset.FromUnixTimeSeconds(second));
            return false;
        }
    }
}
