using System.Text.Json;
using System.Text.Json.Nodes;
using AuditOrchestrator.Api.Operations;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Runtime;
using AuditOrchestrator.Sandbox.GitLab;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AuditOrchestrator.IntegrationTests.Webhooks;

/// <summary>
/// Signals no wait takes (notes on a thread nobody waits on, anything on a finished run's issue) stay pending in the
/// inbox until the retention purge expires them into their run's record; an answer that came just before its wait
/// began is taken by that wait, never expired.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PendingSignalExpiryTests
{
    private const int Flood = 150;

    [Test]
    public async Task FloodOnAThreadNobodyWaitsOn_ExpiresIntoTheRunsRecord_WhileAnAnswerThatCameBeforeItsWaitIsTaken()
    {
        await using var host = await WebhookHost.StartAsync();
        var run = await host.StartWaitingAsync("wait-issue-closed", "the-run");
        await host.WaitForStepAsync(run, "closed");
        var issue = await host.CreateOwnedIssueAsync(run);

        // Bob floods a thread of his own: every note is a gitlab.answer signal that no wait will ever take.
        var noise = await host.GitLab.StartThreadAsync(issue.Iid, "bob", "noise 0");
        for (var i = 1; i < Flood; i++)
        {
            await host.GitLab.ReplyAsync(issue.Iid, noise.Id, "bob", $"noise {i}");
        }
        var noiseKey = $"gitlab-thread:{issue.ProjectId}:{issue.Iid}:{noise.Id}";
        // Alice answers on her item's thread before its wait has begun (the normal race: the reply lands first).
        var answer = await host.GitLab.ReplyAsync(issue.Iid, issue.ThreadId, WebhookHost.Alice, "Fixed my role");
        await Eventually.HoldsAsync(async () => await PendingAsync(host, noiseKey) == Flood && await PendingAsync(host, issue.ThreadKey) == 1,
            TimeSpan.FromSeconds(60), "every note of the flood and alice's answer are pending in the inbox");

        // Six days on nothing has expired; then the wait begins and takes Alice's answer.
        Assert.That((await PurgeAsync(host, TimeSpan.FromDays(6))).ExpiredSignals, Is.Zero, "younger than Retention__PendingSignals");
        var waiting = await host.StartWaitingAsync("wait-gitlab-answer", issue.ThreadKey);
        await host.WaitForStepAsync(waiting, "record", "completed");
        var taken = (await host.InstanceAsync(waiting)).Signal("gitlab", "answer");
        Assert.That(taken["noteId"]!.GetValue<long>(), Is.EqualTo(answer.Id), "the early answer was taken by its wait");

        // Eight days on the flood is gone from the inbox, each note in the run's record with its text.
        var expired = await PurgeAsync(host, TimeSpan.FromDays(8));
        var notTaken = await NotTakenAsync(host, run);
        Assert.Multiple(async () =>
        {
            Assert.That(expired.ExpiredSignals, Is.EqualTo(Flood));
            Assert.That(await PendingAsync(host, noiseKey), Is.Zero, "the flood no longer sits in the inbox");
            Assert.That(await host.CountAsync($"workflow_inbox WHERE correlation_key = '{issue.ThreadKey}' AND consumed_at IS NOT NULL"), Is.EqualTo(1),
                "the taken answer is untouched");
            Assert.That(notTaken, Has.Count.EqualTo(Flood), "one signal-not-taken entry per expired note");
            Assert.That(notTaken.Select(e => e.Text("key")), Has.All.EqualTo(noiseKey));
            Assert.That(notTaken.Select(e => e["payload"].Text("body")), Is.EquivalentTo(
                Enumerable.Range(0, Flood).Select(i => $"noise {i}")), "the record keeps what arrived, note by note");
            Assert.That(notTaken.Select(e => e.Text("reason")), Has.All.EqualTo("expired"));
        });

        // The reconciliation reads every note on the issue again: the expired ones are known, and stay out.
        await host.Reconciliation().RunOnceAsync(CancellationToken.None);
        Assert.That(await PendingAsync(host, noiseKey), Is.Zero, "a reconciliation does not bring the flood back");

        // Once the run has ended, what arrives on its issue goes at the next purge, recorded first.
        (await host.Admin.PostAsync(new Uri($"/api/instances/{run}/actions/cancel", UriKind.Relative), null)).EnsureSuccessStatusCode();
        await host.WaitForStepAsync(run, "closed", "cancelled");
        var late = await host.GitLab.ReplyAsync(issue.Iid, issue.ThreadId, WebhookHost.Alice, "Late word on a finished audit");
        await host.GitLab.Webhooks.WaitForAsync(d => d.Body.Contains("Late word", StringComparison.Ordinal) && d.Outcome == WebhookOutcome.Delivered);
        await host.SettledAsync();
        Assert.That(await PendingAsync(host, issue.ThreadKey), Is.EqualTo(1));
        Assert.That((await PurgeAsync(host, TimeSpan.Zero)).ExpiredSignals, Is.EqualTo(1), "a finished run's signal goes without waiting out its age");
        var last = (await NotTakenAsync(host, run))[^1];
        Assert.Multiple(() =>
        {
            Assert.That(last.Text("reason"), Is.EqualTo("run-ended"));
            Assert.That(last.Text("delivery"), Is.EqualTo($"gitlab:note:{late.Id}"));
        });
    }

    private static Task<long> PendingAsync(WebhookHost host, string key) =>
        host.CountAsync($"workflow_inbox WHERE correlation_key = '{key}' AND consumed_at IS NULL");

    /// <summary>The service's retention purge as it would run <paramref name="later"/> from now on the service clock.</summary>
    private static Task<PurgeResult> PurgeAsync(WebhookHost host, TimeSpan later)
    {
        var services = host.Service.Services;
        var purge = ActivatorUtilities.CreateInstance<RetentionPurge>(services, (TimeProvider)new Later(services.GetRequiredService<TimeProvider>(), later));
        return purge.PurgeAsync(50, CancellationToken.None);
    }

    /// <summary>The data of the run's <c>signal-not-taken</c> journal entries, oldest first.</summary>
    private static async Task<List<JsonObject>> NotTakenAsync(WebhookHost host, Guid run) =>
        [.. (await host.InstanceAsync(run)).Journal.Where(e => e.Kind == "signal-not-taken").Select(e => e.Data!)];

    private sealed class Later(TimeProvider clock, TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => clock.GetUtcNow() + by;
    }
}
