using System.Text.Json.Nodes;
using Npgsql;

namespace AuditOrchestrator.Engine.Runtime;

public sealed partial class InstanceStore
{
    /// <summary>
    /// Writes the outcome of a run: state, journal, effects, bookmarks and children, in one transaction, fenced by this
    /// node's lease and the revision it claimed. False when the lease was lost (another node owns the instance now).
    /// What resumed the current step stays on the row until that step completes or waits again: a retry after a
    /// failure, an operator's retry of a fault and a node taking over all see the answer that woke it.
    /// </summary>
    internal async Task<CommitResult> CommitAsync(
        InstanceState instance, string node, CommitPlan plan, CancellationToken ct)
    {
        var now = Now;
        if (InOneStatement(instance, plan))
        {
            return await CommitInOneStatementAsync(instance, node, plan, now, ct);
        }
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        await using var update = Sql.Command(connection, transaction, FencedUpdate, FencedUpdateParameters(instance, node, plan, now));
        var updated = await update.ExecuteNonQueryAsync(ct);
        if (updated == 0)
        {
            // Another node took the instance over after our lease expired: its run wins, ours leaves no trace.
            return CommitResult.LostLease;
        }

        await InsertEffectsAsync(connection, transaction, instance.Id, plan.Effects, now, ct);
        var journal = plan.Journal.ToList();
        var timers = new List<TimerBookmark>();
        var runsAgain = false;
        if (plan.Wait is { } wait)
        {
            runsAgain = await CreateWaitAsync(connection, transaction, instance.Id, wait, now, timers, journal, ct);
        }
        if (plan.Status.IsFinished() && instance.ParentId is { } parent)
        {
            await JoinParentAsync(connection, transaction, parent, now, ct);
        }
        await InsertJournalAsync(connection, transaction, instance.Id, now, journal, ct);
        var pendingTimers = runsAgain ? [] : timers;
        await transaction.CommitAsync(ct);
        return new CommitResult(true, pendingTimers, runsAgain, [.. plan.Wait?.Children.Select(c => c.Id) ?? []]);
    }

    private static async Task InsertEffectsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid instanceId, IReadOnlyList<PendingEffect> effects, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var effect in effects)
        {
            await Sql.ExecuteAsync(connection, transaction,
                "INSERT INTO workflow_effects (key, instance_id, result, recorded_at) VALUES (@key, @instance, @result, @now) ON CONFLICT (key) DO NOTHING",
                ct, ("key", effect.Key), ("instance", instanceId), ("result", new JsonObject { ["value"] = effect.Result?.DeepClone() }), ("now", now));
        }
    }

    /// <summary>
    /// Creates the bookmarks of a wait. A signal that arrived before its bookmark (kept pending in the inbox) is taken
    /// at once, under the same per-key lock the signal side takes, so neither can miss the other. Returns true when the
    /// wait is already over and the instance runs again.
    /// </summary>
    private static async Task<bool> CreateWaitAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid instanceId, WaitPlan wait, DateTimeOffset now,
        List<TimerBookmark> timers, List<JournalEntry> journal, CancellationToken ct)
    {
        var waitId = Guid.CreateVersion7(now);
        // Children start with the wait even when a signal that came early ends it at once: a step that starts items
        // while it listens for more (the token review) must never lose the items of this visit.
        await InsertInstancesAsync(connection, transaction, wait.Children, now, actor: null, ct);
        foreach (var signal in wait.Bookmarks.OfType<BookmarkRequest.Signal>())
        {
            await Sql.LockSignalKeyAsync(connection, transaction, signal.Name, signal.CorrelationKey, ct);
            var pending = await TakePendingSignalAsync(connection, transaction, signal, instanceId, now, ct);
            if (pending is not null)
            {
                var bookmarkId = await InsertBookmarkAsync(connection, transaction, instanceId, waitId, wait.StepId, signal, now, consumedBy: $"signal:{pending.Value.InboxId}", ct);
                var resume = new ResumeInfo(ResumeInfo.SignalKind, bookmarkId, signal.Name, pending.Value.Payload, pending.Value.Actor, pending.Value.TraceParent);
                await SetRunnableAsync(connection, transaction, instanceId, resume, now, ct);
                journal.Add(new JournalEntry("signal-received", wait.StepId, pending.Value.Actor,
                    new JsonObject { ["signal"] = signal.Name, ["key"] = signal.CorrelationKey, ["inbox"] = pending.Value.InboxId.ToString(), ["early"] = true }));
                return true;
            }
        }

        foreach (var request in wait.Bookmarks)
        {
            var bookmarkId = await InsertBookmarkAsync(connection, transaction, instanceId, waitId, wait.StepId, request, now, consumedBy: null, ct);
            if (request is BookmarkRequest.Timer timer)
            {
                timers.Add(new TimerBookmark(bookmarkId, instanceId, timer.DueAt));
            }
        }
        journal.Add(Waiting(wait));

        if (wait.Bookmarks.OfType<BookmarkRequest.Children>().Any() && wait.Children.Count == 0)
        {
            // Fanning out over no items: the join is immediately complete.
            await JoinParentAsync(connection, transaction, instanceId, now, ct, parentIsWriting: true);
            return true;
        }
        return false;
    }

    private static async Task<Guid> InsertBookmarkAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid instanceId, Guid waitId, string stepId, BookmarkRequest request,
        DateTimeOffset now, string? consumedBy, CancellationToken ct)
    {
        var id = Guid.CreateVersion7(now);
        var (kind, name, key, due) = request switch
        {
            BookmarkRequest.Timer t => ("timer", null, null, (DateTimeOffset?)t.DueAt),
            BookmarkRequest.Signal s => ("signal", s.Name, s.CorrelationKey, null),
            BookmarkRequest.Children => ("children", (string?)null, (string?)null, (DateTimeOffset?)null),
            _ => throw new InvalidOperationException($"Unknown bookmark request {request}."),
        };
        await Sql.ExecuteAsync(connection, transaction, """
            INSERT INTO workflow_bookmarks (id, instance_id, wait_id, step_id, kind, signal_name, correlation_key, due_at, created_at, consumed_at, consumed_by)
            VALUES (@id, @instance, @wait, @step, @kind, @name::text, @key::text, @due::timestamptz, @now,
                    CASE WHEN @by::text IS NULL THEN NULL ELSE @now END, @by::text)
            """, ct,
            ("id", id), ("instance", instanceId), ("wait", waitId), ("step", stepId), ("kind", kind), ("name", name), ("key", key),
            ("due", due), ("now", now), ("by", consumedBy));
        return id;
    }

    private static JournalEntry Waiting(WaitPlan wait) => new("waiting", wait.StepId, null, new JsonObject
    {
        ["bookmarks"] = new JsonArray([.. wait.Bookmarks.Select(Describe)]),
    });

    private static JsonObject Describe(BookmarkRequest request) => request switch
    {
        BookmarkRequest.Timer t => new JsonObject { ["kind"] = "timer", ["dueAt"] = t.DueAt },
        BookmarkRequest.Signal s => new JsonObject { ["kind"] = "signal", ["signal"] = s.Name, ["key"] = s.CorrelationKey },
        BookmarkRequest.Children c => new JsonObject { ["kind"] = "children", ["definition"] = c.DefinitionId, ["count"] = c.ChildVariables.Count },
        _ => [],
    };

    internal static async Task SetRunnableAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid instanceId, ResumeInfo resume, DateTimeOffset now, CancellationToken ct) =>
        await Sql.ExecuteAsync(connection, transaction, $"""
            UPDATE workflow_instances SET status = '{InstanceStatusNames.Running}', resume = @resume, run_after = @now, updated_at = @now, revision = revision + 1
            WHERE id = @id
            """, ct, ("resume", ResumeJson.ToJson(resume)), ("now", now), ("id", instanceId));
}
