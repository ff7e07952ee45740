using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.Sandbox.GitLab;
using AuditOrchestrator.Sandbox.Hosting;

namespace AuditOrchestrator.IntegrationTests.Evidence;

/// <summary>
/// A completed run's pack as the service published it on the issue, held against what the simulated vendors saw: the
/// bot's notes (pings, escalations, the review), people's answers, the approval, and Calendly's DELETE calls.
/// </summary>
internal static partial class PackOnTheIssue
{
    // The pack is published by a recurring pass every 15 s of real time; a loaded machine may run it late.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private static readonly HashSet<string> Escalating = ["manager", "som-assistance", "manager-and-som"];

    /// <summary>Waits for the pack's note on the issue and returns the uploaded pack once it has been checked.</summary>
    public static async Task<JsonObject> AssertAsync(HttpClient admin, FakeGitLab gitLab, long iid, long reviewNoteId, string som, string approvedHow,
        IReadOnlyList<RecordedCall>? calendlyCalls = null)
    {
        FakeGitLabNote? link = null;
        await Eventually.HoldsAsync(() => Task.FromResult((link = Notes(gitLab, iid).FirstOrDefault(n => n.Body.Contains("**Evidence pack**", StringComparison.Ordinal))) is not null),
            Patience, "the pack is linked on the issue");
        var issue = gitLab.GetIssue(SimulatedGitLab.AuditProject, iid);
        var upload = gitLab.Uploads.Single(u => link!.Body.Contains(u.Url, StringComparison.Ordinal));
        var text = Encoding.UTF8.GetString(upload.Content);
        var pack = JsonNode.Parse(text)!.AsObject();
        var verdict = await admin.VerifyPackAsync(text);

        var botNotes = Notes(gitLab, iid).Where(n => n.AuthorId == issue.AuthorId).ToList();
        var pings = pack["pings"]!.AsArray().Select(p => p!.AsObject()).ToList();
        var pingThreads = botNotes.Where(n => pings.Any(p => Id(p["noteId"]) == n.Id)).Select(n => n.DiscussionId).ToHashSet();
        var peoplesNotes = issue.Discussions.Where(d => pingThreads.Contains(d.Id)).SelectMany(d => d.Notes)
            .Where(n => n.AuthorId != issue.AuthorId && !n.System).Select(n => n.Id).ToList();
        var doneAwards = botNotes.Where(n => pingThreads.Contains(n.DiscussionId)).Sum(n => n.Awards.Count(a => a.Name == "white_check_mark"));
        var answers = pack["answers"]!.AsArray().Select(a => a!.AsObject()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(verdict.Intact, Is.True, verdict.Message);
            Assert.That(verdict.ComparedWithDatabase, Is.True);
            Assert.That(pack["run"]!["status"]!.GetValue<string>(), Is.EqualTo("completed"));
            Assert.That(link!.Body, Does.Contain(pack["record"]!["head"]!["hash"]!.GetValue<string>()));

            // Every note the bot posted is a ping of the pack, its review request or the pack's own link; and each ping's
            // mentions are the note's.
            Assert.That(pings.Select(p => Id(p["noteId"])).Append(reviewNoteId).Append(link.Id), Is.EquivalentTo(botNotes.Select(n => n.Id)));
            foreach (var ping in pings)
            {
                var note = botNotes.Single(n => n.Id == Id(ping["noteId"]));
                Assert.That(Mentions(note.Body), Is.EquivalentTo(Mentioned(ping["mention"])), $"the mentions of note {note.Id}");
                Assert.That(ping["url"]!.GetValue<string>(), Is.EqualTo($"{pack["run"]!["issue"]!["webUrl"]}#note_{note.Id}"));
            }
            Assert.That(pack["escalations"]!.AsArray().Select(e => Id(e!["noteId"])),
                Is.EquivalentTo(pings.Where(p => Escalating.Contains(p["whom"]!.GetValue<string>())).Select(p => Id(p["noteId"]))));

            // Every reply and every "done" emoji in a pinged thread is an answer of the pack.
            Assert.That(answers.Where(a => a["noteId"] is not null).Select(a => Id(a["noteId"])), Is.SupersetOf(peoplesNotes));
            Assert.That(answers.Count(a => a["kind"]?.GetValue<string>() == "emoji" && a["emoji"]?.GetValue<string>() == "white_check_mark"), Is.EqualTo(doneAwards));

            Assert.That(Id(pack["review"]!["noteId"]), Is.EqualTo(reviewNoteId));
            Assert.That(pack["approval"]!["author"]!.GetValue<string>(), Is.EqualTo(som));
            Assert.That(pack["approval"]!["how"]!.GetValue<string>(), Is.EqualTo(approvedHow));
            Assert.That(pack["issue"]!["closed"], Is.Not.Null);

            // What was read: the accounts at the audit and after the review, and the team data's version.
            Assert.That(pack["vendorAccounts"]!.AsArray().Select(l => $"{l!["phase"]}:{l["read"]}"), Is.EqualTo(new[] { "audit:true", "after-review:true" }));
            Assert.That(pack["teamDataVersions"]![0]!["phase"]!.GetValue<string>(), Is.EqualTo("audit"));
            Assert.That(pack["teamDataVersions"]![0]!["sha256"]!.GetValue<string>(), Does.Match("^[0-9a-f]{64}$"));
        });

        if (calendlyCalls is not null)
        {
            var deletes = calendlyCalls.Where(c => c.Method == "DELETE" && c.StatusCode is (>= 200 and < 300) or 404)
                .Select(c => c.PathAndQuery.Split('/')[^1]).ToList();
            Assert.That(pack["calendlyRemovals"]!.AsArray().Select(r => r!["uuid"]!.GetValue<string>()), Is.EquivalentTo(deletes),
                "every DELETE Calendly answered is a removal of the pack, and every removal a DELETE");
        }
        return pack;
    }

    private static List<FakeGitLabNote> Notes(FakeGitLab gitLab, long iid)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var issue = gitLab.GetIssue(SimulatedGitLab.AuditProject, iid);
                return [.. issue.Discussions.ToList().SelectMany(d => d.Notes.ToList()).Where(n => !n.System).OrderBy(n => n.Id)];
            }
            catch (InvalidOperationException) when (attempt < 20)
            {
                // The service is writing to the fake meanwhile; read again.
            }
        }
    }

    private static long Id(JsonNode? node) => node!.GetValue<long>();

    private static IEnumerable<string> Mentioned(JsonNode? mention) => mention switch
    {
        JsonValue one => one.GetValue<string>().Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(m => m.TrimStart('@')).Distinct(),
        _ => [],
    };

    private static List<string> Mentions(string body) => [.. Mention().Matches(body).Select(m => m.Groups[1].Value).Distinct()];

    [GeneratedRegex(@"(?<![\w`])@([A-Za-z0-9_.\-]+)")]
    private static partial Regex Mention();
}
