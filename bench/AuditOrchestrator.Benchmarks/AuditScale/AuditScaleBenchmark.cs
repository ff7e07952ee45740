using System.Globalization;
using System.Text.RegularExpressions;

namespace AuditOrchestrator.Benchmarks.AuditScale;

/// <summary>
/// Issue 21's benchmark: the PagerDuty audit (chart 001) through its whole workflow for N people with findings,
/// nobody answering, the SOM approving; per N the vendor requests of the re-checks, GitLab reads and writes against
/// their minimum, wall time against the rate-limit floor, database rows per item and the service's peak memory, then
/// each figure's growth exponent. Arguments: the Ns (default 100 300 1000). Environment: BENCH_RATE_SCALE (how many
/// times shorter the vendors' rate-limit windows are, default 4), BENCH_CLOCK_SPEED (Clock__Speed, default 20000),
/// BENCH_PATIENCE_MINUTES (per N, default 10).
/// </summary>
internal static partial class AuditScaleBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var server = Environment.GetEnvironmentVariable("AUDITORCHESTRATOR_BENCH_POSTGRES")
            ?? throw new InvalidOperationException("AUDITORCHESTRATOR_BENCH_POSTGRES is not set: run scripts/bench.sh audit-scale.");
        var sizes = args.Length > 0 ? [.. args.Select(a => int.Parse(a, CultureInfo.InvariantCulture))] : new[] { 100, 300, 1000 };
        var limits = new VendorLimits(Setting("BENCH_RATE_SCALE", 4));
        var speed = Setting("BENCH_CLOCK_SPEED", 20_000);
        var patience = TimeSpan.FromMinutes(Setting("BENCH_PATIENCE_MINUTES", 10));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            audit-scale: chart 001 PagerDuty audit, nobody answers, the SOM approves; machine {Environment.ProcessorCount} cores
            rate limits: PagerDuty {VendorLimits.PagerDutyPerMinute}, GitLab notes {VendorLimits.GitLabNotesPerMinute} per user and requests {VendorLimits.GitLabRequestsPerMinute} per user, per window of {limits.Window.TotalSeconds:0.##} s (1 min / {limits.Scale}); clients pace at 97 %
            service clock {speed}x: the chart's 10 days of waits take {ScaleMinimum.ChartWaits.TotalSeconds / speed:F1} s
            """));

        var results = new List<ScaleResult>();
        foreach (var n in sizes)
        {
            var result = await ScaleRun.RunAsync(server, n, limits, speed, patience);
            results.Add(result);
            Print(result, limits);
        }

        if (results.Count >= 2)
        {
            PrintExponents(results[0], results[^1]);
        }

        return 0;
    }

    private static void Print(ScaleResult r, VendorLimits limits)
    {
        var m = r.Minimum;
        var n = m.People.ToString(CultureInfo.InvariantCulture);
        var rounds = ScaleMinimum.RecheckRounds * m.PagerDutyPass;
        var refused = r.GitLabCalls.Where(c => c.StatusCode == 429).ToList();
        var refusalsPerRequest = refused.GroupBy(Identity).Select(g => g.Count()).DefaultIfEmpty(0).Max();
        var unanswered = refused.Select(Identity).Distinct().Count(key => !r.GitLabCalls.Any(c => c.StatusCode < 400 && Identity(c) == key));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""

            N = {m.People} people with findings ({m.Managers} managers, {m.Schedules} schedules): run {r.Status}
              PagerDuty requests      : {r.PagerDutyRequests} (the run's first pass {r.FirstPass}, the accounts after the review {r.AfterReview}, 429s included; one pass at least {m.PagerDutyPass}); 429: {r.PagerDutyRefused}
              re-check requests       : {r.RecheckRequests} against one pass per round, {ScaleMinimum.RecheckRounds} x {m.PagerDutyPass} = {rounds} (ratio {Ratio(r.RecheckRequests, rounds)})
              GitLab requests         : {r.AuditGitLabCalls.Count} against a minimum of {m.GitLabRequests} (ratio {Ratio(r.AuditGitLabCalls.Count, m.GitLabRequests)}); besides, the reconciliation's {r.ReconciliationReads} in {r.ReconciliationPasses} passes
                writes                : {r.GitLabWrites} against {m.GitLabWrites} (the issue, {ScaleMinimum.NotesPerItem} notes per item, the review note, the close)
                reads                 : {r.GitLabReads} against {m.GitLabReads} (template, the SOM's user, whether each person can see the issue; re-checks read none)
                429                   : {refused.Count}; most refusals of one request {refusalsPerRequest}; refused and never answered {unanswered}
              wall time               : {r.Wall.TotalSeconds:F1} s against a floor of {r.Floor.TotalSeconds:F1} s (ratio {Ratio(r.Wall.TotalSeconds, r.Floor.TotalSeconds)})
              rows written per item   : {(double)r.RowsWritten / m.People:F1} (inserted {(double)r.RowsInserted / m.People:F1}, updated {(double)r.RowsUpdated / m.People:F1}, deleted {(double)r.RowsDeleted / m.People:F1}); in all {r.RowsWritten}
              service peak memory     : {r.PeakMegabytes:F0} MB
              service processor time  : {r.ServiceProcessorTime.TotalSeconds:F1} s ({r.ServiceProcessorTime.TotalMilliseconds / m.People:F0} ms per item; {r.ServiceProcessorTime.TotalSeconds / r.Wall.TotalSeconds:F2} cores on average)
              machine load average    : {r.MachineLoad}
              timeline                : {r.Timeline()}
              PagerDuty passes began  : {r.PagerDutyPasses()}
              PagerDuty by route      : {PagerDutyRoutes(r)}
              GitLab requests by route: {Routes(r)}
            """));
        Console.WriteLine(ScaleArithmetic.MachineLine(n, "recheck-vendor-requests", r.RecheckRequests, 1.2 * rounds));
        Console.WriteLine(ScaleArithmetic.MachineLine(n, "gitlab-requests", r.AuditGitLabCalls.Count, 1.2 * m.GitLabRequests));
        Console.WriteLine(ScaleArithmetic.MachineLine(n, "gitlab-reconciliation-reads", r.ReconciliationReads, null));
        Console.WriteLine(ScaleArithmetic.MachineLine(n, "gitlab-writes", r.GitLabWrites, 1.2 * m.GitLabWrites));
        Console.WriteLine(ScaleArithmetic.MachineLine(n, "gitlab-reads", r.GitLabReads, 1.2 * m.GitLabReads));
        Console.WriteLine(ScaleArithmetic.MachineLine(n, "gitlab-429-repeated", refusalsPerRequest, 2));
        Console.WriteLine(ScaleArithmetic.MachineLine(n, "gitlab-429-unanswered", unanswered, null));
        Console.WriteLine(ScaleArithmetic.MachineLine(n, "wall-seconds", r.Wall.TotalSeconds, 1.1 * r.Floor.TotalSeconds));
        Console.WriteLine(ScaleArithmetic.MachineLine(n, "rows-per-item", (double)r.RowsWritten / m.People, null));
        Console.WriteLine(ScaleArithmetic.MachineLine(n, "peak-memory-mb", r.PeakMegabytes, 400));
        Console.WriteLine(ScaleArithmetic.MachineLine(n, "completed", r.Completed ? 1 : 0, null));
        _ = limits;
    }

    private static void PrintExponents(ScaleResult first, ScaleResult last)
    {
        var n1 = first.Minimum.People;
        var n2 = last.Minimum.People;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\ngrowth exponents from N = {n1} to N = {n2} (log(f{n2}/f{n1}) / log({n2}/{n1}); 1 is linear):"));
        var figures = new (string Name, double First, double Last)[]
        {
            ("recheck-vendor-requests", first.RecheckRequests, last.RecheckRequests),
            ("pagerduty-requests", first.PagerDutyRequests, last.PagerDutyRequests),
            ("gitlab-requests", first.AuditGitLabCalls.Count, last.AuditGitLabCalls.Count),
            ("gitlab-writes", first.GitLabWrites, last.GitLabWrites),
            ("gitlab-reads", first.GitLabReads, last.GitLabReads),
            ("wall-seconds", first.Wall.TotalSeconds, last.Wall.TotalSeconds),
            ("rows-written", first.RowsWritten, last.RowsWritten),
            ("peak-memory-mb", first.PeakMegabytes, last.PeakMegabytes),
        };
        foreach (var (name, f1, f2) in figures)
        {
            var exponent = ScaleArithmetic.Exponent(f1, f2, n1, n2);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-24}: {f1:0.#} -> {f2:0.#}, exponent {exponent:F2}"));
            Console.WriteLine(ScaleArithmetic.MachineLine($"{n1}-{n2}", $"exponent-{name}", exponent, 1.1));
        }
    }

    private static string PagerDutyRoutes(ScaleResult r) => string.Join("; ", r.PagerDutyCalls
        .GroupBy(c => $"{c.Method} {c.PathAndQuery.Split('?')[0].Split('/')[1]} {c.StatusCode}")
        .OrderByDescending(g => g.Count())
        .Select(g => $"{g.Key} {g.Count()}"));

    private static string Routes(ScaleResult r) => string.Join("; ", r.GitLabCalls
        .GroupBy(c => $"{c.Method} {Template(c.PathAndQuery)}")
        .OrderByDescending(g => g.Count())
        .Select(g => $"{g.Key} {g.Count()}"));

    /// <summary>A request as its retry repeats it: method, path and body.</summary>
    private static string Identity(Sandbox.Hosting.RecordedCall call) => $"{call.Method} {call.PathAndQuery} {call.Body}";

    private static string Template(string pathAndQuery)
    {
        var path = pathAndQuery.Split('?')[0].Replace("/api/v4", "", StringComparison.Ordinal);
        return Ids().Replace(path, "/:id");
    }

    private static string Ratio(double value, double reference) =>
        reference > 0 ? (value / reference).ToString("F2", CultureInfo.InvariantCulture) : "-";

    private static double Setting(string name, double fallback) =>
        double.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    [GeneratedRegex("/([0-9]+|[0-9a-f]{40}|support-ops%2F[a-z-]+)(?=/|$)")]
    private static partial Regex Ids();
}
