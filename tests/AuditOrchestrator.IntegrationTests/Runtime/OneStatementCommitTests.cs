using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.IntegrationTests.Runtime;

/// <summary>
/// A commit that writes only the instance's own rows (state, journal, effect, timer bookmark) is one statement: fenced
/// by the lease and revision like the transaction of the general path, so a node that lost its lease writes nothing.
/// </summary>
public sealed class OneStatementCommitTests
{
    [Test]
    public async Task TimerWaitCommittedByANodeThatLostItsLease_WritesNothing_WhileTheHolderCommitsEveryRow()
    {
        await using var host = await RuntimeHost.StartAsync();
        var store = host.Service.Services.GetRequiredService<InstanceStore>();
        var id = Guid.NewGuid();
        // Held by another node for an hour at revision 7, so this host's executor never claims it.
        await host.Database.ScalarAsync<object>($$"""
            INSERT INTO workflow_instances (id, definition_id, definition_version, status, current_step, variables, run_after,
                                            created_at, updated_at, lease_owner, lease_expires_at, revision)
            VALUES ('{{id}}', 'short-wait', 1, 'running', 'wait', '{}', now(), now(), now(), 'holder', now() + interval '1 hour', 7)
            """);

        var stale = await store.CommitAsync(State(id, revision: 6), "holder", Plan(), CancellationToken.None);
        var stranger = await store.CommitAsync(State(id, revision: 7), "stranger", Plan(), CancellationToken.None);

        Assert.That(stale.Committed, Is.False, "an older revision is fenced off");
        Assert.That(stranger.Committed, Is.False, "another node's lease is fenced off");
        Assert.That(await RowsOfAsync(host, id), Is.EqualTo((0L, 0L, 0L)), "no bookmark, journal entry or effect");
        Assert.That(await host.Database.ScalarAsync<string>($"SELECT status FROM workflow_instances WHERE id = '{id}'"), Is.EqualTo("running"));

        var holder = await store.CommitAsync(State(id, revision: 7), "holder", Plan(), CancellationToken.None);

        Assert.That(holder.Committed, Is.True);
        Assert.That(holder.Timers, Has.Count.EqualTo(1), "the new timer is handed on for its alarm");
        Assert.That(await RowsOfAsync(host, id), Is.EqualTo((1L, 2L, 1L)));
        Assert.That(await host.Database.ScalarAsync<string>($"SELECT string_agg(kind, ',' ORDER BY id) FROM workflow_journal WHERE instance_id = '{id}'"),
            Is.EqualTo("noted,waiting"), "journal entries keep their order");
        Assert.That(await host.Database.ScalarAsync<string>(
                $"SELECT status || ':' || revision || ':' || (lease_owner IS NULL) FROM workflow_instances WHERE id = '{id}'"),
            Is.EqualTo("waiting:8:true"));
        Assert.That(await host.Database.ScalarAsync<long>(
                $"SELECT count(*) FROM workflow_bookmarks WHERE instance_id = '{id}' AND id = '{holder.Timers[0].BookmarkId}' AND consumed_at IS NULL"),
            Is.EqualTo(1));
    }

    private static InstanceState State(Guid id, long revision) => new()
    {
        Id = id, DefinitionId = "short-wait", DefinitionVersion = 1, Status = InstanceStatus.Running, CurrentStep = "wait",
        StepCount = 0, Attempt = 0, Variables = [], Resume = null, ParentId = null, CorrelationKey = null, Revision = revision,
    };

    private static CommitPlan Plan() => new(
        InstanceStatus.Waiting, "wait", null, null, null,
        [new JournalEntry("noted", "wait", null, new JsonObject { ["by"] = "test" })],
        [new PendingEffect($"effect:{Guid.NewGuid()}", new JsonObject { ["done"] = true })],
        new WaitPlan("wait", [new BookmarkRequest.Timer(DateTimeOffset.UtcNow.AddDays(3))], []));

    private static async Task<(long Bookmarks, long Journal, long Effects)> RowsOfAsync(RuntimeHost host, Guid id) => (
        await host.Database.ScalarAsync<long>($"SELECT count(*) FROM workflow_bookmarks WHERE instance_id = '{id}'"),
        await host.Database.ScalarAsync<long>($"SELECT count(*) FROM workflow_journal WHERE instance_id = '{id}'"),
        await host.Database.ScalarAsync<long>($"SELECT count(*) FROM workflow_effects WHERE instance_id = '{id}'"));
}
