using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.Sandbox.GitLab;
using AuditOrchestrator.Sandbox.PagerDuty;
using AuditOrchestrator.Sandbox.Slack;
using AuditOrchestrator.Vendors.GitLab;

namespace AuditOrchestrator.IntegrationTests.Workflows.Crash;

/// <summary>
/// One chart-001 PagerDuty run with the service as its own OS process (sped-up clock, Development) over its own
/// database, against a simulated PagerDuty, GitLab and Slack in the test process. The people of
/// <see cref="SmallTeam"/> act on what they see in GitLab, whenever they see it: Alice answers and fixes at once,
/// Bob fixes silently, Carol fixes and answers after the second ping, Dave never does, and the SOM approves the
/// review. The node can be killed (SIGKILL) and restarted at any moment.
/// </summary>
internal sealed class ProcessAuditWorld : IAsyncDisposable
{
    public const string Som = "msom";
    public const string SomSlackId = "U0MSOM001";
    public const double Speed = 50_000;

    private readonly Dictionary<string, string> _environment;
    private readonly List<ServiceProcess> _nodes = [];
    private readonly HashSet<string> _done = [];

    private ProcessAuditWorld(AuditWorld world)
    {
        World = world;
        _environment = world.ProcessEnvironment(new Dictionary<string, string>
        {
            ["Clock__Speed"] = Speed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // A killed node's claims are taken over after this much real time.
            ["Runtime__LeaseDuration"] = "00:00:03",
            // Answers sent while the node was down are found by the reconciliation (at start, then every 2 s).
            ["GitLab__ReconcileInterval"] = "00:00:02",
            // Seconds of downtime are a day of simulated time: a timer that late is the kill's doing, not an incident
            // to alert about here (alerts are tested on their own), so alerts would only differ between the runs.
            ["Alerts__OverdueAfter"] = "30.00:00:00",
        });
    }

    public AuditWorld World { get; }
    public TestDatabase Database => World.Database;
    public FakePagerDuty PagerDuty => World.PagerDuty!;
    public SimulatedGitLabServer GitLab => World.GitLab;
    public FakeSlack Slack => World.Slack!;
    public ServiceProcess Node => _nodes[^1];
    public int Kills { get; private set; }

    public static async Task<ProcessAuditWorld> StartAsync()
    {
        var world = await AuditWorld.StartAsync(new WorldOptions(
            // The SOM gets a Slack id, so any DM the run sends is seen and compared.
            SmallTeam.Yaml.Replace(
                "gitlab: { id: 9100, username: msom }", $"gitlab: {{ id: 9100, username: msom }}\n  slack: {{ id: {SomSlackId} }}", StringComparison.Ordinal))
        {
            SeedPagerDuty = SmallTeam.SeedPagerDuty,
            Slack = true,
            Settings = new Dictionary<string, string?> { ["Audits:PagerDuty:Variant"] = "quarterly" },
        });
        var crashWorld = new ProcessAuditWorld(world);
        await crashWorld.StartNodeAsync();
        return crashWorld;
    }

    public async Task StartNodeAsync()
    {
        var node = ServiceProcess.Start(_environment);
        _nodes.Add(node);
        // A node killed while it held one of Hangfire's recurring-job locks holds back the next node's registration of
        // the recurring jobs (and so /readyz) until that lock expires: the DistributedLockTimeout in Api/Jobs/HangfireSetup.cs, one minute.
        await node.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
        GitLab.SendWebhooksTo(new Uri(node.BaseAddress, "/webhooks/gitlab"));
    }

    /// <summary>SIGKILL, as a power cut: no shutdown code runs. Then a new node on the same database.</summary>
    public async Task KillAndRestartAsync()
    {
        Node.Kill();
        Kills++;
        await StartNodeAsync();
    }

    public async Task<Guid> StartRunAsync()
    {
        using var admin = Admin();
        return await admin.StartRunAsync("pagerduty");
    }

    /// <summary>The run's status, or null while no node answers.</summary>
    public async Task<string?> StatusAsync(Guid run)
    {
        try
        {
            using var admin = Admin();
            return (await admin.RunAsync(run)).Status;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>The people look at GitLab and act, each once, until the run completes.</summary>
    public async Task PlayPeopleUntilCompletedAsync(Guid run, TimeSpan timeout)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await ActAsync();
            if (Issue() is { State: "closed" } && await StatusAsync(run) == "completed")
            {
                await TestContext.Out.WriteLineAsync($"run completed after {watch.Elapsed.TotalSeconds:F1} s ({Kills} kills)");
                return;
            }
            if (watch.Elapsed > timeout)
            {
                Assert.Fail($"The run did not complete within {timeout} ({Kills} kills). Notes so far:\n{string.Join("\n", Threads())}\nLast node:\n{Node.Output}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>What the run did in GitLab and Slack, independent of ids and times: comparable between runs.</summary>
    public RunEffects Effects()
    {
        var issues = GitLab.Fake.Issues(SimulatedGitLab.AuditProject);
        var notes = Threads().SelectMany(t => t.Notes).ToList();
        var keys = notes.Select(n => IdempotencyMarker.Find(n.Body)).ToList();
        return new RunEffects(
            issues.Count,
            issues.Count(i => i.State == "closed"),
            GitLab.Fake.Calls.Count(c => c.Method == "PUT" && c.Body.Contains("\"close\"", StringComparison.Ordinal) && c.StatusCode < 300),
            [.. Threads().Select(t => string.Join(" > ", t.Notes.Select(n => string.Join(",", n.Mentions)))).Order(StringComparer.Ordinal)],
            notes.Count,
            keys.Where(k => k is not null).Distinct(StringComparer.Ordinal).Count(),
            [.. Slack.MessagesTo(SomSlackId).Select(m => m.Text).Order(StringComparer.Ordinal)]);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
        await World.DisposeAsync();
    }

    private HttpClient Admin()
    {
        var client = new HttpClient { BaseAddress = Node.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", ServiceFactory.BootstrapToken);
        return client;
    }

    private async Task ActAsync()
    {
        if (Issue() is not { } issue)
        {
            return;
        }
        foreach (var thread in Threads())
        {
            var owner = thread.Notes[0].Mentions.FirstOrDefault();
            if (thread.Notes[0].Body.Contains("Please review.", StringComparison.Ordinal))
            {
                if (_done.Add("approve"))
                {
                    await GitLab.Fake.AwardEmojiAsync(issue.Iid, Som, "thumbsup", thread.Notes[0].Id);
                }
                continue;
            }
            switch (owner)
            {
                case "alice" when _done.Add("alice"):
                    PagerDuty.AddToSchedule("PSCHED1", "PALICE1");
                    await GitLab.Fake.ReplyAsync(issue.Iid, thread.DiscussionId, "alice", "Added myself to the rotation.");
                    break;
                case "bob" when _done.Add("bob"):
                    PagerDuty.AddUser("PBOB001", "Bob Silent", "bob@example.com");
                    PagerDuty.AddToSchedule("PSCHED1", "PBOB001");
                    break;
                case "carol" when thread.Notes.Count >= 2 && _done.Add("carol"):
                    PagerDuty.AddToSchedule("PSCHED1", "PCAROL1");
                    await GitLab.Fake.ReplyAsync(issue.Iid, thread.DiscussionId, "carol", "Fixed now, sorry for the delay.");
                    break;
            }
        }
    }

    private FakeGitLabIssue? Issue() => GitLab.Fake.Issues(SimulatedGitLab.AuditProject).FirstOrDefault();

    /// <summary>
    /// Threads the bot started, each with the bot's notes in order (people's replies left out). The evidence pack's note
    /// follows the run's completion by up to one publishing pass, so it is left out of this comparison; the evidence
    /// tests hold that it is posted once.
    /// </summary>
    private List<BotThread> Threads() =>
        Issue() is not { } issue ? [] : [.. World.BotNotes(issue.Iid)
            .Where(n => !n.Body.Contains("**Evidence pack**", StringComparison.Ordinal))
            .GroupBy(n => n.DiscussionId)
            .Select(t => new BotThread(t.Key, [.. t]))];

    private sealed record BotThread(string DiscussionId, List<BotNote> Notes)
    {
        public override string ToString() => string.Join(" > ", Notes.Select(n => string.Join(",", n.Mentions)));
    }
}

/// <summary>The effects of one run: issues opened and closed, close requests, the threads by who each note mentions, DMs.</summary>
internal sealed record RunEffects(
    int Issues, int ClosedIssues, int CloseRequests, IReadOnlyList<string> Threads, int Notes, int DistinctNoteKeys, IReadOnlyList<string> SomDms)
{
    public override string ToString() =>
        $"issues {Issues} (closed {ClosedIssues}, close requests {CloseRequests}), notes {Notes} (distinct keys {DistinctNoteKeys}), " +
        $"threads [{string.Join(" | ", Threads)}], DMs [{string.Join(" | ", SomDms)}]";
}
