using AuditOrchestrator.Audits.Checks;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Benchmarks.Runtime;
using AuditOrchestrator.Sandbox.GitLab;
using AuditOrchestrator.Sandbox.Hosting;
using AuditOrchestrator.Sandbox.PagerDuty;

namespace AuditOrchestrator.Benchmarks.AuditScale;

/// <summary>What one audit of N people cost, as the simulated vendors and PostgreSQL saw it.</summary>
internal sealed partial record ScaleResult(
    ScaleMinimum Minimum,
    string Status,
    DateTimeOffset Started,
    TimeSpan Wall,
    TimeSpan Floor,
    IReadOnlyList<RecordedCall> PagerDutyCalls,
    int FirstPass,
    int AfterReview,
    IReadOnlyList<RecordedCall> GitLabCalls,
    long RowsInserted,
    long RowsUpdated,
    long RowsDeleted,
    double PeakMegabytes,
    TimeSpan ServiceProcessorTime,
    string MachineLoad)
{
    public bool Completed => Status == "completed";
    public int PagerDutyRequests => PagerDutyCalls.Count;
    public int PagerDutyRefused => PagerDutyCalls.Count(c => c.StatusCode == 429);

    /// <summary>When each PagerDuty pass began (its first page of users answered), in seconds from the start.</summary>
    public string PagerDutyPasses() => string.Join(", ", PagerDutyCalls
        .Where(c => c.StatusCode < 400 && c.PathAndQuery.StartsWith("/users?", StringComparison.Ordinal) && c.PathAndQuery.EndsWith("offset=0", StringComparison.Ordinal))
        .Select(c => (c.At - Started).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s"));
    public int RecheckRequests => PagerDutyRequests - FirstPass - AfterReview;
    public int GitLabReads => AuditGitLabCalls.Count(c => !c.IsWrite);
    public int GitLabWrites => AuditGitLabCalls.Count(c => c.IsWrite);

    /// <summary>
    /// Passes of the reconciliation (<c>GitLab__ReconcileInterval</c>, real time whatever the service clock): each reads
    /// the issue, every page of its threads and the awards of each first note still waiting. Whether one falls within a
    /// run of a few minutes is chance, so its reads are counted apart from the audit's.
    /// </summary>
    public int ReconciliationPasses => GitLabCalls.Count(c => IsThreadListing(c) && !LaterPage().IsMatch(c.PathAndQuery));

    public int ReconciliationReads => GitLabCalls.Count(IsReconciliationRead);

    /// <summary>GitLab requests of the audit: all but the reconciliation's thread pages and award reads (its one issue read per pass stays in).</summary>
    public IReadOnlyList<RecordedCall> AuditGitLabCalls => [.. GitLabCalls.Where(c => !IsReconciliationRead(c))];

    [GeneratedRegex("[?&]page=([2-9]|[1-9][0-9]+)")]
    private static partial Regex LaterPage();

    private static bool IsReconciliationRead(RecordedCall c) => IsThreadListing(c) || IsNoteAwardsRead(c);

    private static bool IsThreadListing(RecordedCall c) => c.Method == "GET" && c.PathAndQuery.Split('?')[0].EndsWith("/discussions", StringComparison.Ordinal);

    private static bool IsNoteAwardsRead(RecordedCall c) => c.Method == "GET" && c.PathAndQuery.Split('?')[0].EndsWith("/award_emoji", StringComparison.Ordinal)
        && c.PathAndQuery.Contains("/notes/", StringComparison.Ordinal);
    public long RowsWritten => RowsInserted + RowsUpdated + RowsDeleted;

    /// <summary>When the GitLab writes of each stage were answered, in seconds from the start: where the wall time went.</summary>
    public string Timeline()
    {
        var writes = GitLabCalls.Where(c => c.IsWrite && c.StatusCode < 400).ToList();
        var threads = writes.Where(c => c.PathAndQuery.EndsWith("/discussions", StringComparison.Ordinal)).ToList();
        var replies = writes.Where(c => c.PathAndQuery.EndsWith("/notes", StringComparison.Ordinal) && c.PathAndQuery.Contains("/discussions/", StringComparison.Ordinal)).ToList();
        string At(RecordedCall? call) => call is null ? "-" : ((call.At - Started).TotalSeconds).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
        return $"issue {At(writes.FirstOrDefault(c => c.PathAndQuery.EndsWith("/issues", StringComparison.Ordinal)))} s; "
            + $"first pings {At(threads.FirstOrDefault())}-{At(threads.LastOrDefault())} s; "
            + $"further notes {At(replies.FirstOrDefault())}-{At(replies.LastOrDefault())} s; "
            + $"review note {At(writes.LastOrDefault(ScaleRun.IsReviewNote))} s; "
            + $"closed {At(writes.LastOrDefault(c => c.Method == "PUT"))} s";
    }
}

/// <summary>
/// One audit of N people (chart 001, PagerDuty), the service as its own process on a fresh database, against a
/// simulated PagerDuty and GitLab with their rate limits; nobody answers, the SOM approves the review.
/// </summary>
internal static class ScaleRun
{
    private const double ClientMargin = 0.97;

    public static async Task<ScaleResult> RunAsync(string server, int people, VendorLimits limits, double clockSpeed, TimeSpan patience)
    {
        var team = new ScaleTeam(people);
        var folder = Directory.CreateTempSubdirectory("audit-scale-").FullName;
        var teamFile = Path.Combine(folder, "support-team.yaml");
        await File.WriteAllTextAsync(teamFile, team.Yaml());
        try
        {
            var supportTeam = await SupportTeamLoader.LoadAsync(new LocalTeamFiles(teamFile), AuditIntegrations.Shipped.TeamFields, CancellationToken.None);
            await using var pagerDuty = new FakePagerDuty("bench-pd-token");
            await pagerDuty.StartAsync();
            team.Seed(pagerDuty);
            await SimulatorWarmUp.RunAsync(pagerDuty, "/users?limit=1&offset=0", requests: 20);
            // PagerDuty documents its limit as requests per minute per key (ratelimit-reset says when the minute ends).
            pagerDuty.LimitTo(VendorLimits.PagerDutyPerMinute, limits.Window);
            await using var gitLab = await SimulatedGitLab.StartAsync(supportTeam, []);
            gitLab.Fake.LimitRequestsTo(VendorLimits.GitLabRequestsPerMinute, limits.Window);
            gitLab.Fake.LimitNotesTo(VendorLimits.GitLabNotesPerMinute, limits.Window);

            await using var database = await BenchDatabase.CreateAsync(server, $"bench_audit_scale_{people}");
            ServiceUnderTest? service = await ServiceUnderTest.StartAsync(database.ConnectionString, Settings(teamFile, pagerDuty, gitLab, limits, clockSpeed));
            try
            {
                gitLab.SendWebhooksTo(new Uri(service.Client.BaseAddress!, "/webhooks/gitlab"));
                // What the service did on starting (its GitLab identity, the first reconciliation, migrations) is not the audit's.
                await Task.Delay(TimeSpan.FromSeconds(3));
                await database.ExecuteAsync("SELECT pg_stat_reset()");
                pagerDuty.ClearCalls();
                gitLab.Fake.ClearCalls();

                var processorAtStart = service.ProcessorTime;
                var loadAtStart = LoadAverage();
                var startedAt = DateTimeOffset.UtcNow;
                var watch = Stopwatch.StartNew();
                var started = await service.Client.PostAsJsonAsync("/api/runs", new { audit = "pagerduty" });
                started.EnsureSuccessStatusCode();
                var run = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
                var closed = await PlayTheSomAsync(gitLab, watch, patience);
                var wall = watch.Elapsed;
                var gitLabCalls = gitLab.Fake.Calls.Where(c => c.At <= closed).ToList();
                var pagerDutyCalls = pagerDuty.Calls.Where(c => c.At <= closed).ToList();
                var status = await StatusAsync(service, run);
                var issueCreated = gitLabCalls.FirstOrDefault(c => c.Method == "POST" && c.PathAndQuery.EndsWith("/issues", StringComparison.Ordinal))?.At
                    ?? DateTimeOffset.MaxValue;
                // After the SOM's approval the close reads the accounts once more: the evidence's "after" list, not a re-check.
                var reviewAsked = gitLabCalls.LastOrDefault(IsReviewNote)?.At ?? DateTimeOffset.MaxValue;
                var peak = service.PeakMegabytes;
                var processor = service.ProcessorTime - processorAtStart;
                var load = $"{loadAtStart} at the start, {LoadAverage()} at the end";
                await service.DisposeAsync();
                service = null;

                // A backend sends its statistics when it ends: every row the service wrote is counted once it has stopped.
                await Task.Delay(TimeSpan.FromSeconds(2));
                var rows = await RowsWrittenAsync(database);
                return new ScaleResult(team.Minimum, status, startedAt, wall, team.Minimum.Floor(limits, clockSpeed),
                    pagerDutyCalls, pagerDutyCalls.Count(c => c.At < issueCreated), pagerDutyCalls.Count(c => c.At > reviewAsked),
                    gitLabCalls, rows.Inserted, rows.Updated, rows.Deleted, peak, processor, load);
            }
            finally
            {
                if (service is not null)
                {
                    await service.DisposeAsync();
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The machine's one-minute load average: on 2 cores, anything well above 2 means other work shared them.</summary>
    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "-";

    internal static bool IsReviewNote(RecordedCall call) => call.Method == "POST" && call.StatusCode < 400
        && call.PathAndQuery.EndsWith("/notes", StringComparison.Ordinal) && !call.PathAndQuery.Contains("/discussions/", StringComparison.Ordinal);

    private static Dictionary<string, string> Settings(string teamFile, FakePagerDuty pagerDuty, SimulatedGitLabServer gitLab, VendorLimits limits, double clockSpeed)
    {
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Clock__Speed"] = Number(clockSpeed),
            ["Workflows__Directory"] = Path.Combine(ServiceUnderTest.RepositoryRoot(), "workflows"),
            ["SupportTeam__Source"] = teamFile,
            ["SupportOps__Managers__0"] = ScaleTeam.Som,
            ["Audits__PagerDuty__Variant"] = "quarterly",
            ["PagerDuty__BaseUrl"] = pagerDuty.BaseUrl,
            ["PagerDuty__Token"] = pagerDuty.Token,
            ["PagerDutyAuditLogs__Enabled"] = "false",
            // The client paces itself a little under each limit: loopback jitter alone makes some requests arrive early.
            ["PagerDuty__RequestsPerMinute"] = Number(Math.Floor(VendorLimits.PagerDutyPerMinute * limits.Scale * ClientMargin)),
            ["GitLab__NotesPerMinute"] = Number(Math.Floor(VendorLimits.GitLabNotesPerMinute * limits.Scale * ClientMargin)),
            ["GitLab__RequestsPerMinute"] = Number(Math.Floor(VendorLimits.GitLabRequestsPerMinute * limits.Scale * ClientMargin)),
            ["GitLab__ServiceUsername"] = SimulatedGitLab.Bot,
            // Days of service time pass in seconds: a step that late is the benchmark's doing, not an incident to post about.
            ["Alerts__OverdueAfter"] = "30.00:00:00",
        };
        foreach (var (key, value) in gitLab.Configuration)
        {
            if (key != "SupportTeam:Source")
            {
                settings[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
            }
        }

        return settings;
    }

    /// <summary>
    /// Nobody answers; the SOM approves the review note as soon as it appears. Answers when the issue was seen closed
    /// (after the close request was recorded, before the evidence pack that follows the run's end).
    /// </summary>
    private static async Task<DateTimeOffset> PlayTheSomAsync(SimulatedGitLabServer gitLab, Stopwatch watch, TimeSpan patience)
    {
        var approved = false;
        while (watch.Elapsed < patience)
        {
            if (Read(() => gitLab.Fake.Issues(SimulatedGitLab.AuditProject).FirstOrDefault()) is { } issue)
            {
                if (Read(() => issue.State) == "closed")
                {
                    return DateTimeOffset.UtcNow;
                }

                if (!approved && Read(() => issue.Discussions.ToList().Select(d => d.Notes.ToList().FirstOrDefault())
                        .FirstOrDefault(n => n is not null && n.AuthorId == issue.AuthorId && n.Body.Contains("Please review.", StringComparison.Ordinal))) is { } review)
                {
                    await gitLab.Fake.AwardEmojiAsync(issue.Iid, ScaleTeam.Som, "thumbsup", review.Id);
                    approved = true;
                }
            }

            await Task.Delay(250);
        }

        return DateTimeOffset.UtcNow;
    }

    /// <summary>Reads the live fake while the service writes to it: a collection changed under the read is read again.</summary>
    private static T Read<T>(Func<T> read)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return read();
            }
            catch (InvalidOperationException) when (attempt < 50)
            {
            }
            catch (ArgumentException) when (attempt < 50)
            {
            }
        }
    }

    private static async Task<string> StatusAsync(ServiceUnderTest service, Guid run)
    {
        for (var attempt = 0; attempt < 40; attempt++)
        {
            var view = await service.Client.GetFromJsonAsync<JsonElement>($"/api/runs/{run}");
            var status = view.GetProperty("status").GetString() ?? "unknown";
            if (status is "completed" or "faulted" or "cancelled")
            {
                return status;
            }

            if (attempt == 39)
            {
                return status;
            }

            await Task.Delay(250);
        }

        return "unknown";
    }

    private static async Task<(long Inserted, long Updated, long Deleted)> RowsWrittenAsync(BenchDatabase database) => (
        await database.CountAsync("SELECT coalesce(sum(n_tup_ins), 0) FROM pg_stat_user_tables"),
        await database.CountAsync("SELECT coalesce(sum(n_tup_upd), 0) FROM pg_stat_user_tables"),
        await database.CountAsync("SELECT coalesce(sum(n_tup_del), 0) FROM pg_stat_user_tables"));

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}
