using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using AuditOrchestrator.Sandbox.PagerDuty;
using AuditOrchestrator.Sandbox.PagerDuty.AuditRecords;

namespace AuditOrchestrator.Benchmarks;

/// <summary>What the simulated PagerDuty saw of one pass: its /audit/records requests and when it refused them.</summary>
internal sealed record SimulatorReport(int Requests, int Refused, int Faults, double[] RefusedAtSeconds, double PeakMegabytes);

/// <summary>
/// The simulated PagerDuty in a process of its own, as the real one is: the collector's memory is measured without the
/// simulator's 200,000 records, and neither side's garbage collections or thread wake-ups delay the other's requests.
/// The child prints <c>ready {url}</c>, serves until it reads a line, then prints its report as JSON and exits.
/// </summary>
internal sealed class SimulatorProcess : IAsyncDisposable
{
    public const string Verb = "pagerduty-simulator";
    public const string Token = "bench-token";

    private readonly Process process;

    private SimulatorProcess(Process process, string baseUrl)
    {
        this.process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static async Task<SimulatorProcess> StartAsync(int records, double limitPerMinute)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
        }
        foreach (var argument in new[] { Verb, records.ToString(CultureInfo.InvariantCulture), limitPerMinute.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start)!;
        var ready = await process.StandardOutput.ReadLineAsync()
            ?? throw new InvalidOperationException("The simulated PagerDuty exited before it was ready.");
        return new SimulatorProcess(process, ready["ready ".Length..]);
    }

    public async Task<SimulatorReport> ReportAsync()
    {
        await process.StandardInput.WriteLineAsync("report");
        await process.StandardInput.FlushAsync();
        var json = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The simulated PagerDuty sent no report.");
        return JsonSerializer.Deserialize<SimulatorReport>(json)!;
    }

    public async ValueTask DisposeAsync()
    {
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        process.Dispose();
    }

    /// <summary>The child's side: serve <paramref name="records"/> audit records, admitting <paramref name="limitPerMinute"/> (0: unlimited).</summary>
    public static async Task<int> ServeAsync(string[] args)
    {
        var records = int.Parse(args[0], CultureInfo.InvariantCulture);
        var limitPerMinute = double.Parse(args[1], CultureInfo.InvariantCulture);
        await using var pagerDuty = new FakePagerDuty(Token);
        var simulated = SimulatedAuditRecords.AttachTo(pagerDuty);
        await pagerDuty.StartAsync();
        var now = DateTimeOffset.UtcNow;
        simulated.Seed(records, now.AddDays(-6.9), now.AddSeconds(-1));
        _ = simulated.Ids.Count; // sorts once, before the pass
        await SimulatorWarmUp.RunAsync(pagerDuty, "/audit/records?limit=100", requests: 300);
        if (limitPerMinute > 0)
        {
            pagerDuty.LimitTo(limitPerMinute);
        }
        Console.WriteLine($"ready {pagerDuty.BaseUrl}");

        await Console.In.ReadLineAsync();
        var calls = pagerDuty.Calls.Where(c => c.PathAndQuery.StartsWith("/audit/records", StringComparison.Ordinal)).ToList();
        var first = calls.Count > 0 ? calls[0].At : now;
        Console.WriteLine(JsonSerializer.Serialize(new SimulatorReport(
            calls.Count,
            calls.Count(c => c.StatusCode == 429),
            calls.Count(c => c.StatusCode >= 500),
            [.. calls.Where(c => c.StatusCode == 429).Select(c => (c.At - first).TotalSeconds)],
            Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0))));
        await Console.In.ReadLineAsync();
        return 0;
    }
}
