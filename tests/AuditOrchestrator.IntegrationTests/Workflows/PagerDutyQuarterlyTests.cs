using AuditOrchestrator.IntegrationTests.Runtime;
using AuditOrchestrator.Api.Runs;
using System.Net.Http.Json;
using System.Text.Json;
using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.Workflows;

/// <summary>Chart 001 for PagerDuty, end to end: real PostgreSQL, simulated PagerDuty and GitLab, a fast-forwarded clock.</summary>
public sealed class PagerDutyQuarterlyTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Run_FollowsEachPersonUpAsChart001Says_AndClosesOnTheSomsApproval()
    {
        await using var host = await SmallTeam.StartAsync();
        var started = host.Clock.GetUtcNow();
        var run = await host.StartRunAsync();

        // A: the checks; B: the issue; C: one thread per person (and one for the contractor, addressed to the SOM).
        await Eventually.HoldsAsync(async () => (await host.RunAsync(run)).Issue is { } opened
            && host.BotNotes(opened.Iid).Count == 5, Patience, "the issue and five threads exist");
        var detail = await host.RunAsync(run);
        var iid = detail.Issue!.Iid;
        var issue = host.Issue(iid);
        var threads = host.BotNotes(iid).ToDictionary(n => n.Mentions.Single() == FollowUpHost.Som ? SmallTeam.Contractor : n.Mentions.Single(), n => n.DiscussionId);
        Assert.Multiple(async () =>
        {
            Assert.That(detail.Som, Is.EqualTo(FollowUpHost.Som));
            Assert.That(detail.Kind, Is.EqualTo("manual"));
            Assert.That(detail.Period, Does.Match(@"^FY\d{4}-Q[1-4]$"));
            Assert.That(issue.Description, Does.Contain("## Notes").And.Contain("PagerDuty audit").And.Contain("## Summary"), "the template with the report in its Notes");
            Assert.That(issue.Labels, Is.EquivalentTo(new[] { "audit", "PagerDuty" }));
            Assert.That(issue.AssigneeIds, Is.EqualTo(new long[] { 9100 }), "assigned to the SOM");
            Assert.That(threads.Keys, Is.EquivalentTo(new[] { "alice", "bob", "carol", "dave", SmallTeam.Contractor }));
            Assert.That(await host.Database.ScalarAsync<Guid>($"SELECT run_id FROM audit_issues WHERE issue_iid = {iid}"), Is.EqualTo(run));
        });
        await Eventually.HoldsAsync(async () => (await host.RunAsync(run)).Items!.All(i => i.NextTimer is not null), Patience, "every item waits 72 hours");

        // Alice fixes it and says so within 72 hours; Bob fixes it silently.
        host.PagerDuty.AddToSchedule("PSCHED1", "PALICE1");
        await host.ReplyAsync(iid, threads["alice"], "alice", "Added myself to the rotation.");
        host.PagerDuty.AddUser("PBOB001", "Bob Silent", "bob@example.com");
        host.PagerDuty.AddToSchedule("PSCHED1", "PBOB001");
        await Eventually.HoldsAsync(async () => await host.ItemStateAsync(run, "alice") == "addressed", Patience, "Alice's answer passes the re-check");
        Assert.That(await host.ItemStateAsync(run, "bob"), Is.EqualTo("open"), "nobody looks at Bob's findings before the 72 hours are up");

        // D → E: after 72 hours, Bob is found fixed; the others are pinged again (F).
        host.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () => await host.ItemStateAsync(run, "bob") == "addressed"
            && host.BotNotes(iid).Count == 8, Patience, "Bob is found fixed and three second pings are posted");

        // Carol fixes it and answers after the second ping.
        host.PagerDuty.AddToSchedule("PSCHED1", "PCAROL1");
        await host.ReplyAsync(iid, threads["carol"], "carol", "Fixed now, sorry for the delay.");
        await Eventually.HoldsAsync(async () => await host.ItemStateAsync(run, "carol") == "addressed", Patience, "Carol's late answer passes the re-check");

        // G → H: after 4 days Dave's manager is pinged; the contractor has no manager, so the SOM is asked for assistance (J).
        await Settle.ItemsAsync(() => host.RunAsync(run), host.Clock);
        host.Clock.Advance(TimeSpan.FromDays(4) + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () => await host.ItemStateAsync(run, "dave") == "escalated-manager"
            && await host.ItemStateAsync(run, SmallTeam.Contractor) == "escalated-som", Patience, "Dave's manager and the SOM are pinged");

        // H → I → J: 72 hours later Dave's findings are still open: the SOM is asked for assistance; then K, the review.
        await Settle.ItemsAsync(() => host.RunAsync(run), host.Clock);
        host.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () => (await host.RunAsync(run)).Status == "awaiting-review", Patience, "the SOM is asked to review");
        var notes = host.BotNotes(iid);
        var review = notes[^1];

        // L → M: the SOM approves with the emoji; the workflow closes the issue.
        await host.ApproveAsync(iid, review.Id, FollowUpHost.Som);
        await Eventually.HoldsAsync(async () => (await host.RunAsync(run)).Status == "completed", Patience, "the run completes");

        var final = await host.RunAsync(run);
        Assert.Multiple(() =>
        {
            Assert.That(host.Issue(iid).State, Is.EqualTo("closed"));
            Assert.That(final.States(), Is.EquivalentTo(new Dictionary<string, string>
            {
                ["alice"] = "addressed",
                ["bob"] = "addressed",
                ["carol"] = "addressed",
                ["dave"] = "escalated-som",
                [SmallTeam.Contractor] = "escalated-som",
            }));
            Assert.That(Answers(final, "alice"), Is.EqualTo(new[] { "alice" }));
            Assert.That(Answers(final, "bob"), Is.Empty, "Bob never answered: found fixed");
            Assert.That(Answers(final, "carol"), Is.EqualTo(new[] { "carol" }));

            // Who was mentioned, thread by thread, in order; and the review last.
            Assert.That(MentionsOn(notes, threads["alice"]), Is.EqualTo(new[] { "alice" }));
            Assert.That(MentionsOn(notes, threads["bob"]), Is.EqualTo(new[] { "bob" }));
            Assert.That(MentionsOn(notes, threads["carol"]), Is.EqualTo(new[] { "carol", "carol" }));
            Assert.That(MentionsOn(notes, threads["dave"]), Is.EqualTo(new[] { "dave", "dave", FollowUpHost.Lead, FollowUpHost.Som }));
            Assert.That(MentionsOn(notes, threads[SmallTeam.Contractor]), Is.EqualTo(new[] { FollowUpHost.Som, FollowUpHost.Som, FollowUpHost.Som }));
            Assert.That(review.Mentions, Is.EqualTo(new[] { FollowUpHost.Som }));
            Assert.That(notes, Has.Count.EqualTo(12), "5 first pings, 3 second pings, 1 manager ping, 2 SOM assistance pings, 1 review, nothing twice");
            Assert.That(notes.Select(n => n.Body).Distinct().Count(), Is.EqualTo(notes.Count), "every note carries its own idempotency marker");

            // The simulated time of each escalation.
            var dave = notes.Where(n => n.DiscussionId == threads["dave"]).Select(n => n.At - started).ToList();
            Assert.That(dave[1], Is.GreaterThanOrEqualTo(TimeSpan.FromHours(72)).And.LessThan(TimeSpan.FromHours(73)));
            Assert.That(dave[2], Is.GreaterThanOrEqualTo(TimeSpan.FromDays(7)).And.LessThan(TimeSpan.FromDays(7) + TimeSpan.FromHours(1)));
            Assert.That(dave[3], Is.GreaterThanOrEqualTo(TimeSpan.FromDays(10)).And.LessThan(TimeSpan.FromDays(10) + TimeSpan.FromHours(1)));
        });
        var journal = (await host.Admin.InstanceAsync(run)).Journal;
        Assert.That(journal.Count(e => e.Kind == "approved" && e.Actor == FollowUpHost.Som), Is.EqualTo(1));
    }

    private static string[] Answers(RunView run, string item) => run.Item(item).Authors();

    private static string[] MentionsOn(IReadOnlyList<BotNote> notes, string discussionId) =>
        [.. notes.Where(n => n.DiscussionId == discussionId).SelectMany(n => n.Mentions)];
}
