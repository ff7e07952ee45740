using System.Text;
using AuditOrchestrator.Api.Runs;
using System.Text.RegularExpressions;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Workflows;
using AuditOrchestrator.Sandbox.GitLab;
using AuditOrchestrator.Vendors.GitLab;

namespace AuditOrchestrator.IntegrationTests.Operations;

/// <summary>
/// Two service processes on one PostgreSQL run a PagerDuty audit on a sped-up clock; one is killed (SIGKILL) mid-run
/// and the other finishes it. GitLab and PagerDuty are simulated in the test process.
/// </summary>
public sealed partial class TwoNodeAuditTests
{
    // 72 simulated hours pass in about 13 real seconds: alice's answer must reach the inbox before her first wait times
    // out, or the re-check addresses her and her answer, correctly, counts for nothing. On a loaded machine two nodes
    // took over 5 seconds for that.
    private const string Speed = "20000";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);

    /// <summary>What the nodes share: the team of <see cref="SmallTeam"/>, one database, the simulated PagerDuty and GitLab.</summary>
    private static readonly WorldOptions PagerDutyWorld = new(SmallTeam.Yaml)
    {
        SeedPagerDuty = SmallTeam.SeedPagerDuty,
        Settings = new Dictionary<string, string?> { ["Audits:PagerDuty:Variant"] = "quarterly" },
    };

    [Test]
    public async Task NodeKilledMidAudit_TheOtherFinishesIt_EveryNoteOnce_WebhooksAcceptedByEither()
    {
        await using var world = await AuditWorld.StartAsync(PagerDutyWorld);
        var (database, pagerDuty, gitLab) = (world.Database, world.PagerDuty!, world.GitLab);
        var environment = world.ProcessEnvironment(new Dictionary<string, string>
        {
            ["Clock__Speed"] = Speed,
            ["Runtime__LeaseDuration"] = "00:00:03",
        });
        await using var doomed = ServiceProcess.Start(environment);
        await using var survivor = ServiceProcess.Start(environment);
        await Task.WhenAll(doomed.WaitUntilReadyAsync(TimeSpan.FromSeconds(60)), survivor.WaitUntilReadyAsync(TimeSpan.FromSeconds(60)));
        using var a = Client(doomed);
        using var b = Client(survivor);
        gitLab.SendWebhooksTo(new Uri(doomed.BaseAddress, "/webhooks/gitlab"));

        var run = await a.StartRunAsync("pagerduty");
        long iid = 0;
        await Eventually.HoldsAsync(async () =>
        {
            iid = (await b.RunAsync(run)).Issue?.Iid ?? 0;
            return iid > 0 && BotNotes(world, iid).Count >= 5;
        }, Patience, "the issue and its five threads exist");
        // Each person's thread: the discussion whose first note mentions them.
        var threads = BotNotes(world, iid).GroupBy(n => n.DiscussionId).Select(g => g.First())
            .Where(n => n.Mention is "alice" or "bob" or "carol" or "dave").ToDictionary(n => n.Mention, n => n.DiscussionId);

        // Alice answers; GitLab delivers to the doomed node, and the same delivery reaches the survivor too (a retry
        // through the load balancer): both accept it, and it counts once.
        pagerDuty.AddToSchedule("PSCHED1", "PALICE1");
        await gitLab.Fake.ReplyAsync(iid, threads["alice"], "alice", "Added myself to the rotation.");
        var answer = await gitLab.Fake.Webhooks.WaitForAsync(d => d.Event == "Note Hook" && d.Outcome == WebhookOutcome.Delivered, TimeSpan.FromSeconds(30));
        var again = await DeliverAsync(b, gitLab.WebhookSecret, answer);
        Assert.That(again, Does.Contain("duplicate"), "the survivor accepts the same delivery (200) and knows it already");

        doomed.Kill();
        gitLab.SendWebhooksTo(new Uri(survivor.BaseAddress, "/webhooks/gitlab"));
        pagerDuty.AddUser("PBOB001", "Bob Silent", "bob@example.com");
        pagerDuty.AddToSchedule("PSCHED1", "PBOB001");
        pagerDuty.AddToSchedule("PSCHED1", "PCAROL1");
        await gitLab.Fake.ReplyAsync(iid, threads["carol"], "carol", "Fixed now.");

        await Eventually.HoldsAsync(async () => (await b.RunAsync(run)).Status == "awaiting-review",
            Patience, "the survivor runs every follow-up to the review");
        var review = BotNotes(world, iid)[^1];
        await gitLab.Fake.AwardEmojiAsync(iid, FollowUpHost.Som, "thumbsup", review.Id);
        await Eventually.HoldsAsync(async () => (await b.RunAsync(run)).Status == "completed",
            Patience, "the run completes on the survivor");

        var notes = BotNotes(world, iid);
        var final = await b.RunAsync(run);
        var states = final.Items!.ToDictionary(i => i.Id, i => i.State);
        var journaled = await database.ScalarAsync<long>("SELECT count(*) FROM workflow_journal WHERE kind IN ('pinged', 'review-requested')");
        Assert.Multiple(async () =>
        {
            Assert.That(notes.Select(n => n.Body).Distinct().Count(), Is.EqualTo(notes.Count), "no note posted twice");
            Assert.That(notes, Has.Count.EqualTo(journaled), "every ping and the review in the journal once, and on the issue once");
            Assert.That(states["alice"], Is.EqualTo("addressed"));
            Assert.That(states["bob"], Is.EqualTo("addressed"));
            Assert.That(states["carol"], Is.EqualTo("addressed"));
            Assert.That(states["dave"], Is.EqualTo("escalated-som"));
            Assert.That(notes.Count(n => n.DiscussionId == threads["dave"]), Is.EqualTo(4), "dave: first ping, second ping, manager, SOM: each timer fired once");
            Assert.That(gitLab.Fake.GetIssue(SimulatedGitLab.AuditProject, iid).State, Is.EqualTo("closed"));
            Assert.That(Answers(final, "alice"), Is.EqualTo(new[] { "alice" }), "alice's answer, delivered to both nodes, counts once");
            Assert.That(Answers(final, "carol"), Is.EqualTo(new[] { "carol" }), "carol's answer, delivered to the survivor alone");
        });
    }

    private static string[] Answers(RunView run, string item) =>
        [.. run.Items!.Single(i => i.Id == item).Answers.Select(a => a!["author"]!.GetValue<string>())];

    private static HttpClient Client(ServiceProcess node)
    {
        var client = new HttpClient { BaseAddress = node.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", ServiceFactory.BootstrapToken);
        return client;
    }

    private static async Task<string> DeliverAsync(HttpClient node, string secret, WebhookDelivery delivery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/gitlab") { Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Gitlab-Token", secret);
        request.Headers.Add("X-Gitlab-Event", delivery.Event);
        request.Headers.Add("X-Gitlab-Event-UUID", Guid.NewGuid().ToString());
        request.Headers.Add("Idempotency-Key", delivery.IdempotencyKey);
        var response = await node.SendAsync(request);
        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        return await response.Content.ReadAsStringAsync();
    }

    private sealed record Note(string DiscussionId, long Id, string Body, string Mention);

    private static List<Note> BotNotes(AuditWorld world, long iid) =>
        [.. world.BotNotes(iid).Where(n => IsWorkflowStepNote(n.Body)).Select(n => new Note(n.DiscussionId, n.Id, n.Body, n.Mentions.FirstOrDefault() ?? ""))];

    /// <summary>
    /// A note a workflow step posted (its marker is a step's effect key), not an alert about an overdue step (on this
    /// fast clock the killed node's instances are overdue until their leases lapse) or the evidence pack's note.
    /// </summary>
    private static bool IsWorkflowStepNote(string body) => IdempotencyMarker.Find(body) is { } key && StepEffectKey().IsMatch(key);

    [GeneratedRegex("^[0-9a-f]{32}:[0-9]+:")]
    private static partial Regex StepEffectKey();
}
