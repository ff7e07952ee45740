using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Engine.Runtime;

/// <summary>Fires timer bookmarks: from Quartz, from the reconciler, or early by an operator's skip-wait.</summary>
public sealed class TimerService(InstanceStore store, ExecutorWakeUp wakeUp)
{
    // Quartz and the bookmark read the same clock; the tolerance only absorbs rounding of stored times.
    private static readonly TimeSpan DueTolerance = TimeSpan.FromSeconds(1);

    /// <summary>Consumes the timer bookmark if it is still waiting and due. False when it was consumed, cancelled or moved later.</summary>
    public async Task<bool> FireAsync(Guid bookmarkId, string firedBy, CancellationToken ct, bool early = false, string? actor = null)
    {
        var now = store.Now;
        await using var connection = await store.DataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var fired = await InstanceStore.ConsumeAsync(connection, transaction, bookmarkId, firedBy,
            row => new ResumeInfo(ResumeInfo.TimerKind, row.Id, null, new JsonObject { ["dueAt"] = row.DueAt, ["early"] = early }, actor),
            now, null, ct,
            stillApplies: row => row.Kind == "timer" && (early || row.DueAt <= now + DueTolerance));
        await transaction.CommitAsync(ct);
        if (fired)
        {
            wakeUp.Wake();
        }
        return fired;
    }
}

public sealed class TimerReconcilerOptions
{
    /// <summary>Real time between passes.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many bookmarks one pass looks at.</summary>
    public int BatchSize { get; set; } = 500;
}

/// <summary>
/// Repairs what scheduling after commit can miss: a node that died between its commit and creating the trigger, or a
/// trigger lost otherwise. Overdue waiting timers are fired directly; waiting ones without a trigger get one. It
/// filters on the bookmarks' own state, never on Quartz's alone (a fired one-shot trigger no longer exists).
/// </summary>
public sealed class TimerReconciler(
    InstanceStore store, TimerService timers, TimerScheduler scheduler, IOptions<TimerReconcilerOptions> options, ILogger<TimerReconciler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var ticks = new PeriodicTimer(options.Value.Interval, TimeProvider.System);
        while (await ticks.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ReconcileAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Timer reconciliation failed; retrying at the next pass");
            }
        }
    }

    public async Task ReconcileAsync(CancellationToken ct)
    {
        var now = store.Now;
        var waiting = await store.WaitingTimersAsync(options.Value.BatchSize, ct);
        var missing = new List<TimerBookmark>();
        foreach (var timer in waiting)
        {
            if (timer.DueAt <= now)
            {
                // Quartz should have fired it; firing here is safe because consuming is exactly-once.
                await timers.FireAsync(timer.BookmarkId, "timer:reconciler", ct);
            }
            else if (!await scheduler.ExistsAsync(timer.BookmarkId, ct))
            {
                missing.Add(timer);
            }
        }
        await scheduler.ScheduleAsync(missing, ct);
    }
}
