using System.Text.Json;
using AuditOrchestrator.IntegrationTests.Runtime;
using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.Workflows.Calendly;

/// <summary>Chart 002 for Calendly, end to end: real PostgreSQL, simulated Calendly, Slack and GitLab, a fast-forwarded clock.</summary>
public sealed class CalendlySemiAnnualTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Run_EscalatesToManagerAndSom_DmsTheSom_AndRemovesOnlyTheUnjustifiedMembershipOnApproval()
    {
        await using var host = await CalendlyHost.StartAsync("semiannual");
        var started = host.Clock.GetUtcNow();
        var run = await host.StartRunAsync();

        // A, B: the issue with the report; C, D: the list of who is in Calendly and the review table; E: four threads.
        var (iid, threads) = await host.FirstPingsAsync(run, 4);
        Assert.Multiple(() =>
        {
            Assert.That(threads.Keys, Is.EquivalentTo(new[] { "alice", "bob", CalendlyTeam.Justy, CalendlyTeam.Sid }));
            var description = host.Issue(iid).Description;
            Assert.That(description, Does.Contain("## Notes").And.Contain("Calendly audit").And.Contain("Calendly review"));
            Assert.That(description.IndexOf("Calendly review", StringComparison.Ordinal), Is.GreaterThan(description.IndexOf("Calendly audit", StringComparison.Ordinal)),
                "the review table comes under the report");
            Assert.That(description, Does.Contain("Sid Former").And.Contain("Justy Partner"));
        });

        // Alice fixes her link and says so; the SOM (whose item it is) justifies Justy on her thread; Bob and Sid stay silent.
        host.Calendly.SetSchedulingUrl("alice@example.com", "https://calendly.com/alice");
        await host.Fake.ReplyAsync(iid, threads["alice"], "alice", "Fixed my scheduling link.");
        await host.Fake.ReplyAsync(iid, threads[CalendlyTeam.Justy], CalendlyHost.Som, "Justy trains our partners; she keeps her account.");
        await Eventually.HoldsAsync(async () =>
        {
            var states = await host.StatesAsync(run);
            return states["alice"] == "addressed" && states[CalendlyTeam.Justy] == "explained";
        }, Patience, "Alice's fix passes the re-check and Justy is explained");

        // F → G → H: after 72 hours Bob's manager and the SOM are pinged together; Sid's item is the SOM's alone.
        host.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () =>
        {
            var states = await host.StatesAsync(run);
            return states["bob"] == "escalated-manager" && states[CalendlyTeam.Sid] == "escalated-som" && host.BotNotes(iid).Count == 6;
        }, Patience, "Bob's manager and the SOM are pinged, and the SOM for Sid");
        Assert.That(host.Slack.MessagesTo(CalendlyTeam.SomSlackId), Is.Empty, "no DM before the second 72 hours are up");

        // I → J: 72 hours later not everything is addressed: a Slack DM to the SOM, and the review note (L waits on it).
        await Settle.ItemsAsync(() => host.RunAsync(run), host.Clock);
        host.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () => await host.StatusAsync(run) == "awaiting-review", Patience, "the SOM is asked to review");
        var notes = host.BotNotes(iid);
        var review = notes[^1];
        var dms = host.Slack.MessagesTo(CalendlyTeam.SomSlackId);
        var issueUrl = (await host.RunAsync(run)).Issue!.WebUrl;
        Assert.Multiple(() =>
        {
            Assert.That(dms, Has.Count.EqualTo(1));
            Assert.That(host.Slack.Calls.Select(c => $"{c.Method} {c.PathAndQuery.Split('?')[0]} {c.StatusCode}"), Is.EqualTo(new[]
            {
                "POST /api/conversations.open 200", "GET /api/conversations.history 200", "POST /api/chat.postMessage 200",
            }), "the DM is looked for by its key before it is posted, once");
            Assert.That(dms[0].Text, Does.Contain(issueUrl).And.Contain("bob").And.Contain(CalendlyTeam.Sid));
            Assert.That(review.Mentions, Is.EqualTo(new[] { CalendlyHost.Som }));
            Assert.That(review.Body, Does.Contain("Sid Former `sid@former.example`"), "Sid is listed for removal");
            Assert.That(review.Body, Does.Not.Contain("Justy Partner <"), "Justy was justified");
            Assert.That(review.Body, Does.Contain($"`{CalendlyTeam.Justy}`: explained by `{CalendlyHost.Som}`"));
            Assert.That(host.Calendly.Calls.Where(c => c.IsWrite), Is.Empty, "nothing is removed before the SOM approves");
        });

        // L → M: the SOM approves with the emoji; Sid's membership goes, then the issue is closed.
        await host.Fake.AwardEmojiAsync(iid, CalendlyHost.Som, "thumbsup", review.Id);
        await Eventually.HoldsAsync(async () => await host.StatusAsync(run) == "completed", Patience, "the run completes");

        var journal = await host.JournalAsync(run);
        var removed = journal.Where(e => e.Kind == "membership-removed").ToList();
        var states = await host.StatesAsync(run);
        var calendlyCalls = host.Calendly.Calls;
        Assert.Multiple(() =>
        {
            Assert.That(host.Issue(iid).State, Is.EqualTo("closed"));
            Assert.That(host.Calendly.Memberships.Select(m => m.Email), Does.Not.Contain(CalendlyTeam.Sid).And.Contain(CalendlyTeam.Justy));
            Assert.That(CalendlyHost.Writes(calendlyCalls), Is.EqualTo(new[] { $"DELETE /organization_memberships/{host.Memberships.Sid} 204" }));
            Assert.That(calendlyCalls.Where(c => !c.IsWrite).Select(c => c.PathAndQuery.Split('?')[0]).Distinct(),
                Is.EquivalentTo(new[] { "/users/me", "/organization_memberships" }), "otherwise only reads");
            Assert.That(calendlyCalls.All(c => c.StatusCode is 200 or 204), Is.True);
            Assert.That(removed, Has.Count.EqualTo(1));
            Assert.That(removed[0].Data.Text("email"), Is.EqualTo(CalendlyTeam.Sid));
            Assert.That(removed[0].Data.Text("result"), Is.EqualTo("deleted"));
            Assert.That(removed[0].Actor, Is.EqualTo(CalendlyHost.Som));
            Assert.That(states, Is.EquivalentTo(new Dictionary<string, string>
            {
                ["alice"] = "addressed",
                ["bob"] = "escalated-manager",
                [CalendlyTeam.Justy] = "explained",
                [CalendlyTeam.Sid] = "escalated-som",
            }));

            // Who was mentioned, thread by thread; the review last; nothing twice.
            Assert.That(CalendlyHost.MentionsOn(notes, threads["alice"]), Is.EqualTo(new[] { "alice" }));
            Assert.That(CalendlyHost.MentionsOn(notes, threads["bob"]), Is.EqualTo(new[] { "bob", CalendlyHost.Lead, CalendlyHost.Som }));
            Assert.That(CalendlyHost.MentionsOn(notes, threads[CalendlyTeam.Justy]), Is.EqualTo(new[] { CalendlyHost.Som }));
            Assert.That(CalendlyHost.MentionsOn(notes, threads[CalendlyTeam.Sid]), Is.EqualTo(new[] { CalendlyHost.Som, CalendlyHost.Som }));
            Assert.That(notes, Has.Count.EqualTo(7), "4 first pings, 2 manager-and-SOM pings, 1 review");
            Assert.That(host.BotNotes(iid).Where(n => !n.Body.Contains("**Evidence pack**", StringComparison.Ordinal)).ToList(), Has.Count.EqualTo(7),
                "no note after the approval but the evidence pack");
            Assert.That(notes.Select(n => n.Body).Distinct().Count(), Is.EqualTo(notes.Count));

            // The simulated time of each escalation.
            var bob = notes.Where(n => n.DiscussionId == threads["bob"]).Select(n => n.At - started).ToList();
            Assert.That(bob[1], Is.GreaterThanOrEqualTo(TimeSpan.FromHours(72)).And.LessThan(TimeSpan.FromHours(73)));
            Assert.That(review.At - started, Is.GreaterThanOrEqualTo(TimeSpan.FromHours(144)).And.LessThan(TimeSpan.FromHours(145)));
        });
        Assert.That(host.GitLabWrites(), Is.EqualTo(new[]
        {
            "POST /issues", "PUT /issues/iid",
            "POST /discussions", "POST /discussions", "POST /discussions", "POST /discussions",
            "POST /discussions/id/notes", "POST /discussions/id/notes",
            "POST /notes", "PUT /issues/iid",
        }), "create, the review table, four threads, two escalations, the review, the close");

        // The pack on the issue lists every ping, answer, escalation, the approval and the removal Calendly answered.
        await Evidence.PackOnTheIssue.AssertAsync(host.Admin, host.Fake, iid, review.Id, CalendlyHost.Som, "emoji", host.Calendly.Calls);
    }
}
