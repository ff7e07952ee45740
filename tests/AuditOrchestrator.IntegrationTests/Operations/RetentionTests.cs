using AuditOrchestrator.Api.Operations;
using AuditOrchestrator.Engine.Evidence;
using AuditOrchestrator.Engine.Persistence;
using AuditOrchestrator.IntegrationTests.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AuditOrchestrator.IntegrationTests.Operations;

/// <summary>Retention__Journal and Retention__Inbox against real PostgreSQL rows of every kind of instance.</summary>
public sealed class RetentionTests
{
    private RuntimeHost _host = null!;

    [SetUp]
    public async Task StartAsync() => _host = await RuntimeHost.StartAsync(new Dictionary<string, string?>
    {
        ["Retention:Journal"] = "730.00:00:00",
        ["Retention:Inbox"] = "30.00:00:00",
    });

    [TearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    private RetentionPurge Purge => _host.Service.Services.GetRequiredService<RetentionPurge>();

    private RunRecord Record => _host.Service.Services.GetRequiredService<RunRecord>();

    [Test]
    public async Task Purge_RemovesTheWorkingRowsOfRunsFinishedLongAgo_AndKeepsTheirVerifiableRecord()
    {
        var root = await InstanceAsync("completed", daysAgo: 800);
        var child = await InstanceAsync("completed", daysAgo: 801, parent: root);
        await HistoryAsync(root, consumedBookmark: true);
        await HistoryAsync(child, consumedBookmark: true);
        var recent = await InstanceAsync("cancelled", daysAgo: 10);
        await HistoryAsync(recent, consumedBookmark: true);

        var result = await Purge.PurgeAsync(batchSize: 1, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(result.Bookmarks + result.Effects, Is.EqualTo(4), "a bookmark and an effect each for the old run and its child");
            Assert.That(await CountAsync("workflow_journal", root) + await CountAsync("workflow_journal", child), Is.EqualTo(4), "the record stays");
            Assert.That((await Record.ReadAsync(root, CancellationToken.None)).Verify().Intact, Is.True);
            Assert.That(await CountAsync("workflow_bookmarks", root) + await CountAsync("workflow_effects", child), Is.Zero);
            Assert.That(await CountAsync("workflow_instances", root, "id"), Is.EqualTo(1), "the run stays listed");
            Assert.That(await CountAsync("workflow_journal", recent), Is.EqualTo(2), "a run finished 10 days ago keeps its journal");
            Assert.That(await CountAsync("workflow_effects", recent), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Purge_NeverTouchesWhatALiveInstanceNeeds()
    {
        var waiting = await InstanceAsync("waiting", daysAgo: null, createdDaysAgo: 900);
        await HistoryAsync(waiting, consumedBookmark: true);
        await BookmarkAsync(waiting, consumed: false);
        var parent = await InstanceAsync("waiting", daysAgo: null, createdDaysAgo: 900);
        var finishedChild = await InstanceAsync("completed", daysAgo: 800, parent: parent);
        await HistoryAsync(finishedChild, consumedBookmark: true);
        var cancelledRoot = await InstanceAsync("cancelled", daysAgo: 800);
        var liveUnderCancelled = await InstanceAsync("waiting", daysAgo: null, parent: cancelledRoot, createdDaysAgo: 800);
        await HistoryAsync(cancelledRoot, consumedBookmark: false);
        await HistoryAsync(liveUnderCancelled, consumedBookmark: false);
        var faulted = await InstanceAsync("faulted", daysAgo: null, createdDaysAgo: 900);
        await HistoryAsync(faulted, consumedBookmark: false);

        var result = await Purge.PurgeAsync(batchSize: 100, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(result.Bookmarks + result.Effects + result.TakenSignals, Is.Zero);
            Assert.That(await CountAsync("workflow_journal", waiting), Is.EqualTo(2));
            Assert.That(await CountAsync("workflow_bookmarks", waiting), Is.EqualTo(2), "its consumed and its waiting bookmark");
            Assert.That(await CountAsync("workflow_effects", waiting), Is.EqualTo(1));
            Assert.That(await CountAsync("workflow_journal", finishedChild), Is.EqualTo(2), "a finished child of a live parent keeps its journal");
            Assert.That(await CountAsync("workflow_journal", cancelledRoot), Is.EqualTo(2), "a tree with a live instance is kept whole");
            Assert.That(await CountAsync("workflow_journal", faulted), Is.EqualTo(2), "faulted is not finished: an operator may retry it");
        });
    }

    [Test]
    public async Task Purge_RemovesConsumedInboxRowsPastRetention_AndPendingOnesPastTheirs()
    {
        await InboxAsync("old-consumed", receivedDaysAgo: 41, consumedDaysAgo: 40);
        await InboxAsync("recent-consumed", receivedDaysAgo: 6, consumedDaysAgo: 5);
        await InboxAsync("old-pending", receivedDaysAgo: 8, consumedDaysAgo: null);
        await InboxAsync("recent-pending", receivedDaysAgo: 6, consumedDaysAgo: null);

        var result = await Purge.PurgeAsync(batchSize: 100, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(result.InboxRows, Is.EqualTo(1));
            Assert.That(result.ExpiredSignals, Is.EqualTo(1), "pending past Retention__PendingSignals (7 days); its key is no run's");
            Assert.That(await _host.Database.ScalarAsync<string>("SELECT string_agg(delivery_key, ',' ORDER BY delivery_key) FROM workflow_inbox"),
                Is.EqualTo("recent-consumed,recent-pending"));
        });
    }

    [Test]
    public async Task Purge_WhileAnotherNodeHoldsTheLock_SkipsAndDeletesNothing()
    {
        var root = await InstanceAsync("completed", daysAgo: 800);
        await HistoryAsync(root, consumedBookmark: true);
        await using var other = new NpgsqlConnection(_host.Database.ConnectionString);
        await other.OpenAsync();
        await AdvisoryLock.TakeAsync(other, AdvisoryLocks.RetentionPurge, CancellationToken.None);

        var result = await Purge.PurgeAsync(batchSize: 100, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(result.Skipped, Is.True);
            Assert.That(await CountAsync("workflow_journal", root), Is.EqualTo(2));
        });
    }

    private async Task<Guid> InstanceAsync(string status, int? daysAgo, Guid? parent = null, int? createdDaysAgo = null)
    {
        var id = Guid.NewGuid();
        await ExecuteAsync($"""
            INSERT INTO workflow_instances (id, definition_id, definition_version, status, current_step, parent_id, created_at, updated_at, completed_at)
            VALUES ('{id}', 'multi-step', 1, '{status}', {(daysAgo is null ? "'first'" : "NULL")}, {(parent is { } p ? $"'{p}'" : "NULL")},
                now() - interval '{createdDaysAgo ?? daysAgo ?? 0} days' - interval '1 day', now(),
                {(daysAgo is { } d ? $"now() - interval '{d} days'" : "NULL")})
            """);
        return id;
    }

    /// <summary>Two journal rows, one bookmark (consumed or not) and one effect record.</summary>
    private async Task HistoryAsync(Guid instance, bool consumedBookmark)
    {
        await ExecuteAsync($"""
            INSERT INTO workflow_journal (instance_id, at, kind, step_id) VALUES ('{instance}', now(), 'started', 'first'), ('{instance}', now(), 'step-completed', 'first');
            INSERT INTO workflow_effects (key, instance_id, recorded_at) VALUES ('{instance:N}:1:first:x', '{instance}', now());
            """);
        if (consumedBookmark)
        {
            await BookmarkAsync(instance, consumed: true);
        }
    }

    private async Task BookmarkAsync(Guid instance, bool consumed) => await ExecuteAsync($"""
        INSERT INTO workflow_bookmarks (id, instance_id, wait_id, step_id, kind, due_at, created_at, consumed_at, consumed_by)
        VALUES ('{Guid.NewGuid()}', '{instance}', '{Guid.NewGuid()}', 'first', 'timer', now() + interval '1 day', now(),
            {(consumed ? "now(), 'timer'" : "NULL, NULL")})
        """);

    private async Task InboxAsync(string key, int receivedDaysAgo, int? consumedDaysAgo) => await ExecuteAsync($"""
        INSERT INTO workflow_inbox (id, delivery_key, signal_name, correlation_key, received_at, consumed_at)
        VALUES ('{Guid.NewGuid()}', '{key}', 'answered', 'k', now() - interval '{receivedDaysAgo} days',
            {(consumedDaysAgo is { } c ? $"now() - interval '{c} days'" : "NULL")})
        """);

    private async Task<long> CountAsync(string table, Guid instance, string column = "instance_id") =>
        await _host.Database.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE {column} = '{instance}'");

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_host.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
