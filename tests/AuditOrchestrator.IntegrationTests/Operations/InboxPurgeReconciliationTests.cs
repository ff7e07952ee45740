using AuditOrchestrator.Api.Operations;
using AuditOrchestrator.Audits.GitLab.Webhooks;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.IntegrationTests.Operations;

/// <summary>Which GitLab objects a run has taken is known for the run's life, whatever Retention__Inbox purges.</summary>
public sealed class InboxPurgeReconciliationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Test]
    public async Task AnswerTaken_InboxPurged_ReconciliationTakesNothingAgain()
    {
        await using var host = await SmallTeam.StartAsync(moreSettings: new Dictionary<string, string?>
        {
            // Consumed inbox rows go at once: the purge below stands for the one 30 days into a long review.
            ["Retention:Inbox"] = "00:00:00.001",
        });
        var run = await host.StartRunAsync();
        var (iid, threads) = await host.FirstPingsAsync(run, 5);

        await host.ReplyAsync(iid, threads["alice"], "alice", "I am on the rotation from next week.");
        await Eventually.HoldsAsync(async () => await host.ItemStateAsync(run, "alice") is "addressed" or "explained", Patience, "Alice's answer is taken");
        var taken = await host.Database.ScalarAsync<string>("SELECT delivery_key FROM workflow_inbox WHERE consumed_at IS NOT NULL");
        var purged = await host.Service.Services.GetRequiredService<RetentionPurge>().PurgeAsync(500, CancellationToken.None);
        Assert.That(await host.Database.ScalarAsync<long>("SELECT count(*) FROM workflow_inbox WHERE consumed_at IS NOT NULL"), Is.Zero,
            $"the purge removed the consumed inbox rows ({purged.InboxRows} now)");

        var pass = await host.Service.Services.GetRequiredService<GitLabReconciliation>().RunOnceAsync(CancellationToken.None);

        var view = await host.RunAsync(run);
        var alice = view.Item("alice");
        Assert.Multiple(async () =>
        {
            Assert.That(pass.IssuesRead, Is.EqualTo(1));
            Assert.That(pass.SignalsDelivered, Is.Zero, "nothing on the issue is new");
            Assert.That(await host.Database.ScalarAsync<long>($"SELECT count(*) FROM workflow_inbox WHERE delivery_key = '{taken}'"), Is.Zero,
                "Alice's old note is not read as a new answer");
            Assert.That(await host.Database.ScalarAsync<long>("SELECT count(*) FROM workflow_journal WHERE kind = 'signal-received'"), Is.EqualTo(1));
            Assert.That(alice.Answers.Count, Is.EqualTo(1));
        });
        Assert.That(view.Status, Is.EqualTo("running"));
    }
}
