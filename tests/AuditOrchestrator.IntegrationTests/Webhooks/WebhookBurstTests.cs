using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.Webhooks;

/// <summary>
/// A burst of deliveries while GitLab answers slowly: processing calls GitLab (the done emoji on a thread asks GitLab
/// whether the note is the thread's first) with no transaction open, so the receivers of both nodes keep answering,
/// every delivery is processed once from the shared queue, and no database connection sits idle in a transaction
/// waiting for GitLab. Which node processes a delivery is the queue's choice: one node may drain it alone.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class WebhookBurstTests
{
    private const int Burst = 200;
    private const int Issues = 4;
    private static readonly TimeSpan SlowGitLab = TimeSpan.FromSeconds(2);

    [Test]
    public async Task Burst_WhileGitLabIsSlow_EveryDeliveryAcceptedByEitherNode_ProcessedOnce_NoTransactionHeldAcrossGitLabCalls()
    {
        await using var host = await WebhookHost.StartAsync();
        var second = await host.StartAnotherNodeAsync();
        // Real Emoji Hook bodies from the simulated GitLab, kept from the service, one per audit issue; the burst is 200
        // distinct awards like them, spread over the issues (one issue's deliveries may be processed in order).
        host.GitLab.Webhooks.DropDeliveries = true;
        var templates = new List<(long AwardId, string Body)>();
        for (var i = 0; i < Issues; i++)
        {
            var issue = await host.CreateOwnedIssueAsync();
            var award = await host.GitLab.AwardEmojiAsync(issue.Iid, WebhookHost.Alice, "white_check_mark", issue.FirstNoteId);
            var hooks = await host.GitLab.Webhooks.WaitForCountAsync(d => d.Event == "Emoji Hook", i + 1);
            templates.Add((award.Id, hooks[i].Body));
        }

        using var sampling = new CancellationTokenSource();
        var sampler = MostIdleInTransactionAsync(host.Database, sampling.Token);
        host.GitLab.Faults.SlowNext(40, SlowGitLab);

        var nodes = new[] { host.Http, new HttpClient { BaseAddress = second } };
        var answers = new ConcurrentBag<(HttpStatusCode Status, TimeSpan Took)>();
        await Parallel.ForEachAsync(Enumerable.Range(1, Burst), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, ct) =>
        {
            var template = templates[n % Issues];
            var body = JsonNode.Parse(template.Body)!.AsObject();
            body["object_attributes"]!["id"] = template.AwardId + (1_000_000 * n);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/gitlab")
            {
                Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Gitlab-Token", WebhookHost.Secret);
            request.Headers.Add("X-Gitlab-Event", "Emoji Hook");
            request.Headers.Add("Idempotency-Key", $"burst-{n}");
            var took = Stopwatch.StartNew();
            using var response = await nodes[n % 2].SendAsync(request, ct);
            answers.Add((response.StatusCode, took.Elapsed));
        });

        await Eventually.HoldsAsync(async () => await host.CountAsync("webhook_deliveries WHERE processed_at IS NOT NULL") == Burst,
            TimeSpan.FromSeconds(90), $"all {Burst} deliveries are processed");
        await sampling.CancelAsync();
        var idleInTransaction = await sampler;
        Assert.Multiple(async () =>
        {
            Assert.That(answers.Select(a => a.Status), Has.All.EqualTo(HttpStatusCode.OK), "every delivery of the burst is accepted");
            Assert.That(answers.Max(a => a.Took), Is.LessThan(SlowGitLab), "the receiver never waits for the slow GitLab");
            Assert.That(idleInTransaction, Is.Zero, "no connection sat idle in a transaction while GitLab was slow");
            Assert.That(await host.CountAsync("webhook_deliveries WHERE outcome = 'signalled' AND attempts = 1"), Is.EqualTo(Burst),
                "each delivery processed once, and signalled");
            Assert.That(await host.CountAsync($"workflow_inbox WHERE delivery_key LIKE 'gitlab:award:%'"), Is.EqualTo(Burst),
                "every award reached the inbox");
            Assert.That(host.GitLab.Faults.SlowRequestsLeft, Is.Zero, "the slow GitLab calls were all made during the burst");
        });
    }

    /// <summary>
    /// The most connections to the test's database seen at once idle inside a transaction for over a second (a
    /// transaction held across a slow call; the engine's own transactions are idle for milliseconds between statements).
    /// </summary>
    private static async Task<long> MostIdleInTransactionAsync(TestDatabase database, CancellationToken ct)
    {
        long most = 0;
        while (!ct.IsCancellationRequested)
        {
            var now = await database.ScalarAsync<long>("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND state LIKE 'idle in transaction%' AND clock_timestamp() - state_change > interval '1 second'
                """);
            most = Math.Max(most, now);
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return most;
    }
}
