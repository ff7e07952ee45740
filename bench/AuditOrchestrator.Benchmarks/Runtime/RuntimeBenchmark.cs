using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;

namespace AuditOrchestrator.Benchmarks.Runtime;

/// <summary>
/// The durable runtime against a baseline measured in the same run, on a durable PostgreSQL (fsync on).
/// Prints figures; asserts nothing. Run with scripts/bench.sh runtime.
/// </summary>
internal static class RuntimeBenchmark
{
    private const int Concurrency = 32;

    /// <summary>All parts, or only those named: steps, timers-created, signals, timers, idle, link (the baseline always runs).</summary>
    public static async Task<int> RunAsync(string[] parts)
    {
        bool Wanted(string part) => parts.Length == 0 || parts.Contains(part);
        var server = Environment.GetEnvironmentVariable("AUDITORCHESTRATOR_BENCH_POSTGRES")
            ?? throw new InvalidOperationException("AUDITORCHESTRATOR_BENCH_POSTGRES is not set: run scripts/bench.sh runtime.");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");

        // The baseline always runs: every ratio is to a baseline measured in the same run.
        double baseline;
        await using (var db = await BenchDatabase.CreateAsync(server, "bench_baseline"))
        {
            baseline = await Baseline.TransactionsPerSecondAsync(db, Concurrency, TimeSpan.FromSeconds(10));
        }
        Report("baseline: raw update+insert transactions/s at 32 connections", baseline, baseline);

        if (Wanted("steps"))
        {
            var everyStep = await StepRateAsync(server, maxStepsPerRun: 1);
            Report("step transitions/s, 32 instances, no timers, one commit per step", everyStep, baseline);
            var batched = await StepRateAsync(server, maxStepsPerRun: 100);
            Report("step transitions/s, 32 instances, no timers, steps until a wait per commit", batched, baseline);
        }
        if (Wanted("timers-created"))
        {
            var plain = await DrainRateAsync(server, "one-step", "completed", 5000, new Dictionary<string, string>());
            Report("5,000 one-step instances: transitions/s (no timer)", plain.Rate, baseline);
            var afterCommit = await DrainRateAsync(server, "one-timer", "waiting", 5000, new Dictionary<string, string>());
            Report("5,000 timer-creating transitions/s, Hangfire alarm after commit", afterCommit.Rate, baseline);
        }
        if (Wanted("signals"))
        {
            await SignalsAsync(server, 10_000);
        }
        if (Wanted("timers"))
        {
            await SimultaneousTimersAsync(server, 10_000);
        }
        if (Wanted("idle"))
        {
            await IdleNodesAsync(server);
        }
        if (Wanted("link"))
        {
            await EvidenceLinkBenchmark.RunAsync(server);
        }
        return 0;
    }

    private static async Task<double> StepRateAsync(string server, int maxStepsPerRun)
    {
        await using var db = await BenchDatabase.CreateAsync(server, "bench_steps");
        await using var service = await ServiceUnderTest.StartAsync(db.ConnectionString, Settings(new() { ["Runtime__MaxStepsPerRun"] = maxStepsPerRun.ToString(CultureInfo.InvariantCulture) }));
        await InsertInstancesAsync(db, "loop", "tick", Concurrency, "{}");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var before = await db.CountAsync("SELECT count(*) FROM workflow_journal WHERE kind = 'step-completed'");
        var watch = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(10));
        var after = await db.CountAsync("SELECT count(*) FROM workflow_journal WHERE kind = 'step-completed'");
        return (after - before) / watch.Elapsed.TotalSeconds;
    }

    private static async Task<(double Rate, double PeakMb)> DrainRateAsync(
        string server, string definition, string targetStatus, int count, Dictionary<string, string> extra)
    {
        await using var db = await BenchDatabase.CreateAsync(server, "bench_drain");
        await using var service = await ServiceUnderTest.StartAsync(db.ConnectionString, Settings(extra));
        var start = definition == "one-step" ? "only" : "wait";
        var watch = Stopwatch.StartNew();
        await InsertInstancesAsync(db, definition, start, count, "{}");
        await WaitForAsync(db, $"SELECT count(*) FROM workflow_instances WHERE status = '{targetStatus}'", count, TimeSpan.FromMinutes(5));
        var rate = count / watch.Elapsed.TotalSeconds;
        if (targetStatus == "waiting")
        {
            // Alarms are coalesced per real second of due time: far fewer Hangfire jobs than timers.
            var alarms = await db.CountAsync("SELECT count(*) FROM hangfire.job WHERE statename = 'Scheduled'");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Hangfire alarms scheduled for {count} timers: {alarms}"));
        }
        return (rate, service.PeakMegabytes);
    }

    private static async Task SignalsAsync(string server, int count)
    {
        await using var db = await BenchDatabase.CreateAsync(server, "bench_signals");
        await using var service = await ServiceUnderTest.StartAsync(db.ConnectionString, Settings([]));
        await InsertInstancesAsync(db, "wait-signal", "wait", count, "{}");
        await WaitForAsync(db, "SELECT count(*) FROM workflow_instances WHERE status = 'waiting'", count, TimeSpan.FromMinutes(5));
        var ids = new List<string>();
        await using (var command = db.DataSource.CreateCommand("SELECT id::text FROM workflow_instances"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetString(0));
            }
        }
        var watch = Stopwatch.StartNew();
        var failed = 0;
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (id, ct) =>
        {
            var response = await service.Client.PostAsJsonAsync("/api/signals", new { name = "go", key = id, deliveryKey = $"bench:{id}" }, ct);
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref failed);
            }
        });
        var delivered = watch.Elapsed;
        await WaitForAsync(db, "SELECT count(*) FROM workflow_instances WHERE status = 'completed'", count, TimeSpan.FromMinutes(5));
        var stuck = await db.CountAsync("SELECT count(*) FROM workflow_bookmarks WHERE consumed_at IS NULL");
        Console.WriteLine($"{count:N0} waiting instances resumed by {count:N0} signals (HTTP, {Concurrency} at a time): " +
            $"signals delivered in {delivered.TotalSeconds:F1} s, all completed in {watch.Elapsed.TotalSeconds:F1} s " +
            $"({count / watch.Elapsed.TotalSeconds:F0}/s); failed requests {failed}; stuck bookmarks {stuck}; service peak memory {service.PeakMegabytes:F0} MB");
    }

    /// <summary>
    /// Two idle nodes on one database (no instance, no timer): the statements per second they send, counted from
    /// PostgreSQL's own statistics (every statement outside a transaction is a transaction of its own, so committed plus
    /// rolled-back transactions of the database count the statements and transactions of the nodes) over 60 s.
    /// </summary>
    private static async Task IdleNodesAsync(string server)
    {
        await using var db = await BenchDatabase.CreateAsync(server, "bench_idle");
        await using var first = await ServiceUnderTest.StartAsync(db.ConnectionString, Settings([]));
        await using var second = await ServiceUnderTest.StartAsync(db.ConnectionString, Settings([]));
        await Task.Delay(TimeSpan.FromSeconds(15));
        const string transactions = "SELECT (xact_commit + xact_rollback)::bigint FROM pg_stat_database WHERE datname = current_database()";
        // The statistics are flushed by each backend at most once a second: read, wait, read, and subtract our own reads.
        var before = await db.CountAsync(transactions);
        var watch = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(60));
        var after = await db.CountAsync(transactions);
        var perSecond = (after - before - 1) / watch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"idle: two nodes, {perSecond:F1} transactions/s in all, {perSecond / 2:F1} per node; peak memory {first.PeakMegabytes:F0} / {second.PeakMegabytes:F0} MB"));
    }

    private static async Task SimultaneousTimersAsync(string server, int count)
    {
        await using var db = await BenchDatabase.CreateAsync(server, "bench_timers");
        await using var service = await ServiceUnderTest.StartAsync(db.ConnectionString, Settings([]));
        var due = DateTimeOffset.UtcNow.AddSeconds(75);
        await InsertInstancesAsync(db, "wait-until", "wait", count, $"{{\"until\": \"{due:O}\"}}");
        await WaitForAsync(db, "SELECT count(*) FROM workflow_instances WHERE status = 'waiting'", count, TimeSpan.FromSeconds(70));
        var wait = due - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
        await WaitForAsync(db, "SELECT count(*) FROM workflow_bookmarks WHERE kind = 'timer' AND consumed_at IS NOT NULL", count, TimeSpan.FromMinutes(5));
        var lastFired = await db.CountAsync(
            $"SELECT (extract(epoch FROM max(consumed_at) - '{due:O}'::timestamptz) * 1000)::bigint FROM workflow_bookmarks WHERE kind = 'timer'");
        var byBackstop = await db.CountAsync("SELECT count(*) FROM hangfire.job WHERE invocationdata->>'Type' LIKE '%TimerSweepJob%' AND arguments::text LIKE '[null%'");
        var alarms = await db.CountAsync("SELECT count(*) FROM hangfire.job WHERE invocationdata->>'Type' LIKE '%TimerSweepJob%' AND arguments::text NOT LIKE '[null%'");
        await WaitForAsync(db, "SELECT count(*) FROM workflow_instances WHERE status = 'completed'", count, TimeSpan.FromMinutes(5));
        var resumed = await db.CountAsync("SELECT count(*) FROM workflow_journal WHERE kind = 'resumed'");
        Console.WriteLine($"{count:N0} timers due at the same moment: the last fired {lastFired / 1000.0:F1} s after it " +
            $"(target < 5 s); {alarms} alarm job(s), {byBackstop} backstop sweep(s) ran; resumes {resumed} (none lost: {resumed == count}, none twice: {resumed <= count}); " +
            $"service peak memory {service.PeakMegabytes:F0} MB (target < 300 MB)");
    }

    private static Dictionary<string, string> Settings(Dictionary<string, string> extra)
    {
        var settings = new Dictionary<string, string> { ["Runtime__MaxConcurrency"] = Concurrency.ToString(CultureInfo.InvariantCulture) };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }
        return settings;
    }

    private static Task InsertInstancesAsync(BenchDatabase db, string definition, string step, int count, string variablesJson) =>
        db.ExecuteAsync($"""
            INSERT INTO workflow_instances (id, definition_id, definition_version, status, current_step, variables, run_after, created_at, updated_at)
            SELECT gen_random_uuid(), '{definition}', 1, 'running', '{step}', '{variablesJson}'::jsonb, now(), now(), now()
            FROM generate_series(1, {count})
            """);

    private static async Task WaitForAsync(BenchDatabase db, string countSql, long expected, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (await db.CountAsync(countSql) < expected)
        {
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"Not reached within {timeout}: {countSql} = {expected}");
            }
            await Task.Delay(100);
        }
    }

    private static void Report(string what, double value, double baseline) =>
        Console.WriteLine($"{what}: {value:F0} ({value / baseline:F2} × baseline)");
}
