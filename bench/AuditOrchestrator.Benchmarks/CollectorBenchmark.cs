using System.Diagnostics;
using System.Globalization;
using AuditOrchestrator.Audits.AdminActivity;
using AuditOrchestrator.Engine.Persistence;
using AuditOrchestrator.Vendors.Http;
using AuditOrchestrator.Vendors.PagerDuty;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AuditOrchestrator.Benchmarks;

/// <summary>
/// Issue 8's benchmark: a first pass backfilling 200,000 PagerDuty audit records (2,000 pages of 100) into PostgreSQL.
/// (a) server unlimited: records stored per second and peak memory; (b) server admitting one request every 60/960 s,
/// no burst: wall time against the floor of 2,000 × 60 / 960 = 125 s. The simulated PagerDuty runs in its own process
/// (<see cref="SimulatorProcess"/>), so the memory measured is the collector's. PostgreSQL comes from
/// AUDITORCHESTRATOR_BENCH_POSTGRES (a server connection string; a fresh database is created and dropped).
/// </summary>
internal static class CollectorBenchmark
{
    private const int Records = 200_000;
    private const double ServerPerMinute = 960;

    // 3 % under the server's rate: a margin of 2 ms per request for the ordinary jitter between our sends and the
    // server's arrivals (a refusal costs a whole second, as ratelimit-reset is in seconds); the pacer pushes its next
    // send back after a visibly delayed answer and widens itself on each refusal.
    private const double ClientPerMinute = 930;

    public static async Task<int> RunAsync(string? which)
    {
        var server = Environment.GetEnvironmentVariable("AUDITORCHESTRATOR_BENCH_POSTGRES")
            ?? throw new InvalidOperationException("Set AUDITORCHESTRATOR_BENCH_POSTGRES to a PostgreSQL server connection string.");
        if (which is null or "unlimited" or "both")
        {
            await RunOnceAsync(server, limited: false);
        }

        if (which is "limited" or "both")
        {
            await RunOnceAsync(server, limited: true);
        }

        return 0;
    }

    private static async Task RunOnceAsync(string server, bool limited)
    {
        var name = "bench_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(server, $"CREATE DATABASE \"{name}\"");
        try
        {
            var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
            await using var pagerDuty = await SimulatorProcess.StartAsync(Records, limited ? ServerPerMinute : 0);
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["PagerDuty:BaseUrl"] = pagerDuty.BaseUrl,
                ["PagerDuty:Token"] = SimulatorProcess.Token,
                ["PagerDuty:RequestsPerMinute"] = (limited ? ClientPerMinute : 1_000_000).ToString(CultureInfo.InvariantCulture),
            }).Build();
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSingleton<IConfiguration>(configuration);
            services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
            services.AddDbContextFactory<OrchestratorDbContext>((sp, o) => o.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>()));
            services.AddSingleton<DatabaseMigrator>();
            services.AddPagerDutyAuditRecords(configuration);
            await using var provider = services.BuildServiceProvider();
            await provider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
            GC.Collect();
            var before = Process.GetCurrentProcess().WorkingSet64;

            var poller = provider.GetRequiredService<AuditRecordPoller>();
            var collections = Enumerable.Range(0, 3).Select(GC.CollectionCount).ToArray();
            var clock = Stopwatch.StartNew();
            var outcome = await poller.RunPassAsync(CancellationToken.None);
            clock.Stop();

            var stored = await provider.GetRequiredService<AuditRecordStore>().CountRecordsAsync(CancellationToken.None);
            var seen = await pagerDuty.ReportAsync();
            const int rMin = Records / PagerDutyAuditRecordsClient.PageSize;
            var floor = TimeSpan.FromSeconds(rMin * 60 / ServerPerMinute);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                PagerDuty audit-record backfill: {Records} records, server {(limited ? $"limited to {ServerPerMinute}/min (no burst), client pacing {ClientPerMinute}/min" : "unlimited")}
                outcome              : {outcome}; stored {stored} (distinct ids; expected {Records})
                requests             : {seen.Requests} (429: {seen.Refused}, 5xx: {seen.Faults})
                wall time            : {clock.Elapsed.TotalSeconds:F1} s
                records stored / s   : {stored / clock.Elapsed.TotalSeconds:F0}
                garbage collections  : gen0 {GC.CollectionCount(0) - collections[0]}, gen1 {GC.CollectionCount(1) - collections[1]}, gen2 {GC.CollectionCount(2) - collections[2]} (pauses {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms in all)
                """));
            if (limited)
            {
                var pacer = provider.GetRequiredKeyedService<RequestPacer>(PagerDutyClient.Vendor);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                    floor R_min x 60 / N : {floor.TotalSeconds:F1} s (R_min = {rMin} pages)  (ratio {clock.Elapsed / floor:F3})
                    client pacing at end : {60 / pacer.Interval.TotalSeconds:F0}/min after widening on refusals
                    refused at           : {string.Join(", ", seen.RefusedAtSeconds.Select(t => $"{t:F1} s"))}
                    """));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                peak working set     : collector {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0):F1} MiB ({before / (1024.0 * 1024.0):F1} MiB before the pass); simulated PagerDuty (own process) {seen.PeakMegabytes:F1} MiB

                """));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
