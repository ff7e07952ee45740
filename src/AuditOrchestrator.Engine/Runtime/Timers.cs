using Microsoft.Extensions.Logging;
using Quartz;

namespace AuditOrchestrator.Engine.Runtime;

/// <summary>
/// One Quartz trigger per timer bookmark, keyed by the bookmark id, scheduled right after the instance's commit.
/// The bookmark row is the truth: the fired job only consumes a bookmark that is still waiting and due, and the
/// <see cref="TimerReconciler"/> covers a trigger that was never created or got lost.
/// </summary>
public sealed class TimerScheduler(ISchedulerFactory schedulers, ILogger<TimerScheduler> logger)
{
    public static readonly JobKey JobKey = new("timer-fired", "runtime");
    public const string TriggerGroup = "timers";
    public const string BookmarkKey = "bookmark";

    public async Task ScheduleAsync(IReadOnlyCollection<TimerBookmark> timers, CancellationToken ct)
    {
        if (timers.Count == 0)
        {
            return;
        }
        var scheduler = await schedulers.GetScheduler(ct);
        foreach (var timer in timers)
        {
            try
            {
                // Keep: a retried commit or the reconciler may schedule the same bookmark twice; one trigger stays.
                await scheduler.ScheduleTrigger(Trigger(timer), TriggerConflict.Keep, ct);
            }
            catch (SchedulerException e)
            {
                // The reconciler schedules it later (or fires it once overdue): a delay, never a loss.
                logger.LogWarning(e, "Could not schedule the trigger of timer {Bookmark}", timer.BookmarkId);
            }
        }
    }

    public async Task RescheduleAsync(TimerBookmark timer, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        await scheduler.ScheduleTrigger(Trigger(timer), TriggerConflict.Replace, ct);
    }

    public async Task UnscheduleAsync(IEnumerable<Guid> bookmarks, CancellationToken ct)
    {
        var keys = bookmarks.Select(b => new TriggerKey(b.ToString(), TriggerGroup)).ToList();
        if (keys.Count > 0)
        {
            var scheduler = await schedulers.GetScheduler(ct);
            await scheduler.UnscheduleJobs(keys, ct);
        }
    }

    public async Task<bool> ExistsAsync(Guid bookmark, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        return await scheduler.Exists(new TriggerKey(bookmark.ToString(), TriggerGroup), ct);
    }

    private static ITrigger Trigger(TimerBookmark timer) => TriggerBuilder.Create()
        .WithIdentity(timer.BookmarkId.ToString(), TriggerGroup)
        .ForJob(JobKey)
        .UsingJobData(BookmarkKey, timer.BookmarkId.ToString())
        .StartAt(timer.DueAt)
        .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
        .Build();
}

/// <summary>The fired job stays tiny: consume the bookmark and let the executor do the work.</summary>
public sealed class TimerFiredJob(TimerService timers) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var bookmark = Guid.Parse(context.MergedJobDataMap.GetString(TimerScheduler.BookmarkKey)!);
        await timers.FireAsync(bookmark, "timer", cancellationToken);
    }
}
