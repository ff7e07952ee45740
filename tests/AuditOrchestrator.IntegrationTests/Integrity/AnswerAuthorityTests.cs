using AuditOrchestrator.IntegrationTests.Runtime;
using System.Net.Http.Json;
using System.Text.Json;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Workflows;

namespace AuditOrchestrator.IntegrationTests.Integrity;

/// <summary>Issue 16, hole 2: only the item's person (after escalation, their manager or the SOM) answers; only the SOM approves.</summary>
public sealed class AnswerAuthorityTests
{
    [Test]
    public async Task TeammatesReply_EndsNothing_TheEscalationHappensOnTime_AndTheManagerAnswersAfterIt()
    {
        await using var host = await SmallTeam.StartAsync();
        var run = await host.StartRunAsync();
        var (iid, threads) = await host.FirstPingsAsync(run, 5);
        var dave = await host.ItemInstanceAsync(run, "dave");
        var firstDue = (await host.ItemAsync(run, "dave"))!.NextTimer!.DueAt;

        // A day in, a teammate answers for Dave, and so does his manager before anyone asked him: neither counts.
        host.Clock.Advance(TimeSpan.FromHours(24));
        await host.ReplyAsync(iid, threads["dave"], "bob", "Dave is on it, consider it explained.");
        await host.Fake.AwardEmojiAsync(iid, "carol", "white_check_mark", host.BotNotes(iid).First(n => n.DiscussionId == threads["dave"]).Id);
        await host.ReplyAsync(iid, threads["dave"], FollowUpHost.Lead, "He is fine.");
        await host.WaitForJournalAsync(dave, "answer-not-counted", 3);
        // The wait goes on with its deadline (read once the step has committed its new wait).
        await Eventually.HoldsAsync(async () => (await host.ItemAsync(run, "dave"))?.NextTimer?.DueAt == firstDue, IntegrityReads.Patience, "Dave's item waits to its first deadline");
        Assert.That(await host.ItemStateAsync(run, "dave"), Is.EqualTo("open"));

        // Nor can an operator claim to be Dave through the signals API.
        var forged = await host.Admin.PostAsJsonAsync("/api/signals", new
        {
            name = "gitlab.answer",
            key = $"gitlab-thread:{host.Issue(iid).ProjectId}:{iid}:{threads["dave"]}",
            payload = new { kind = "note", author = "dave", body = "fixed" },
        });
        Assert.That((int)forged.StatusCode, Is.EqualTo(403), await forged.Content.ReadAsStringAsync());

        // 48 hours later the first wait ends on time, then the second; Dave's manager is pinged.
        await host.AdvanceAndSettleAsync(run, TimeSpan.FromHours(48) + TimeSpan.FromMinutes(1));
        await host.AdvanceAndSettleAsync(run, TimeSpan.FromDays(4) + TimeSpan.FromMinutes(1));
        Assert.That(await host.ItemStateAsync(run, "dave"), Is.EqualTo("escalated-manager"));

        // Now the manager may answer for Dave: his findings remain, so the item is explained.
        await host.ReplyAsync(iid, threads["dave"], FollowUpHost.Lead, "Dave is on leave; his rotation is covered.");
        await Eventually.HoldsAsync(async () => await host.ItemStateAsync(run, "dave") == "explained", IntegrityReads.Patience, "the manager's answer counts");
        var answers = (await host.ItemAsync(run, "dave"))!.Answers
            .Select(a => (a.Text("author"), a!["counted"]!.GetValue<bool>())).ToList();
        Assert.That(answers, Is.EqualTo(new[] { ("bob", false), ("carol", false), (FollowUpHost.Lead, false), (FollowUpHost.Lead, true) }));
        var notCounted = (await host.JournalAsync(dave)).Where(e => e.Kind == "answer-not-counted").Select(e => e.Actor).ToList();
        Assert.That(notCounted, Is.EqualTo(new[] { "bob", "carol", FollowUpHost.Lead }));
    }

    [Test]
    public async Task Approval_ByAnyoneButTheSom_IsJournalledAndIgnored_TheApproveActionNeedsTheSomOrAnAdminWithAReason()
    {
        await using var host = await SmallTeam.StartAsync();
        var run = await host.StartRunAsync();
        var (iid, _) = await host.FirstPingsAsync(run, 5);
        var early = await host.Admin.PostAsJsonAsync($"/api/runs/{run}/actions/approve", new { reason = "in a hurry" });
        Assert.That((int)early.StatusCode, Is.EqualTo(409), "nothing to approve before the review");

        var review = await host.RunToReviewAsync(run, iid);
        await host.ApproveAsync(iid, review.Id, "alice");
        await host.WaitForJournalAsync(run, "approval-ignored");
        Assert.That(await host.StatusAsync(run), Is.EqualTo("awaiting-review"));

        using var operatorClient = await host.ClientWithRoleAsync("operator");
        var byOperator = await operatorClient.PostAsJsonAsync($"/api/runs/{run}/actions/approve", new { reason = "looks fine" });
        var withoutReason = await host.Admin.PostAsJsonAsync($"/api/runs/{run}/actions/approve", new { });
        Assert.Multiple(async () =>
        {
            Assert.That((int)byOperator.StatusCode, Is.EqualTo(403), await byOperator.Content.ReadAsStringAsync());
            Assert.That((int)withoutReason.StatusCode, Is.EqualTo(400), await withoutReason.Content.ReadAsStringAsync());
            Assert.That(await host.StatusAsync(run), Is.EqualTo("awaiting-review"));
        });

        var byAdmin = await host.Admin.PostAsJsonAsync($"/api/runs/{run}/actions/approve", new { reason = "The SOM is on leave; approved on their behalf." });
        Assert.That((int)byAdmin.StatusCode, Is.EqualTo(202), await byAdmin.Content.ReadAsStringAsync());
        await Eventually.HoldsAsync(async () => await host.StatusAsync(run) == "completed", IntegrityReads.Patience, "the run completes");
        var approved = (await host.JournalAsync(run)).Single(e => e.Kind == "approved");
        Assert.Multiple(() =>
        {
            Assert.That(approved.Actor, Is.EqualTo("bootstrap-admin"));
            Assert.That(approved.Data.Text("how"), Is.EqualTo("action"));
            Assert.That(approved.Data.Text("reason"), Does.Contain("on leave"));
            Assert.That(host.Issue(iid).State, Is.EqualTo("closed"));
        });
    }
}
