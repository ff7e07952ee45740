using System.Diagnostics;
using System.Globalization;
using AuditOrchestrator.Engine.Persistence;
using AuditOrchestrator.Integrations.PagerDuty.AuditRecords;
using AuditOrchestrator.Sandbox.PagerDuty;
using AuditOrchestrator.Sandbox.PagerDuty.AuditRecords;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AuditOrchestrator.Benchmarks;

/// <summary>
/// Issue 8's benchmark: a first pass backfilling 200,000 PagerDuty audit records (2,000 pages of 100) into PostgreSQL.
/// (a) server unlimited: records stored per second and peak memory; (b) server admitting one request every 60/960 s,
/// no burst: wall time against the floor of 2,000 × 60 / 960 = 125 s. PostgreSQL comes from
/// AUDITORCHESTRATOR_BENCH_POSTGRES (a server connection string; a fresh database is created and dropped).
/// </summary>
internal static class CollectorBenchmark
{
    private const int Records = 200_000;
    private const double ServerPerMinute = 960;

    // 3 % under the server's rate: closer, scheduling jitter on a busy machine makes requests arrive early, and each
    // refusal costs a whole second (ratelimit-reset is in seconds). 930/min keeps the pass within 1.05 × the floor.
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
            await using var pagerDuty = new FakePagerDuty("bench-token");
            var simulated = SimulatedAuditRecords.AttachTo(pagerDuty);
            await pagerDuty.StartAsync();
            var now = DateTimeOffset.UtcNow;
            simulated.Seed(Records, now.AddDays(-6.9), now.AddSeconds(-1));
            _ = simulated.Ids.Count; // sorts once, outside the measurement
            await WarmUpServerAsync(pagerDuty);
            if (limited)
            {
                pagerDuty.LimitTo(ServerPerMinute);
            }

            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["PagerDuty:BaseUrl"] = pagerDuty.BaseUrl,
                ["PagerDuty:Token"] = pagerDuty.Token,
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
            var clock = Stopwatch.StartNew();
            var outcome = await poller.RunPassAsync(CancellationToken.None);
            clock.Stop();

            var stored = await provider.GetRequiredService<AuditRecordStore>().CountRecordsAsync(CancellationToken.None);
            var calls = pagerDuty.Calls;
            var requests = calls.Count(c => c.PathAndQuery.StartsWith("/audit/records", StringComparison.Ordinal));
            const int rMin = Records / AuditRecordsClient.PageSize;
            var floor = TimeSpan.FromSeconds(rMin * 60 / ServerPerMinute);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                PagerDuty audit-record backfill: {Records} records, server {(limited ? $"limited to {ServerPerMinute}/min (no burst), client pacing {ClientPerMinute}/min" : "unlimited")}
                outcome              : {outcome}; stored {stored} (distinct ids; expected {Records})
                requests             : {requests} (429: {calls.Count(c => c.StatusCode == 429)}, 5xx: {calls.Count(c => c.StatusCode >= 500)})
                wall time            : {clock.Elapsed.TotalSeconds:F1} s
                records stored / s   : {stored / clock.Elapsed.TotalSeconds:F0}
                """));
            if (limited)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"floor R_min x 60 / N : {floor.TotalSeconds:F1} s (R_min = {rMin} pages)  (ratio {clock.Elapsed / floor:F3})"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                peak working set     : {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0):F1} MiB (whole process, simulator included; {before / (1024.0 * 1024.0):F1} MiB before the pass)

                """));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    private static async Task WarmUpServerAsync(FakePagerDuty pagerDuty)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{pagerDuty.BaseUrl}/audit/records?limit=1");
        request.Headers.TryAddWithoutValidation("Authorization", $"Token token={pagerDuty.Token}");
        using var response = await http.SendAsync(request);
        pagerDuty.ClearCalls();
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
