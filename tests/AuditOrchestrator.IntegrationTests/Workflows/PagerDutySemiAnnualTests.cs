using AuditOrchestrator.IntegrationTests.Runtime;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.Workflows;

/// <summary>
/// Chart 000 for PagerDuty (the default, semi-annual variant), end to end: real PostgreSQL, simulated PagerDuty, GitLab
/// and Slack, a fast-forwarded clock.
/// </summary>
public sealed partial class PagerDutySemiAnnualTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ThreeDays = TimeSpan.FromHours(72);
    private FollowUpHost _host = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _host = await FollowUpHost.StartAsync(TenPeople.Yaml, variant: "semiannual", slack: true);
        TenPeople.SeedPagerDuty(_host.PagerDuty);
    }

    [TearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [Test]
    public async Task Run_PingsManagerAndSomTogetherAfter72Hours_DmsTheSomAboutWhatStaysOpen_ThenClosesOnApproval()
    {
        var started = _host.Clock.GetUtcNow();
        var run = await _host.StartRunAsync();

        // A, B, C: the checks, the issue, one thread per item (the contractor's addressed to the SOM); D: each waits.
        var (iid, threads) = await _host.FirstPingsAsync(run, 10);
        var contractorThread = threads.Single(t => t.Key.StartsWith("som:", StringComparison.Ordinal)).Value;
        threads[TenPeople.Contractor] = contractorThread;
        Assert.Multiple(async () =>
        {
            var view = await _host.RunAsync(run);
            Assert.That(view.Audit, Is.EqualTo("pagerduty"));
            Assert.That(view.Som, Is.EqualTo(FollowUpHost.Som));
            Assert.That(threads.Keys.Where(k => !k.StartsWith("som:", StringComparison.Ordinal)), Is.EquivalentTo(TenPeople.People.Append(TenPeople.Contractor)));
            Assert.That(await _host.Database.ScalarAsync<string>($"SELECT definition_id FROM workflow_instances WHERE id = '{run}'"), Is.EqualTo("pagerduty-semiannual"));
        });

        // Before 72 hours: Alice and Carol fix it and say so; Bob answers without fixing it; Dave and Erin fix it silently.
        foreach (var person in new[] { "alice", "carol", "dave", "erin" })
        {
            TenPeople.Fix(_host.PagerDuty, person);
        }
        await _host.ReplyAsync(iid, threads["alice"], "alice", "Added myself to the rotation.");
        await _host.ReplyAsync(iid, threads["carol"], "carol", "Done.");
        await _host.ReplyAsync(iid, threads["bob"], "bob", "I am off the rotation on purpose this half.");
        await Eventually.HoldsAsync(async () => await _host.ItemStateAsync(run, "alice") == "addressed"
            && await _host.ItemStateAsync(run, "carol") == "addressed"
            && await _host.ItemStateAsync(run, "bob") == "explained", Patience, "the three answers are re-checked");
        Assert.That(await _host.ItemStateAsync(run, "dave"), Is.EqualTo("open"), "nobody looks at Dave's findings before the 72 hours are up");

        // D → E → F: after 72 hours Dave and Erin are found fixed; the five others' managers are pinged with the SOM.
        _host.Clock.Advance(ThreeDays + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () => await _host.ItemStateAsync(run, "dave") == "addressed"
            && await _host.ItemStateAsync(run, "erin") == "addressed"
            && _host.BotNotes(iid).Count == 15, Patience, "Dave and Erin are found fixed, five escalations are posted");
        Assert.That(_host.Slack!.Calls, Is.Empty, "no Slack call before the escalation's 72 hours are up");

        // Within the next 72 hours Frank fixes it and says so; Grace explains without fixing it.
        TenPeople.Fix(_host.PagerDuty, "frank");
        await _host.ReplyAsync(iid, threads["frank"], "frank", "Fixed after my manager asked.");
        await _host.ReplyAsync(iid, threads["grace"], "grace", "I moved to the EMEA rotation, which is not audited here.");
        await Eventually.HoldsAsync(async () => await _host.ItemStateAsync(run, "frank") == "addressed"
            && await _host.ItemStateAsync(run, "grace") == "explained", Patience, "the answers after the escalation are re-checked");

        // F → G → H → I: 72 hours later Heidi, Ivan and the contractor are still open: one Slack DM to the SOM, then the review.
        await Settle.ItemsAsync(() => _host.RunAsync(run), _host.Clock);
        _host.Clock.Advance(ThreeDays + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () => (await _host.RunAsync(run)).Status == "awaiting-review", Patience, "the SOM is asked to review");
        var notes = _host.BotNotes(iid);
        var review = notes[^1];

        // J → K: the SOM approves with the emoji; the workflow closes the issue.
        await _host.ApproveAsync(iid, review.Id, FollowUpHost.Som);
        await Eventually.HoldsAsync(async () => (await _host.RunAsync(run)).Status == "completed", Patience, "the run completes");

        var final = await _host.RunAsync(run);
        var dms = _host.Slack.MessagesTo(TenPeople.SomSlackId);
        var slackCalls = _host.Slack.Calls;
        var escalations = notes.Where(n => n.Id != review.Id && NotesOn(notes, n.DiscussionId)[0].Id != n.Id).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(_host.Issue(iid).State, Is.EqualTo("closed"));
            Assert.That(final.States(), Is.EquivalentTo(new Dictionary<string, string>
            {
                ["alice"] = "addressed",
                ["bob"] = "explained",
                ["carol"] = "addressed",
                ["dave"] = "addressed",
                ["erin"] = "addressed",
                ["frank"] = "addressed",
                ["grace"] = "explained",
                ["heidi"] = "escalated-manager",
                ["ivan"] = "escalated-manager",
                [TenPeople.Contractor] = "escalated-som",
            }));

            // Who was mentioned, thread by thread: the manager and the SOM together in one note; the contractor's SOM alone.
            foreach (var person in new[] { "alice", "bob", "carol", "dave", "erin" })
            {
                Assert.That(MentionsOn(notes, threads[person]), Is.EqualTo(new[] { person }), person);
            }
            foreach (var person in new[] { "frank", "grace", "heidi", "ivan" })
            {
                Assert.That(NotesOn(notes, threads[person]).Select(n => n.Mentions), Is.EqualTo(new[] { new[] { person }, new[] { FollowUpHost.Lead, FollowUpHost.Som } }), person);
            }
            Assert.That(NotesOn(notes, contractorThread).Select(n => n.Mentions), Is.EqualTo(new[] { new[] { FollowUpHost.Som }, new[] { FollowUpHost.Som } }));
            Assert.That(review.Mentions, Is.EqualTo(new[] { FollowUpHost.Som }));
            Assert.That(notes, Has.Count.EqualTo(16), "10 first pings, 5 escalations, 1 review, nothing twice");
            Assert.That(notes.Select(n => n.Body).Distinct().Count(), Is.EqualTo(notes.Count), "every note carries its own idempotency marker");

            // The simulated time of each note: first pings at once, escalations after 72 hours, the review after 144.
            Assert.That(notes.Take(10).Max(n => n.At) - started, Is.LessThan(TimeSpan.FromHours(1)));
            Assert.That(escalations, Has.Count.EqualTo(5));
            Assert.That(escalations.Min(n => n.At) - started, Is.GreaterThanOrEqualTo(ThreeDays));
            Assert.That(escalations.Max(n => n.At) - started, Is.LessThan(ThreeDays + TimeSpan.FromHours(1)));
            Assert.That(review.At - started, Is.GreaterThanOrEqualTo(2 * ThreeDays).And.LessThan(2 * ThreeDays + TimeSpan.FromHours(1)));

            // Every write the service made to GitLab, in order, with its simulated time: nothing else, nothing twice.
            var project = $"/api/v4/projects/{Uri.EscapeDataString(Sandbox.GitLab.SimulatedGitLab.AuditProject)}/issues";
            var writes = _host.Fake.Calls.Where(c => c.IsWrite).ToList();
            Assert.That(writes.Select(c => $"{c.Method} {Discussion().Replace(c.PathAndQuery, "/discussions/{id}/")}"), Is.EqualTo(
                new[] { $"POST {project}" }
                    .Concat(Enumerable.Repeat($"POST {project}/{iid}/discussions", 10))
                    .Concat(Enumerable.Repeat($"POST {project}/{iid}/discussions/{{id}}/notes", 5))
                    .Concat([$"POST {project}/{iid}/notes", $"PUT {project}/{iid}"])));
            Assert.That(writes.Select(c => c.StatusCode), Has.All.InRange(200, 201));
            // A first attempt posts without reading the issue's threads for an earlier one: 16 posts, and the threads are
            // listed only to learn the review note's thread (and by an alert or the evidence note, if one comes).
            var listings = _host.Fake.Calls.Count(c => c.Method == "GET" && c.PathAndQuery.Split('?')[0] == $"{project}/{iid}/discussions");
            Assert.That(listings, Is.InRange(1, 3), "the threads are read when a post may repeat an earlier attempt, not before every post");
            Assert.That(writes.Take(11).Max(c => c.At) - started, Is.LessThan(TimeSpan.FromHours(1)), "issue and first pings at once");
            Assert.That(writes.Skip(11).Take(5).Min(c => c.At) - started, Is.GreaterThanOrEqualTo(ThreeDays), "escalations after 72 hours");
            Assert.That(writes.Skip(11).Take(5).Max(c => c.At) - started, Is.LessThan(ThreeDays + TimeSpan.FromHours(1)));
            Assert.That(writes.Skip(16).Min(c => c.At) - started, Is.GreaterThanOrEqualTo(2 * ThreeDays), "review and close after 144 hours");
            Assert.That(writes.Skip(16).Max(c => c.At) - started, Is.LessThan(2 * ThreeDays + TimeSpan.FromHours(1)));

            // H: exactly one DM to the SOM, listing the three open items and nothing else, before the review note.
            Assert.That(dms, Has.Count.EqualTo(1));
            Assert.That(dms[0].Text, Does.Contain("`heidi`").And.Contain("`ivan`").And.Contain($"`{TenPeople.Contractor}`").And.Contain(final.Issue!.WebUrl));
            Assert.That(new[] { "alice", "bob", "carol", "dave", "erin", "frank", "grace" }.Where(p => dms[0].Text.Contains($"`{p}`", StringComparison.Ordinal)), Is.Empty);
            Assert.That(dms[0].Metadata?["event_payload"]?["key"]?.GetValue<string>(), Does.Contain(":message-som:dm"), "the step's idempotency key rides in the metadata");
            Assert.That(slackCalls.Select(c => c.PathAndQuery.Split('?')[0]), Is.EqualTo(new[] { "/api/conversations.open", "/api/conversations.history", "/api/chat.postMessage" }),
                "open the DM, look for the key, post once");
            Assert.That(slackCalls.Select(c => c.StatusCode), Has.All.EqualTo(200));
            Assert.That(slackCalls.Min(c => c.At) - started, Is.GreaterThanOrEqualTo(2 * ThreeDays));
            Assert.That(slackCalls.Max(c => c.At) - started, Is.LessThan(2 * ThreeDays + TimeSpan.FromHours(1)));
            Assert.That(slackCalls[^1].At, Is.LessThanOrEqualTo(review.At), "the DM goes out before the review note");
        });

        var journal = (await _host.Admin.InstanceAsync(run)).Journal;
        var contractorItem = final.Item(TenPeople.Contractor).InstanceId!.Value;
        var contractorJournal = (await _host.Admin.InstanceAsync(contractorItem)).Journal;
        Assert.Multiple(() =>
        {
            Assert.That(journal.Count(e => e.Kind == "som-messaged"), Is.EqualTo(1));
            Assert.That(journal.Count(e => e.Kind == "approved" && e.Actor == FollowUpHost.Som), Is.EqualTo(1));
            Assert.That(contractorJournal.Where(e => e.Kind == "manager-step-skipped").Select(e => e.Data.Text("reason")), Is.EqualTo(new[] { "the account belongs to nobody on the team: the SOM resolves it" }));
        });
    }


    private static List<BotNote> NotesOn(IReadOnlyList<BotNote> notes, string discussionId) =>
        [.. notes.Where(n => n.DiscussionId == discussionId)];

    private static string[] MentionsOn(IReadOnlyList<BotNote> notes, string discussionId) =>
        [.. NotesOn(notes, discussionId).SelectMany(n => n.Mentions)];

    [GeneratedRegex("/discussions/[0-9a-f]+/")]
    private static partial Regex Discussion();
}
