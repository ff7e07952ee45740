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

    /// <summary>
    /// Creates the triggers of many timers in one Quartz transaction (one trigger per transaction tops out at a few
    /// hundred a second, and every one takes Quartz's cluster-wide TRIGGER_ACCESS lock). Replace makes a repeat harmless.
    /// </summary>
    public async Task ScheduleAsync(IReadOnlyCollection<TimerBookmark> timers, CancellationToken ct)
    {
        if (timers.Count == 0)
        {
            return;
        }
        try
        {
            var scheduler = await schedulers.GetScheduler(ct);
            var job = JobBuilder.Create<TimerFiredJob>().WithIdentity(JobKey).StoreDurably().Build();
            await scheduler.ScheduleJobs(
                new Dictionary<IJobDetail, IReadOnlyCollection<ITrigger>> { [job] = [.. timers.Select(Trigger)] },
                new ScheduleJobOptions { Replace = true }, ct);
        }
        catch (SchedulerException e)
        {
            // The reconciler schedules them later (or fires them once overdue): a delay, never a loss.
            logger.LogWarning(e, "Could not schedule the triggers of {Count} timers", timers.Count);
        }
    }

    /// <summary>
    /// Creates the triggers in the caller's transaction and commits it: both or neither exist. Quartz holds its
    /// TRIGGER_ACCESS lock until the commit, so this serialises timer-creating commits across the cluster.
    /// </summary>
    internal async Task ScheduleEnlistedAsync(Npgsql.NpgsqlTransaction transaction, IReadOnlyList<TimerBookmark> timers, Func<Task> commit)
    {
        var scheduler = await schedulers.GetScheduler();
        using (scheduler.EnlistTransaction(transaction))
        {
            foreach (var timer in timers)
            {
                await scheduler.ScheduleTrigger(Trigger(timer), TriggerConflict.Keep);
            }
            await commit();
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

/// <summary>The fired job stays tiny: it hands the bookmark to this node's <see cref="TimerFireQueue"/>.</summary>
public sealed class TimerFiredJob(TimerFireQueue queue) : IJob
{
    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        queue.Enqueue(Guid.Parse(context.MergedJobDataMap.GetString(TimerScheduler.BookmarkKey)!));
        return ValueTask.CompletedTask;
    }
}
