using AuditOrchestrator.Engine.Clock;
using Hangfire;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AuditOrchestrator.Engine.Runtime;

/// <summary>
/// The one Hangfire job behind every timer: consumes every waiting timer that is due on the service clock, a batch per
/// statement, earliest first, <c>FOR UPDATE SKIP LOCKED</c> (two nodes sweeping at once take disjoint batches). It is
/// harmless twice, late or early: consuming is exactly-once, and what is not yet due is left alone. An alarm that ran
/// before its second (Hangfire's and this node's clocks differ) schedules itself again.
/// </summary>
// No retries: the next alarm or the backstop sweep does the same work.
[AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
public sealed class TimerSweepJob(TimerService timers, TimerAlarms alarms, ServiceClock serviceClock, ILogger<TimerSweepJob> logger)
{
    public const string BackstopJobId = "timers-backstop-sweep";
    // Large: with the run record linked set-based a batch's cost is mostly per statement and per commit, and every
    // commit competes with the executor resuming the batches before it (docs/benchmarks.md: 200 took 7.6 s for
    // 10,000 timers, 2,500 took 3.7 s). A signal for a wait in a batch waits for that commit, under a second.
    private const int Batch = 2500;

    /// <param name="alarmSecond">The real Unix second the alarm was set for; null for the backstop sweep.</param>
    public async Task SweepAsync(long? alarmSecond, CancellationToken ct)
    {
        var fired = 0;
        try
        {
            int taken;
            do
            {
                taken = await timers.FireDueAsync(Batch, ct);
                fired += taken;
            }
            while (taken == Batch);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
        {
            // A signal took the same wait in the other order: sweep again in a second.
            logger.LogInformation("Sweeping due timers conflicted ({State}); sweeping again shortly", e.SqlState);
            alarms.ScheduleAgain(serviceClock.Real.GetUtcNow().ToUnixTimeSeconds() + 1);
            return;
        }
        if (alarmSecond is { } second && serviceClock.Real.GetUtcNow() < DateTimeOffset.FromUnixTimeSeconds(second))
        {
            alarms.ScheduleAgain(second);
        }
        if (fired > 0)
        {
            logger.LogDebug("Swept {Count} due timers", fired);
        }
    }
}
