using System.Text.Json.Nodes;
using AuditOrchestrator.IntegrationTests.Runtime;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using AuditOrchestrator.Audits.Workflows.TokenReview;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Workflows;
using AuditOrchestrator.IntegrationTests.Workflows.Zendesk;

namespace AuditOrchestrator.IntegrationTests.Limits;

/// <summary>
/// A Zendesk token table longer than one review follows up (<see cref="TokenTable.MaxRows"/>), through the real run:
/// what the people on the issue see, and that the rows past the limit are named, journalled, and followed up once the
/// table is back within it. Most rows have no owner yet, so the run stays small: only owned rows become items.
/// </summary>
public sealed class TokenTableCapTests
{
    private const string OpenBox = "- [ ] Token table complete";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Test]
    public async Task TokenTableOverTheCap_SaysSoOnTheIssueNamingTheRowsLeftOut_AndFollowsThemUpOnceTheTableIsBackWithinIt()
    {
        await using var host = await ZendeskTeam.StartAsync();
        var run = await host.StartRunAsync("zendesk-us-federal");
        var iid = await IssueWithTokenTableAsync(host, run);

        // 1,003 token rows: Bob's first, 999 not yet owned, then Carol's and two more past the cap.
        var unowned = Enumerable.Range(1, TokenTable.MaxRows - 1).Select(i => string.Create(CultureInfo.InvariantCulture, $"| legacy-{i:D4} | | |"));
        string[] pastTheCap = ["Calendly sync", "legacy-late-1", "legacy-late-2"];
        var rows = new[] { "| Support bot token | @bob | |" }.Concat(unowned)
            .Concat(["| Calendly sync | @carol | |", "| legacy-late-1 | | |", "| legacy-late-2 | | |"]);
        await EditAsync(host, iid, "bob", d => WithRows(d, string.Join('\n', rows)));

        await Eventually.HoldsAsync(() => Task.FromResult(OverLimitNotes(host, iid).Count == 1 && Pinged(host, iid, "bob")), Patience,
            "the over-limit note is posted and Bob is pinged");
        var note = OverLimitNotes(host, iid).Single();
        var overLimit = (await JournalAsync(host, "token-table-over-limit")).Single();
        Assert.Multiple(() =>
        {
            Assert.That(note.Body, Does.Contain("1003 token rows").And.Contain("at most 1000"), "the count and the cap, plainly");
            foreach (var name in pastTheCap)
            {
                Assert.That(note.Body, Does.Contain($"`{name}`"), $"the note names {name}, which is not followed up");
            }
            Assert.That(note.Body, Does.Not.Contain("legacy-0999"), "a row within the cap is not listed as left out");
            Assert.That(Pinged(host, iid, "carol"), Is.False, "Carol's row is past the cap: not followed up yet, and said so");
            Assert.That(overLimit!["rows"]!.GetValue<int>(), Is.EqualTo(1003));
            Assert.That(overLimit!["notReadTokens"]!.AsArray().Select(t => t!.GetValue<string>()), Is.EqualTo(pastTheCap),
                "the record keeps every name left out");
        });

        // Three tokens are gone: the table is back within the cap, and the rows that were past it are followed up.
        await EditAsync(host, iid, "bob", d => string.Join('\n', d.Split('\n')
            .Where(l => !l.StartsWith("| legacy-0001 ", StringComparison.Ordinal) && !l.StartsWith("| legacy-0002 ", StringComparison.Ordinal)
                && !l.StartsWith("| legacy-0003 ", StringComparison.Ordinal))));
        await Eventually.HoldsAsync(() => Task.FromResult(Pinged(host, iid, "carol")), Patience, "Carol is pinged for her token once it is within the cap");
        await Eventually.HoldsAsync(async () => await host.ItemStateAsync(run, "token:Calendly sync") is not null, Patience,
            "Carol's token is an item of the run");
        Assert.Multiple(() =>
        {
            Assert.That(OverLimitNotes(host, iid), Has.Count.EqualTo(1), "no second note: nothing is past the cap now");
            Assert.That(host.BotNotes(iid).Count(n => n.Mentions.Contains("bob")), Is.EqualTo(1), "Bob's item is not started twice");
        });
    }

    private static List<BotNote> OverLimitNotes(FollowUpHost host, long iid) =>
        [.. host.BotNotes(iid).Where(n => n.Body.Contains("one review follows up at most", StringComparison.Ordinal))];

    private static bool Pinged(FollowUpHost host, long iid, string username) => host.BotNotes(iid).Any(n => n.Mentions.Contains(username));

    private static async Task<long> IssueWithTokenTableAsync(FollowUpHost host, Guid run)
    {
        long iid = 0;
        await Eventually.HoldsAsync(async () =>
        {
            if ((await host.RunAsync(run)).Issue is not { } issue)
            {
                return false;
            }
            iid = issue.Iid;
            return host.Issue(iid).Description.Contains(OpenBox, StringComparison.Ordinal);
        }, Patience, "the issue with its token table");
        return iid;
    }

    /// <summary>The description with rows added right under the token table's header, as a person would paste them.</summary>
    private static string WithRows(string description, string rows)
    {
        var lines = description.Split('\n').ToList();
        var header = lines.FindIndex(l => l.Contains("Token name", StringComparison.OrdinalIgnoreCase) && l.Contains("Owner", StringComparison.OrdinalIgnoreCase));
        Assert.That(header, Is.GreaterThanOrEqualTo(0), "the description has the token table");
        lines.InsertRange(header + 2, rows.Split('\n'));
        return string.Join('\n', lines);
    }

    private static async Task EditAsync(FollowUpHost host, long iid, string username, Func<string, string> change)
    {
        var before = host.Issue(iid).Description;
        var after = change(before);
        Assert.That(after, Is.Not.EqualTo(before), "the test's edit applies");
        await host.Fake.EditDescriptionAsync(iid, username, after);
    }

    /// <summary>The data of every journal entry of <paramref name="kind"/>, in every instance of the database.</summary>
    private static async Task<List<JsonObject?>> JournalAsync(FollowUpHost host, string kind) =>
        [.. (await host.Admin.EveryJournalAsync()).Where(e => e.Kind == kind).Select(e => e.Data)];
}
