using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Runtime;
using Npgsql;

namespace AuditOrchestrator.IntegrationTests.Operations;

/// <summary>
/// A database left by the previous release (migrations up to <see cref="PreviousRelease"/>) with work in flight, written
/// with plain SQL in that schema's shape; then the service of this release starts on it, migrates and carries on.
/// </summary>
public sealed class UpgradeTests : DatabasePerTest
{
    private const int PreviousRelease = 6;
    private const int LastQuartzRelease = 11;
    private const int LastReleaseWithEveryMigrationInTheEngine = 23;
    private const string PreviousReleaseVersion = "previous-release";
    private const string BobsAnswer = "{\"by\":\"bob\"}";
    private const string NoVariables = "{}";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Test]
    public async Task NewestMigrations_OnADatabaseWithWorkInFlight_EveryInstanceContinues()
    {
        await BuildPreviousReleaseAsync();
        var overdue = await WaitingOnTimerAsync(dueIn: "-10 minutes");
        var later = await WaitingOnTimerAsync(dueIn: "72 hours");
        var answered = await WaitingOnSignalAsync();
        var early = await RunnableWithPendingSignalAsync();
        await ExecuteAsync("""
            INSERT INTO webhook_deliveries (id, delivery_key, event_type, received_at, body)
            VALUES (gen_random_uuid(), 'before-upgrade', 'Push Hook', now() - interval '5 minutes', '{"object_kind":"push"}')
            """);

        var clock = new TestClock();
        await using var service = new ServiceFactory(Database, new Dictionary<string, string?> { ["Workflows:Directory"] = RuntimeHost.Workflows }, clock);
        using var admin = service.CreateClient(ServiceFactory.BootstrapToken);
        await ServiceFactory.ReadyAsync(admin, Patience, "the service migrates and is ready");

        await Eventually.HoldsAsync(async () => await admin.StatusAsync(overdue) == "completed", Patience, "the timer that came due during the upgrade fires");
        await Eventually.HoldsAsync(async () => await admin.StatusAsync(early) == "completed", Patience, "the signal that came before its bookmark is taken");
        var delivered = await admin.SignalAsync("answered", answered.ToString(), payload: new { by = "alice" });
        Assert.That(delivered.Outcome, Is.EqualTo("resumed"), "the bookmark written by the old release matches");
        await Eventually.HoldsAsync(async () => await admin.StatusAsync(answered) == "completed", Patience, "the signalled instance completes");
        Assert.That(await admin.StatusAsync(later), Is.EqualTo("waiting"), "not due yet");

        clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () => await admin.StatusAsync(later) == "completed", Patience, "the later timer fires");
        // A witness waiting 72 hours from now: once its timer fires, the sweep has looked three days on, when any timer
        // wrongly left behind by the old release would have fired too.
        var witness = await admin.StartInstanceAsync("wait-then-record");
        await Eventually.HoldsAsync(async () => await admin.StatusAsync(witness) == "waiting", Patience, "the witness waits");
        clock.Advance(TimeSpan.FromDays(3));
        await Eventually.HoldsAsync(async () => await admin.StatusAsync(witness) == "completed", Patience, "the witness's timer fires");

        Assert.Multiple(async () =>
        {
            Assert.That(await EffectsAsync(overdue), Is.EqualTo("after-wait:1"));
            Assert.That(await EffectsAsync(later), Is.EqualTo("after-wait:1"));
            Assert.That(await EffectsAsync(answered), Is.EqualTo("answered:1"), "its timeout never fires after the answer");
            Assert.That(await EffectsAsync(early), Is.EqualTo("answered:1"));
            foreach (var id in new[] { overdue, later, answered })
            {
                Assert.That((await admin.InstanceAsync(id)).JournalCount("resumed"), Is.EqualTo(1), $"{id} resumed once");
            }
            Assert.That((await admin.InstanceAsync(early)).JournalCount("signal-received"), Is.EqualTo(1),
                "the early signal is taken once, when the bookmark is made");
            Assert.That(await Database.ScalarAsync<Guid>($"SELECT consumed_by FROM workflow_inbox WHERE correlation_key = '{early}'"), Is.EqualTo(early));
            Assert.That(await Database.ScalarAsync<string>("SELECT outcome FROM webhook_deliveries WHERE delivery_key = 'before-upgrade'"), Is.Not.Null,
                "the delivery stored before the upgrade is processed");
            Assert.That(await Database.ScalarAsync<long>("""SELECT count(*) FROM "__EFMigrationsHistory" """),
                Is.EqualTo(Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "migrations"), "*.sql").Length), "every migration applied");
        });
    }

    [Test]
    public async Task QuartzRelease_WithTimersWaitingOnTriggers_UpgradesToHangfire_AndTheTimersFireOnTime()
    {
        await BuildPreviousReleaseAsync(LastQuartzRelease);
        await BuildQuartzStoreAsync();
        var overdue = await WaitingOnTimerAsync(dueIn: "-10 minutes");
        var soon = await WaitingOnTimerAsync(dueIn: "20 seconds");
        await ExecuteAsync("""
            INSERT INTO qrtz_triggers (sched_name, trigger_name, trigger_group, job_name, job_group, next_fire_time, trigger_state, trigger_type, start_time)
            SELECT 'AuditOrchestrator', id::text, 'timers', 'timer-fired', 'runtime', (extract(epoch FROM due_at) * 1000)::bigint * 10000, 'WAITING', 'SIMPLE', 0
            FROM workflow_bookmarks WHERE kind = 'timer' AND consumed_at IS NULL;
            INSERT INTO qrtz_simple_triggers (sched_name, trigger_name, trigger_group, repeat_count, repeat_interval, times_triggered)
            SELECT sched_name, trigger_name, trigger_group, 0, 0, 0 FROM qrtz_triggers;
            """);

        // The backstop sweep runs once a day here: only the alarms set at the upgrade can fire these timers.
        var clock = new TestClock();
        await using var service = new ServiceFactory(Database, new Dictionary<string, string?>
        {
            ["Workflows:Directory"] = RuntimeHost.Workflows,
            ["Jobs:TimerSweepInterval"] = "1.00:00:00",
        }, clock);
        using var admin = service.CreateClient(ServiceFactory.BootstrapToken);
        await ServiceFactory.ReadyAsync(admin, Patience, "the service migrates and is ready");

        await Eventually.HoldsAsync(async () => await admin.StatusAsync(overdue) == "completed", Patience, "the timer that came due during the upgrade fires");
        await Eventually.HoldsAsync(async () => await admin.StatusAsync(soon) == "completed", Patience, "the waiting timer fires at its time");
        Assert.Multiple(async () =>
        {
            Assert.That(await Database.ScalarAsync<double>($"""
                SELECT extract(epoch FROM consumed_at - due_at)::float8 FROM workflow_bookmarks WHERE instance_id = '{soon}' AND kind = 'timer'
                """), Is.LessThan(3), "seconds late");
            Assert.That(await Database.ScalarAsync<long>("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'qrtz%'"), Is.Zero,
                "the Quartz tables are gone");
            foreach (var id in new[] { overdue, soon })
            {
                Assert.That(await EffectsAsync(id), Is.EqualTo("after-wait:1"));
                Assert.That((await admin.InstanceAsync(id)).JournalCount("resumed"), Is.EqualTo(1), $"{id} resumed once");
            }
        });
    }

    [Test]
    public async Task ReleaseWhoseEngineShippedEveryMigration_UpgradesToProjectOwnedMigrations_ReRunningNothing()
    {
        await BuildPreviousReleaseAsync(LastReleaseWithEveryMigrationInTheEngine);
        var waiting = await WaitingOnTimerAsync(dueIn: "-10 minutes");

        await using var service = new ServiceFactory(Database, new Dictionary<string, string?> { ["Workflows:Directory"] = RuntimeHost.Workflows }, new TestClock());
        using var admin = service.CreateClient(ServiceFactory.BootstrapToken);
        await ServiceFactory.ReadyAsync(admin, Patience, "the service migrates and is ready");

        await Eventually.HoldsAsync(async () => await admin.StatusAsync(waiting) == "completed", Patience, "the instance of the old release carries on");
        var started = await admin.StartInstanceAsync("signal-or-timeout");
        await Eventually.HoldsAsync(async () => await admin.StatusAsync(started) == "waiting", Patience, "a new instance waits");
        Assert.That((await admin.SignalAsync("answered", started.ToString(), payload: new { by = "alice" })).Outcome, Is.EqualTo("resumed"));
        await Eventually.HoldsAsync(async () => await admin.StatusAsync(started) == "completed", Patience, "and completes on its answer");

        var kept = await Database.ScalarAsync<long>($"""
            SELECT count(*) FROM "__EFMigrationsHistory" WHERE "ProductVersion" = '{PreviousReleaseVersion}'
            """);
        var applied = await Database.ScalarAsync<long>("""SELECT count(*) FROM "__EFMigrationsHistory" """);
        Assert.Multiple(async () =>
        {
            Assert.That(kept, Is.EqualTo(LastReleaseWithEveryMigrationInTheEngine), "the old release's history is kept, none applied again");
            Assert.That(applied, Is.EqualTo(Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "migrations"), "*.sql").Length), "only the newer ones are added");
            Assert.That(await EffectsAsync(waiting), Is.EqualTo("after-wait:1"));
        });
    }

    /// <summary>The tables of Quartz's clustered store as the Quartz release provisioned them (the columns that matter here).</summary>
    private async Task BuildQuartzStoreAsync() => await ExecuteAsync("""
        CREATE TABLE qrtz_job_details (sched_name text NOT NULL, job_name text NOT NULL, job_group text NOT NULL, job_class_name text NOT NULL,
            is_durable bool NOT NULL, job_data bytea, PRIMARY KEY (sched_name, job_name, job_group));
        CREATE TABLE qrtz_triggers (sched_name text NOT NULL, trigger_name text NOT NULL, trigger_group text NOT NULL, job_name text NOT NULL,
            job_group text NOT NULL, next_fire_time bigint, trigger_state text NOT NULL, trigger_type text NOT NULL, start_time bigint NOT NULL,
            PRIMARY KEY (sched_name, trigger_name, trigger_group),
            FOREIGN KEY (sched_name, job_name, job_group) REFERENCES qrtz_job_details (sched_name, job_name, job_group));
        CREATE TABLE qrtz_simple_triggers (sched_name text NOT NULL, trigger_name text NOT NULL, trigger_group text NOT NULL,
            repeat_count bigint NOT NULL, repeat_interval bigint NOT NULL, times_triggered bigint NOT NULL,
            PRIMARY KEY (sched_name, trigger_name, trigger_group),
            FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE);
        CREATE TABLE qrtz_scheduler_state (sched_name text NOT NULL, instance_name text NOT NULL, last_checkin_time bigint NOT NULL,
            checkin_interval bigint NOT NULL, PRIMARY KEY (sched_name, instance_name));
        CREATE TABLE qrtz_locks (sched_name text NOT NULL, lock_name text NOT NULL, PRIMARY KEY (sched_name, lock_name));
        INSERT INTO qrtz_job_details VALUES ('AuditOrchestrator', 'timer-fired', 'runtime', 'AuditOrchestrator.Engine.Runtime.TimerFiredJob', true, NULL);
        INSERT INTO qrtz_locks VALUES ('AuditOrchestrator', 'TRIGGER_ACCESS'), ('AuditOrchestrator', 'STATE_ACCESS');
        """);

    /// <summary>The schema as the previous release left it: its SQL files and EF Core's history of them.</summary>
    private async Task BuildPreviousReleaseAsync(int release = PreviousRelease)
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "migrations"), "*.sql").Order(StringComparer.Ordinal).Take(release).ToList();
        Assert.That(Path.GetFileName(files[^1]), Does.StartWith($"{release:0000}_"));
        await ExecuteAsync("""
            CREATE TABLE "__EFMigrationsHistory" ("MigrationId" character varying(150) NOT NULL PRIMARY KEY, "ProductVersion" character varying(32) NOT NULL)
            """);
        foreach (var file in files)
        {
            await ExecuteAsync(await File.ReadAllTextAsync(file));
            await ExecuteAsync($"""INSERT INTO "__EFMigrationsHistory" VALUES ('{Path.GetFileNameWithoutExtension(file)}', '{PreviousReleaseVersion}')""");
        }
    }

    private async Task<Guid> WaitingOnTimerAsync(string dueIn)
    {
        var id = await InstanceAsync("wait-then-record", "waiting", "wait");
        await ExecuteAsync($"""
            INSERT INTO workflow_bookmarks (id, instance_id, wait_id, step_id, kind, due_at, created_at)
            VALUES (gen_random_uuid(), '{id}', gen_random_uuid(), 'wait', 'timer', now() + interval '{dueIn}', now() - interval '1 hour')
            """);
        return id;
    }

    private async Task<Guid> WaitingOnSignalAsync()
    {
        var id = await InstanceAsync("signal-or-timeout", "waiting", "answer");
        await ExecuteAsync($"""
            WITH w AS (SELECT gen_random_uuid() AS wait_id)
            INSERT INTO workflow_bookmarks (id, instance_id, wait_id, step_id, kind, signal_name, correlation_key, due_at, created_at)
            SELECT gen_random_uuid(), '{id}'::uuid, wait_id, 'answer', 'signal', 'answered', '{id}', NULL::timestamptz, now() - interval '1 hour' FROM w
            UNION ALL
            SELECT gen_random_uuid(), '{id}'::uuid, wait_id, 'answer', 'timer', NULL, NULL, now() + interval '3 days', now() - interval '1 hour' FROM w
            """);
        return id;
    }

    private async Task<Guid> RunnableWithPendingSignalAsync()
    {
        var id = await InstanceAsync("signal-or-timeout", "running", "answer", runnable: true);
        await ExecuteAsync($"""
            INSERT INTO workflow_inbox (id, delivery_key, signal_name, correlation_key, payload, actor, received_at)
            VALUES (gen_random_uuid(), 'early-{id}', 'answered', '{id}', '{BobsAnswer}', 'bob', now() - interval '2 minutes')
            """);
        return id;
    }

    private async Task<Guid> InstanceAsync(string definition, string status, string step, bool runnable = false)
    {
        var id = Guid.NewGuid();
        await ExecuteAsync($"""
            INSERT INTO workflow_instances (id, definition_id, definition_version, status, current_step, variables, run_after, created_at, updated_at)
            VALUES ('{id}', '{definition}', 1, '{status}', '{step}', '{NoVariables}', {(runnable ? "now() - interval '1 minute'" : "NULL")}, now() - interval '1 hour', now() - interval '1 hour');
            INSERT INTO workflow_journal (instance_id, at, kind, step_id) VALUES ('{id}', now() - interval '1 hour', 'started', '{step}');
            """);
        return id;
    }

    private async Task<string?> EffectsAsync(Guid id) => await Database.ScalarAsync<string>(
        $"SELECT string_agg(split_part(key, ':', 4) || ':' || executions, ',') FROM recorded_effects WHERE instance_id = '{id}'");

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
