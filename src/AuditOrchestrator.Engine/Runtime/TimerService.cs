using System.Text.Json.Nodes;
using System.Threading.Channels;
using AuditOrchestrator.Engine.Telemetry;
using Npgsql;
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
    public async Task<bool> FireAsync(Guid bookmarkId, string firedBy, CancellationToken ct, bool early = false, string? actor = null) =>
        await FireManyAsync([bookmarkId], firedBy, ct, early, actor) == 1;

    /// <summary>
    /// Consumes many due timers in one transaction: one commit (one fsync) for the batch instead of one per timer.
    /// Bookmarks are taken in id order so that two nodes' batches lock in the same order.
    /// </summary>
    public async Task<int> FireManyAsync(IReadOnlyCollection<Guid> bookmarkIds, string firedBy, CancellationToken ct, bool early = false, string? actor = null)
    {
        var now = store.Now;
        await using var connection = await store.DataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var lateness = await ConsumeAsync(connection, transaction, bookmarkIds.Order(), firedBy, early, actor, now, ct);
        await transaction.CommitAsync(ct);
        Fired(lateness, firedBy, early);
        return lateness.Count;
    }

    /// <summary>
    /// Consumes up to <paramref name="limit"/> waiting timers that are due now, earliest first, whether or not their
    /// Quartz trigger has fired yet: when many timers fall due together, Quartz fires them one trigger at a time, but
    /// the bookmarks can be consumed a batch per statement. Timers another node is consuming are skipped. Returns how
    /// many were taken.
    /// </summary>
    /// <remarks>
    /// One statement does per batch what <see cref="InstanceStore.ConsumeAsync"/> does per bookmark: holding the timer
    /// row's lock excludes every other consumer of its wait (they lock all of a wait's rows), so the wait's other
    /// bookmarks are cancelled, the instance made runnable and the resume journalled without looking first. A wait has
    /// at most one timer (<see cref="ActivityResult.Suspended"/>), so no two rows of a batch resume the same wait.
    /// </remarks>
    public async Task<int> FireDueAsync(int limit, CancellationToken ct)
    {
        var now = store.Now;
        await using var connection = await store.DataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var lateness = new List<double>(limit);
        await using (var command = Sql.Command(connection, transaction, """
            WITH due AS (
                SELECT id, wait_id, instance_id, step_id, due_at FROM workflow_bookmarks
                WHERE kind = 'timer' AND consumed_at IS NULL AND due_at <= @now
                ORDER BY due_at, id LIMIT @limit FOR UPDATE SKIP LOCKED
            ), consumed AS (
                UPDATE workflow_bookmarks b SET consumed_at = @now,
                       consumed_by = CASE WHEN b.id = due.id THEN 'timer' ELSE 'cancelled:timer' END
                FROM due WHERE b.wait_id = due.wait_id AND b.consumed_at IS NULL
            ), resumed AS (
                UPDATE workflow_instances i SET status = 'running', run_after = @now, updated_at = @now, revision = i.revision + 1,
                       resume = jsonb_build_object('kind', 'timer', 'bookmarkId', due.id::text, 'signal', NULL, 'actor', NULL, 'traceParent', NULL,
                                                   'payload', jsonb_build_object('dueAt', due.due_at, 'early', false))
                FROM due WHERE i.id = due.instance_id
            ), journalled AS (
                INSERT INTO workflow_journal (instance_id, at, kind, step_id, actor, data)
                SELECT instance_id, @now, 'resumed', step_id, NULL, '{"by": "timer", "kind": "timer"}'::jsonb FROM due
            )
            SELECT due_at FROM due
            """, ("now", now), ("limit", limit)))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                lateness.Add(Math.Max(0, (now - reader.GetFieldValue<DateTimeOffset>(0)).TotalSeconds));
            }
        }
        await transaction.CommitAsync(ct);
        Fired(lateness, "timer", early: false);
        return lateness.Count;
    }

    /// <summary>Consumes each timer still waiting (and due, unless early); returns how late each consumed one was.</summary>
    private static async Task<List<double>> ConsumeAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<Guid> bookmarkIds, string firedBy, bool early, string? actor,
        DateTimeOffset now, CancellationToken ct)
    {
        var lateness = new List<double>();
        foreach (var bookmarkId in bookmarkIds)
        {
            DateTimeOffset? dueAt = null;
            if (await InstanceStore.ConsumeAsync(connection, transaction, bookmarkId, firedBy,
                    row =>
                    {
                        dueAt = row.DueAt;
                        return new ResumeInfo(ResumeInfo.TimerKind, row.Id, null, new JsonObject { ["dueAt"] = row.DueAt, ["early"] = early }, actor);
                    },
                    now, null, ct,
                    stillApplies: row => row.Kind == "timer" && (early || row.DueAt <= now + DueTolerance)))
            {
                lateness.Add(dueAt is { } due ? Math.Max(0, (now - due).TotalSeconds) : 0);
            }
        }
        return lateness;
    }

    // Called after the commit: a rolled-back batch fired nothing.
    private void Fired(List<double> lateness, string firedBy, bool early)
    {
        if (lateness.Count == 0)
        {
            return;
        }
        wakeUp.Wake();
        var tags = OrchestratorTelemetry.Tags("fired_by", firedBy);
        foreach (var seconds in lateness)
        {
            OrchestratorTelemetry.TimersFired.Add(1, tags);
            if (!early)
            {
                OrchestratorTelemetry.TimerLateness.Record(seconds, tags);
            }
        }
    }
}

/// <summary>
/// Timers fired by Quartz on this node, consumed in batches. The fired job only queues its bookmark and returns, so
/// Quartz's threads stay free; a node that dies with bookmarks still queued leaves them waiting and overdue, and the
/// <see cref="TimerReconciler"/> fires them: late, never lost.
/// </summary>
public sealed class TimerFireQueue(TimerService timers, ILogger<TimerFireQueue> logger) : BackgroundService
{
    private const int MaxBatch = 200;
    private readonly Channel<Guid> _queue = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(Guid bookmark) => _queue.Writer.TryWrite(bookmark);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Guid>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var bookmark))
                {
                    batch.Add(bookmark);
                }
                await FireAsync(batch, stoppingToken);
                batch.Clear();
                await FireTheOtherDueTimersAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: queued timers stay waiting and overdue; the reconciler fires them.
        }
    }

    /// <summary>
    /// A fired trigger means timers are falling due: the ones due with it are consumed now, set-based, rather than as
    /// Quartz gets round to their triggers (which then find them consumed and do nothing).
    /// </summary>
    private async Task FireTheOtherDueTimersAsync(CancellationToken ct)
    {
        try
        {
            while (await timers.FireDueAsync(MaxBatch, ct) == MaxBatch)
            {
            }
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
        {
            // A signal took the same wait in the other order: their triggers (or the reconciler) fire the rest.
            logger.LogInformation("Sweeping due timers conflicted ({State}); leaving them to their triggers", e.SqlState);
        }
    }

    private async Task FireAsync(List<Guid> batch, CancellationToken ct)
    {
        try
        {
            await timers.FireManyAsync(batch, "timer", ct);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
        {
            // Another batch or a signal locked the same waits in another order: fire these one by one.
            logger.LogInformation("Timer batch of {Count} conflicted ({State}); firing one by one", batch.Count, e.SqlState);
            foreach (var bookmark in batch)
            {
                await timers.FireAsync(bookmark, "timer", ct);
            }
        }
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
        // The first pass runs at start: timers that came due while no node ran (an upgrade, an outage) fire now, and
        // waiting ones whose trigger is missing (rows written by an older release, say) get it now.
        do
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
        while (await ticks.WaitForNextTickAsync(stoppingToken));
    }

    public async Task ReconcileAsync(CancellationToken ct)
    {
        var now = store.Now;
        var waiting = await store.WaitingTimersAsync(options.Value.BatchSize, ct);
        // Quartz should have fired these; firing here is safe because consuming is exactly-once.
        foreach (var overdue in waiting.Where(t => t.DueAt <= now).Select(t => t.BookmarkId).Chunk(200))
        {
            await timers.FireManyAsync(overdue, "timer:reconciler", ct);
        }
        var missing = new List<TimerBookmark>();
        foreach (var timer in waiting.Where(t => t.DueAt > now))
        {
            if (!await scheduler.ExistsAsync(timer.BookmarkId, ct))
            {
                missing.Add(timer);
            }
        }
        await scheduler.ScheduleAsync(missing, ct);
    }
}
