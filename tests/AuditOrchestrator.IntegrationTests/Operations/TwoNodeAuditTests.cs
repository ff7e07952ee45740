using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
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

    [Test]
    public async Task NodeKilledMidAudit_TheOtherFinishesIt_EveryNoteOnce_WebhooksAcceptedByEither()
    {
        await using var world = await World.StartAsync();
        var (database, pagerDuty, gitLab) = (world.Database, world.PagerDuty, world.GitLab);
        var environment = world.Environment(new Dictionary<string, string>
        {
            ["Runtime__LeaseDuration"] = "00:00:03",
        });
        await using var doomed = ServiceProcess.Start(environment);
        await using var survivor = ServiceProcess.Start(environment);
        await Task.WhenAll(doomed.WaitUntilReadyAsync(TimeSpan.FromSeconds(60)), survivor.WaitUntilReadyAsync(TimeSpan.FromSeconds(60)));
        using var a = Client(doomed);
        using var b = Client(survivor);
        gitLab.SendWebhooksTo(new Uri(doomed.BaseAddress, "/webhooks/gitlab"));

        var started = await a.PostAsJsonAsync("/api/runs", new { audit = "pagerduty" });
        var run = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        long iid = 0;
        await Eventually.HoldsAsync(async () =>
        {
            var view = await b.GetFromJsonAsync<JsonElement>($"/api/runs/{run}");
            iid = view.GetProperty("issue").ValueKind == JsonValueKind.Object ? view.GetProperty("issue").GetProperty("iid").GetInt64() : 0;
            return iid > 0 && BotNotes(gitLab, iid).Count >= 5;
        }, Patience, "the issue and its five threads exist");
        // Each person's thread: the discussion whose first note mentions them.
        var threads = BotNotes(gitLab, iid).GroupBy(n => n.DiscussionId).Select(g => g.First())
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

        await Eventually.HoldsAsync(async () => (await b.GetFromJsonAsync<JsonElement>($"/api/runs/{run}")).GetProperty("status").GetString() == "awaiting-review",
            Patience, "the survivor runs every follow-up to the review");
        var review = BotNotes(gitLab, iid)[^1];
        await gitLab.Fake.AwardEmojiAsync(iid, FollowUpHost.Som, "thumbsup", review.Id);
        await Eventually.HoldsAsync(async () => (await b.GetFromJsonAsync<JsonElement>($"/api/runs/{run}")).GetProperty("status").GetString() == "completed",
            Patience, "the run completes on the survivor");

        var notes = BotNotes(gitLab, iid);
        var final = await b.GetFromJsonAsync<JsonElement>($"/api/runs/{run}");
        var states = final.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetString()!, i => i.GetProperty("state").GetString()!);
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

    private static string[] Answers(JsonElement run, string item) =>
        [.. run.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == item)
            .GetProperty("answers").EnumerateArray().Select(a => a.GetProperty("author").GetString()!)];

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

    private static List<Note> BotNotes(SimulatedGitLabServer gitLab, long iid)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var issue = gitLab.Fake.GetIssue(SimulatedGitLab.AuditProject, iid);
                return [.. issue.Discussions.ToList()
                    .SelectMany(d => d.Notes.ToList().Select(n => (Discussion: d, Note: n)))
                    .Where(x => x.Note.AuthorId == issue.AuthorId && !x.Note.System && IsWorkflowStepNote(x.Note.Body))
                    .OrderBy(x => x.Note.Id)
                    .Select(x => new Note(x.Discussion.Id, x.Note.Id, x.Note.Body, MentionOf(x.Note.Body)))];
            }
            catch (InvalidOperationException) when (attempt < 20)
            {
                // The service is writing to the fake meanwhile; read again.
            }
        }
    }

    /// <summary>
    /// A note a workflow step posted (its marker is a step's effect key), not an alert about an overdue step (on this
    /// fast clock the killed node's instances are overdue until their leases lapse) or the evidence pack's note.
    /// </summary>
    private static bool IsWorkflowStepNote(string body) => IdempotencyMarker.Find(body) is { } key && StepEffectKey().IsMatch(key);

    [GeneratedRegex("^[0-9a-f]{32}:[0-9]+:")]
    private static partial Regex StepEffectKey();

    private static string MentionOf(string body) => Mention().Match(body).Groups[1].Value;

    [GeneratedRegex(@"(?<![\w`])@([A-Za-z0-9_.\-]+)")]
    private static partial Regex Mention();
}
