using AuditOrchestrator.IntegrationTests.Runtime;
using System.Net.Http.Json;
using System.Text.Json;
using AuditOrchestrator.Audits.GitLab.Webhooks;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.IntegrationTests.Workflows.Zendesk;

/// <summary>
/// Chart 001 for Zendesk, end to end: the findings' follow-up and the API token review side by side, one review.
/// Real PostgreSQL, simulated GitLab and Zendesk, a fast-forwarded clock; people act through the simulated GitLab.
/// </summary>
public sealed class ZendeskRunTests
{
    private const string OpenBox = "- [ ] Token table complete";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private FollowUpHost Host { get; set; } = null!;

    [SetUp]
    public async Task StartAsync() => Host = await ZendeskTeam.StartAsync();

    [TearDown]
    public async Task StopAsync() => await Host.DisposeAsync();

    [Test]
    public async Task Run_TurnsTokenRowsIntoItemsAsTheyAppear_AndReviewsOnceBothFlowsHaveEnded()
    {
        var started = Host.Clock.GetUtcNow();
        var run = await Host.StartRunAsync("zendesk");

        // A, B, C: the report in the Notes, one thread each for Alice and the bot (the SOM's); then the token table.
        var iid = await IssueWhenAsync(run, i => Host.BotNotes(i).Count == 2 && TokenTableIn(i), "two threads and the token table");
        var issue = Host.Issue(iid);
        Assert.Multiple(() =>
        {
            Assert.That(issue.Description, Does.Contain("Zendesk").And.Contain("alice").And.Contain("## Summary").And.Contain("## Review"),
                "the template, with the report still in the Notes");
            Assert.That(issue.Description.IndexOf("API token review", StringComparison.Ordinal),
                Is.GreaterThan(issue.Description.IndexOf("## Notes", StringComparison.Ordinal)).And.LessThan(issue.Description.IndexOf("## Review", StringComparison.Ordinal)),
                "the table is in the Notes, after the report");
            Assert.That(issue.Description.Split(OpenBox).Length - 1, Is.EqualTo(1), "one token table, the token-review flow's");
            Assert.That(issue.Description, Does.Contain("Tick the box below once every token is listed"), "added by AddTokenTable, not the report");
            Assert.That(issue.Labels, Is.EquivalentTo(new[] { "audit", "Zendesk" }));
            Assert.That(Host.BotNotes(iid).Select(n => n.Mentions.Single()), Is.EquivalentTo(new[] { "alice", FollowUpHost.Som }));
        });

        // A person lists two tokens (one owner on the team, one the team does not know; spaces, a missing @, an empty
        // row and a row without a name): both owners' items start at once.
        await EditAsync(iid, FollowUpHost.Lead, d => WithRows(d, """
            |  Support bot token  |  @bob  |   |
            | zapier | outsider | |
            | | | |
            | | @carol | forgot the name |
            """));
        await Eventually.HoldsAsync(() => Task.FromResult(Host.BotNotes(iid).Count == 4), Patience, "the two token owners are pinged");
        var threads = Threads(iid);
        Assert.That(threads.Keys, Is.EquivalentTo(new[] { "alice", "som:" + ZendeskTeam.Bot, "bob", "som:zapier" }));

        // Bob writes the justification into the table and says so; Alice fixes her role and says so.
        await EditAsync(iid, "bob", d => d.Replace("|  Support bot token  |  @bob  |   |", "| Support bot token | @bob | Posts ticket alerts to Slack |", StringComparison.Ordinal));
        await Host.ReplyAsync(iid, threads["bob"], "bob", "Justified in the table.");
        Host.World.ZendeskMain!.SetCustomRole(ZendeskTeam.AliceMain, "Staff");
        await Host.ReplyAsync(iid, threads["alice"], "alice", "Role fixed.");
        await Eventually.HoldsAsync(async () => await Host.ItemStateAsync(run, "token:Support bot token") == "addressed"
            && await Host.ItemStateAsync(run, "alice") == "addressed", Patience, "Bob's and Alice's answers pass their re-checks");
        Assert.That(Host.BotNotes(iid), Has.Count.EqualTo(4), "an edit that adds no row starts nothing");

        // 72 hours later: the bot and the unknown owner's token are the SOM's, pinged again.
        Host.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(() => Task.FromResult(Host.BotNotes(iid).Count == 6), Patience, "two second pings");

        // A third row and the box ticked, in an edit whose webhook is lost: the reconciliation brings it.
        Host.Fake.Webhooks.DropDeliveries = true;
        await EditAsync(iid, FollowUpHost.Lead, d => WithRows(d, "| Calendly sync | @carol | |").Replace(OpenBox, OpenBox.Replace("[ ]", "[x]", StringComparison.Ordinal), StringComparison.Ordinal));
        Host.Fake.Webhooks.DropDeliveries = false;
        await Host.Service.Services.GetRequiredService<GitLabReconciliation>().RunOnceAsync(CancellationToken.None);
        await Eventually.HoldsAsync(() => Task.FromResult(Host.BotNotes(iid).Count == 7), Patience, "Carol is pinged for her token");
        threads = Threads(iid);
        await EditAsync(iid, "carol", d => d.Replace("| Calendly sync | @carol | |", "| Calendly sync | @carol | Syncs on-call calendars |", StringComparison.Ordinal));
        await Host.Fake.AwardEmojiAsync(iid, "carol", "white_check_mark", Host.BotNotes(iid).Single(n => n.DiscussionId == threads["carol"]).Id);
        await Eventually.HoldsAsync(async () => await Host.ItemStateAsync(run, "token:Calendly sync") == "addressed", Patience, "Carol's done emoji passes her re-check");
        Assert.That((await Host.RunAsync(run)).Status, Is.EqualTo("running"), "the review waits for both flows");

        // 4 days later: no manager for the SOM's items, so the SOM is asked for assistance; both flows end; K: one review.
        await Settle.ItemsAsync(() => Host.RunAsync(run), Host.Clock);
        Host.Clock.Advance(TimeSpan.FromDays(4) + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () => (await Host.RunAsync(run)).Status == "awaiting-review", Patience, "the SOM is asked to review");
        var notes = Host.BotNotes(iid);
        var review = notes[^1];
        await Host.ApproveAsync(iid, review.Id, FollowUpHost.Som);
        await Eventually.HoldsAsync(async () => (await Host.RunAsync(run)).Status == "completed", Patience, "the run completes");

        var final = await Host.RunAsync(run);
        var at = notes.ToDictionary(n => n.Id, n => n.At - started);
        var journal = await JournalAsync();
        Assert.Multiple(() =>
        {
            Assert.That(Host.Issue(iid).State, Is.EqualTo("closed"));
            Assert.That(final.States(), Is.EquivalentTo(new Dictionary<string, string>
            {
                ["alice"] = "addressed",
                [ZendeskTeam.Bot] = "escalated-som",
                ["token:Support bot token"] = "addressed",
                ["token:zapier"] = "escalated-som",
                ["token:Calendly sync"] = "addressed",
            }), "one item per token, however often the description changed");

            Assert.That(Mentions(notes, threads["alice"]), Is.EqualTo(new[] { "alice" }));
            Assert.That(Mentions(notes, threads["bob"]), Is.EqualTo(new[] { "bob" }));
            Assert.That(Mentions(notes, threads["carol"]), Is.EqualTo(new[] { "carol" }));
            Assert.That(Mentions(notes, threads["som:" + ZendeskTeam.Bot]), Is.EqualTo(new[] { FollowUpHost.Som, FollowUpHost.Som, FollowUpHost.Som }));
            Assert.That(Mentions(notes, threads["som:zapier"]), Is.EqualTo(new[] { FollowUpHost.Som, FollowUpHost.Som, FollowUpHost.Som }), "an unknown owner's token is the SOM's");
            Assert.That(notes[0].Body + notes[1].Body, Does.Not.Contain("token"));
            Assert.That(notes.Single(n => n.Id == FirstOn(notes, threads["som:zapier"])).Body, Does.Contain("`zapier`").And.Contain("`outsider`"));
            Assert.That(review.Mentions, Is.EqualTo(new[] { FollowUpHost.Som }));
            Assert.That(review.Body, Does.Contain("token:zapier").And.Contain("alice"), "one review lists the items of both flows");
            Assert.That(notes, Has.Count.EqualTo(10), "5 first pings, 2 second pings, 2 SOM assistance pings, 1 review, nothing twice");
            // The order of the posts, phase by phase (posts of one phase may come in either order).
            string Thread(BotNote n) => threads.Single(t => t.Value == n.DiscussionId).Key;
            Assert.That(notes.Take(2).Select(Thread), Is.EquivalentTo(new[] { "alice", "som:" + ZendeskTeam.Bot }), "C: the findings");
            Assert.That(notes.Skip(2).Take(2).Select(Thread), Is.EquivalentTo(new[] { "bob", "som:zapier" }), "C: the first two token rows");
            Assert.That(notes.Skip(4).Take(2).Select(Thread), Is.EquivalentTo(new[] { "som:" + ZendeskTeam.Bot, "som:zapier" }), "F: second pings");
            Assert.That(Thread(notes[6]), Is.EqualTo("carol"), "C: the third token row");
            Assert.That(notes.Skip(7).Take(2).Select(Thread), Is.EquivalentTo(new[] { "som:" + ZendeskTeam.Bot, "som:zapier" }), "J: SOM assistance");
            Assert.That(threads.ContainsValue(review.DiscussionId), Is.False, "K: the review is a note of its own");
            Assert.That(notes.Select(n => n.Body).Distinct().Count(), Is.EqualTo(notes.Count));

            // The simulated time of each post.
            Assert.That(new[] { "alice", "som:" + ZendeskTeam.Bot, "bob", "som:zapier" }.Select(t => at[FirstOn(notes, threads[t])]),
                Has.All.LessThan(TimeSpan.FromHours(1)), "first pings as soon as the finding or the row exists");
            Assert.That(at[FirstOn(notes, threads["carol"])], Is.GreaterThanOrEqualTo(TimeSpan.FromHours(72)).And.LessThan(TimeSpan.FromHours(73)));
            foreach (var thread in new[] { "som:" + ZendeskTeam.Bot, "som:zapier" })
            {
                var times = notes.Where(n => n.DiscussionId == threads[thread]).Select(n => at[n.Id]).ToList();
                Assert.That(times[1], Is.GreaterThanOrEqualTo(TimeSpan.FromHours(72)).And.LessThan(TimeSpan.FromHours(73)), thread);
                Assert.That(times[2], Is.GreaterThanOrEqualTo(TimeSpan.FromDays(7)).And.LessThan(TimeSpan.FromDays(7) + TimeSpan.FromHours(1)), thread);
            }
            Assert.That(at[review.Id], Is.GreaterThanOrEqualTo(TimeSpan.FromDays(7)));

            // The token table is the token-review flow's alone: one description write adds it; the issue is closed once.
            var writes = Host.Fake.Calls.Where(c => c.Method == "PUT" && c.PathAndQuery.Contains("/issues/", StringComparison.Ordinal)).ToList();
            Assert.That(writes.Count(c => c.Body.Contains("\"description\"", StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(writes.Count(c => c.Body.Contains("close", StringComparison.Ordinal)), Is.EqualTo(1));

            Assert.That(journal.Count(e => e.Kind == "token-itemised"), Is.EqualTo(3));
            Assert.That(journal.Where(e => e.Kind == "token-row-unreadable").Select(e => e.Data), Has.Exactly(1).Contains("without a token name"));
            Assert.That(journal.Where(e => e.Kind == "manager-step-skipped").Select(e => e.Data), Has.Some.Contains("outsider").And.Some.Contains("is not on the support team"));
            Assert.That(journal.Count(e => e.Kind == "token-review-complete"), Is.EqualTo(1));
        });

        // The pack on the issue lists every ping, answer (Carol's emoji too), escalation and the approval.
        await Evidence.PackOnTheIssue.AssertAsync(Host.Admin, Host.Fake, iid, review.Id, FollowUpHost.Som, "emoji");
    }

    [Test]
    public async Task UsFederalRun_WithTheBoxTickedAndNoFindings_GoesStraightToTheReview_AndCompletesWhenTheSomCloses()
    {
        var run = await Host.StartRunAsync("zendesk-us-federal");
        var iid = await IssueWhenAsync(run, TokenTableIn, "the token table");
        Assert.Multiple(() =>
        {
            Assert.That(Host.Issue(iid).Labels, Is.EquivalentTo(new[] { "audit", "Zendesk", "US Federal" }));
            Assert.That(Host.Issue(iid).Description, Does.Contain("US Federal"));
            Assert.That(Host.BotNotes(iid), Is.Empty, "Alice is clean on the federal instance");
        });

        await EditAsync(iid, FollowUpHost.Som, d => d.Replace(OpenBox, OpenBox.Replace("[ ]", "[x]", StringComparison.Ordinal), StringComparison.Ordinal));
        await Eventually.HoldsAsync(async () => (await Host.RunAsync(run)).Status == "awaiting-review", Patience, "the review follows the ticked box");
        await Host.Fake.CloseIssueAsync(iid, FollowUpHost.Som);
        await Eventually.HoldsAsync(async () => (await Host.RunAsync(run)).Status == "completed", Patience, "the SOM's close completes the run");
        Assert.That(Host.BotNotes(iid).Where(n => !n.Body.Contains("**Evidence pack**", StringComparison.Ordinal)).Single().Mentions,
            Is.EqualTo(new[] { FollowUpHost.Som }), "one note: the review");
        await Evidence.PackOnTheIssue.AssertAsync(Host.Admin, Host.Fake, iid, Host.BotNotes(iid)[0].Id, FollowUpHost.Som, "closed");
    }

    private async Task<long> IssueWhenAsync(Guid run, Func<long, bool> condition, string what)
    {
        long iid = 0;
        await Eventually.HoldsAsync(async () =>
        {
            if ((await Host.RunAsync(run)).Issue is not { } issue)
            {
                return false;
            }
            iid = issue.Iid;
            return condition(iid);
        }, Patience, what);
        return iid;
    }

    /// <summary>The description with rows added right under the token table's header, as a person would type them.</summary>
    private static string WithRows(string description, string rows)
    {
        var lines = description.Split('\n').ToList();
        var header = lines.FindIndex(l => l.Contains("Token name", StringComparison.OrdinalIgnoreCase) && l.Contains("Owner", StringComparison.OrdinalIgnoreCase));
        Assert.That(header, Is.GreaterThanOrEqualTo(0), "the description has the token table");
        lines.InsertRange(header + 2, rows.TrimEnd('\n').Split('\n'));
        return string.Join('\n', lines);
    }

    private bool TokenTableIn(long iid) => Host.Issue(iid).Description.Contains(OpenBox, StringComparison.Ordinal);

    private async Task EditAsync(long iid, string username, Func<string, string> change)
    {
        var before = Host.Issue(iid).Description;
        var after = change(before);
        Assert.That(after, Is.Not.EqualTo(before), $"the test's edit applies to:\n{before}");
        await Host.Fake.EditDescriptionAsync(iid, username, after);
    }

    /// <summary>Each thread by whom its first note mentions; the SOM's threads by what they are about.</summary>
    private Dictionary<string, string> Threads(long iid) => Host.BotNotes(iid)
        .GroupBy(n => n.DiscussionId).Select(g => g.First())
        .ToDictionary(n => n.Mentions.Single() != FollowUpHost.Som ? n.Mentions.Single()
            : "som:" + (n.Body.Contains("`zapier`", StringComparison.Ordinal) ? "zapier" : ZendeskTeam.Bot), n => n.DiscussionId);

    private static long FirstOn(IReadOnlyList<BotNote> notes, string discussionId) => notes.First(n => n.DiscussionId == discussionId).Id;

    private static string[] Mentions(IReadOnlyList<BotNote> notes, string discussionId) =>
        [.. notes.Where(n => n.DiscussionId == discussionId).SelectMany(n => n.Mentions)];

    /// <summary>The journal of every instance of the database (the run, its flows and their items).</summary>
    private async Task<List<(string Kind, string Data)>> JournalAsync() =>
        [.. (await Host.Admin.EveryJournalAsync()).Select(e => (e.Kind, e.Data?.ToJsonString() ?? "null"))];
}
