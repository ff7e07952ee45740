using System.Text.Json.Nodes;

namespace AuditOrchestrator.Engine.Runtime;

public sealed partial class InstanceStore
{
    /// <summary>The commit's first write, fenced by this node's lease and the revision it claimed.</summary>
    private const string FencedUpdate = $"""
        UPDATE workflow_instances
        SET status = @status, current_step = @step::text, step_count = @count, attempt = @attempt, variables = @variables,
            resume = @resume::jsonb, run_after = @runAfter::timestamptz, outcome = @outcome::text, incident = @incident::jsonb,
            lease_owner = CASE WHEN @keep THEN lease_owner END, lease_expires_at = CASE WHEN @keep THEN lease_expires_at END,
            revision = revision + 1, updated_at = @now,
            completed_at = CASE WHEN @status IN {InstanceStatusNames.FinishedSql} THEN @now ELSE completed_at END
        WHERE id = @id AND lease_owner = @node AND revision = @revision
        """;

    private static (string Name, object? Value)[] FencedUpdateParameters(InstanceState instance, string node, CommitPlan plan, DateTimeOffset now) =>
    [
        ("status", InstanceStatusNames.ToName(plan.Status)), ("step", plan.CurrentStep), ("count", instance.StepCount),
        ("attempt", instance.Attempt), ("variables", instance.Variables), ("runAfter", plan.RunAfter), ("outcome", plan.Outcome),
        ("incident", plan.Incident), ("now", now), ("id", instance.Id), ("node", node), ("revision", instance.Revision),
        ("keep", plan.KeepLease), ("resume", instance.Resume is { } resume ? ResumeJson.ToJson(resume) : null),
    ];

    /// <summary>
    /// Whether the commit writes only this instance's own rows: no signal bookmark (which must look for a signal that came
    /// early, under the key's lock), no child to start, no parent to join. Then it is one statement.
    /// </summary>
    private static bool InOneStatement(InstanceState instance, CommitPlan plan)
    {
        if (plan.Status.IsFinished() && instance.ParentId is not null)
        {
            return false;
        }
        return plan.Wait is null || (plan.Wait.Children.Count == 0 && plan.Wait.Bookmarks.All(b => b is BookmarkRequest.Timer));
    }

    /// <summary>
    /// The commit of <see cref="InOneStatement"/> plans as a single statement, its own transaction: one round trip instead
    /// of an update, an insert per kind of row and a COMMIT. Every insert reads the fenced update's row, so a lost lease
    /// writes nothing at all, as in the transaction of the general path.
    /// </summary>
    private async Task<CommitResult> CommitInOneStatementAsync(InstanceState instance, string node, CommitPlan plan, DateTimeOffset now, CancellationToken ct)
    {
        var journal = plan.Journal.ToList();
        var timers = new List<TimerBookmark>();
        var waitId = Guid.CreateVersion7(now);
        if (plan.Wait is { } wait)
        {
            foreach (var timer in wait.Bookmarks.Cast<BookmarkRequest.Timer>())
            {
                timers.Add(new TimerBookmark(Guid.CreateVersion7(now), instance.Id, timer.DueAt));
            }
            journal.Add(Waiting(wait));
        }
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = Sql.Command(connection, null, $"""
            WITH fenced AS (
                {FencedUpdate}
                RETURNING id
            ), effects AS (
                INSERT INTO workflow_effects (key, instance_id, result, recorded_at)
                SELECT e.key, fenced.id, e.result::jsonb, @now FROM fenced, unnest(@effectKeys::text[], @effectResults::text[]) AS e(key, result)
                ON CONFLICT (key) DO NOTHING
            ), timers AS (
                INSERT INTO workflow_bookmarks (id, instance_id, wait_id, step_id, kind, due_at, created_at)
                SELECT t.id, fenced.id, @waitId, @waitStep::text, 'timer', t.due, @now
                FROM fenced, unnest(@timerIds::uuid[], @timerDue::timestamptz[]) AS t(id, due)
            ), journal AS (
                INSERT INTO workflow_journal (instance_id, at, kind, step_id, actor, data)
                SELECT fenced.id, @now, j.kind, j.step, j.actor, j.data::jsonb
                FROM fenced, unnest(@kinds::text[], @steps::text[], @actors::text[], @data::text[]) WITH ORDINALITY AS j(kind, step, actor, data, n)
                ORDER BY j.n
            )
            SELECT count(*) FROM fenced
            """,
            [
                .. FencedUpdateParameters(instance, node, plan, now),
                ("effectKeys", plan.Effects.Select(e => e.Key).ToArray()),
                ("effectResults", plan.Effects.Select(e => new JsonObject { ["value"] = e.Result?.DeepClone() }.ToJsonString()).ToArray()),
                ("waitId", waitId), ("waitStep", plan.Wait?.StepId),
                ("timerIds", timers.Select(t => t.BookmarkId).ToArray()), ("timerDue", timers.Select(t => t.DueAt.ToUniversalTime()).ToArray()),
                ("kinds", journal.Select(j => j.Kind).ToArray()), ("steps", journal.Select(j => j.StepId).ToArray()),
                ("actors", journal.Select(j => j.Actor).ToArray()), ("data", journal.Select(j => j.Data?.ToJsonString()).ToArray()),
            ]);
        if ((long)(await command.ExecuteScalarAsync(ct))! == 0)
        {
            // Another node took the instance over after our lease expired: its run wins, ours leaves no trace.
            return CommitResult.LostLease;
        }
        return new CommitResult(true, timers, false, []);
    }
}
