using System.Diagnostics;
using System.Globalization;
using System.Text;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Sandbox.PagerDuty;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.Benchmarks;

/// <summary>
/// The PagerDuty audit of 1,000 people and 100 schedules against a simulated PagerDuty that admits one request
/// every 60/N s with no burst (N = 120/min). The floor is R_min × 60 / N: 10 user pages + 1 schedule list +
/// 100 schedule reads = 111 requests, 55.5 s.
/// </summary>
internal static class PagerDutyAuditBenchmark
{
    private const int People = 1000;
    private const int Schedules = 100;
    private const double ServerPerMinute = 120;

    // The client paces itself just under the server's rate: at exactly its rate, loopback jitter alone
    // makes some requests arrive a hair early and be refused.
    private const double ClientPerMinute = 118;

    public static async Task<int> RunAsync()
    {
        var teamFile = Path.Combine(Path.GetTempPath(), $"bench-team-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(teamFile, TeamYaml());
        await using var pagerDuty = new FakePagerDuty("bench-token");
        await pagerDuty.StartAsync();
        Seed(pagerDuty);
        await SimulatorWarmUp.RunAsync(pagerDuty, "/users?limit=1&offset=0", requests: 1);
        pagerDuty.LimitTo(ServerPerMinute);

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PagerDuty:BaseUrl"] = pagerDuty.BaseUrl,
            ["PagerDuty:Token"] = pagerDuty.Token,
            ["PagerDuty:RequestsPerMinute"] = ClientPerMinute.ToString(CultureInfo.InvariantCulture),
            ["SupportTeam:Source"] = teamFile,
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddAuditIntegrations(configuration).BuildServiceProvider();
        await using (services)
        {
            var runner = services.GetRequiredService<AuditRunner>();
            var clock = Stopwatch.StartNew();
            var result = await runner.RunAsync(AuditKind.PagerDuty, CancellationToken.None);
            clock.Stop();
            File.Delete(teamFile);

            var calls = pagerDuty.Calls;
            const int rMin = (People / 100) + 1 + Schedules;
            var floor = TimeSpan.FromSeconds(rMin * 60 / ServerPerMinute);
            var refused = calls.Count(c => c.StatusCode >= 400);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                PagerDuty audit: {People} people, {Schedules} schedules, server limit {ServerPerMinute}/min (no burst), client pacing {ClientPerMinute}/min
                requests made R      : {calls.Count}
                minimum R_min        : {rMin} ({People / 100} user pages + 1 schedule list + {Schedules} schedule reads)
                wall time            : {clock.Elapsed.TotalSeconds:F1} s
                floor R_min x 60 / N : {floor.TotalSeconds:F1} s  (ratio {clock.Elapsed / floor:F3})
                refused requests     : {refused} (429: {calls.Count(c => c.StatusCode == 429)}, 5xx: {calls.Count(c => c.StatusCode >= 500)}), each retried; audit failed: no
                findings             : {result.Findings.Count}
                peak working set     : {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0):F1} MiB
                """));
            if (Environment.GetEnvironmentVariable("BENCH_VERBOSE") == "1")
            {
                foreach (var (call, i) in calls.Select((c, i) => (c, i)).Where(x => x.c.StatusCode != 200))
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  #{i} {call}"));
                }
            }

            return 0;
        }
    }

    private static string PagerDutyId(int i) => $"PB{i:D6}";

    private static void Seed(FakePagerDuty pagerDuty)
    {
        for (var i = 0; i < People; i++)
        {
            pagerDuty.AddUser(PagerDutyId(i), $"Person {i}", $"person{i}@example.com");
        }

        for (var s = 0; s < Schedules; s++)
        {
            var members = Enumerable.Range(0, People).Where(i => i % Schedules == s).Select(PagerDutyId);
            pagerDuty.AddSchedule($"PS{s:D4}", $"Schedule {s}", members);
        }
    }

    private static string TeamYaml()
    {
        var yaml = new StringBuilder();
        for (var i = 0; i < People; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"- name: Person {i}\n  email: person{i}@example.com\n  title: Support Engineer\n");
            yaml.Append(CultureInfo.InvariantCulture, $"  pagerduty: {{id: {PagerDutyId(i)}}}\n  gitlab: {{id: {i + 1}, username: person{i}}}\n");
        }

        return yaml.ToString();
    }
}
