using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Integrity;
using AuditOrchestrator.IntegrationTests.Workflows;

namespace AuditOrchestrator.IntegrationTests.Evidence;

/// <summary>A completed run's evidence pack: what it lists against the simulated GitLab, its formats, and verify on one byte changed.</summary>
public sealed class EvidencePackTests
{
    [Test]
    public async Task CompletedRun_PackListsThePingsAnswersAndApprovalGitLabSaw_AndVerifiesIntact_UntilOneByteChanges()
    {
        await using var host = await SmallTeam.StartAsync();
        var run = await host.StartRunAsync();
        var (iid, threads) = await host.FirstPingsAsync(run, 5);
        await host.ReplyAsync(iid, threads["dave"], "dave", "My PagerDuty id is fixed now.");
        await Eventually.HoldsAsync(async () => await host.ItemStateAsync(run, "dave") is "addressed" or "explained", IntegrityReads.Patience, "Dave's answer counts");
        var review = await host.RunToReviewAsync(run, iid);
        await host.ApproveAsync(iid, review.Id, FollowUpHost.Som);
        await Eventually.HoldsAsync(async () => await host.StatusAsync(run) == "completed", IntegrityReads.Patience, "the run completes");

        var response = await host.Admin.GetAsync(new Uri($"/api/runs/{run}/evidence?format=json", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var text = await response.Content.ReadAsStringAsync();
        var pack = JsonNode.Parse(text)!.AsObject();

        // Every note the service posted in an item's thread is a ping of the pack, and every ping of the pack is such a note.
        var threadNotes = host.BotNotes(iid).Where(n => threads.ContainsValue(n.DiscussionId)).Select(n => n.Id).Order().ToList();
        var pingNotes = pack["pings"]!.AsArray().Select(p => p!["noteId"]!.GetValue<long>()).Order().ToList();
        var daveNote = host.Issue(iid).Discussions.Single(d => d.Id == threads["dave"]).Notes.Select(n => n.Id)
            .Except(host.BotNotes(iid).Select(b => b.Id)).Single();
        var answer = pack["answers"]!.AsArray().Single(a => a!["counted"]!.GetValue<bool>())!;
        Assert.Multiple(() =>
        {
            Assert.That(pack["schema"]!.GetValue<string>(), Is.EqualTo("auditorchestrator.evidence/2"));
            Assert.That(pingNotes, Is.EqualTo(threadNotes));
            Assert.That(pack["pings"]!.AsArray().All(p => p!["url"]!.GetValue<string>().EndsWith($"#note_{p["noteId"]}", StringComparison.Ordinal)), Is.True);
            Assert.That(pack["escalations"]!.AsArray().Select(e => e!["whom"]!.GetValue<string>()).Distinct(), Is.SubsetOf(new[] { "manager", "som-assistance" }));
            Assert.That(pack["escalations"]!.AsArray(), Is.Not.Empty, "the other items were escalated");
            Assert.That(answer["author"]!.GetValue<string>(), Is.EqualTo("dave"));
            Assert.That(answer["item"]!.GetValue<string>(), Is.EqualTo("dave"));
            Assert.That(answer["noteId"]!.GetValue<long>(), Is.EqualTo(daveNote));
            Assert.That(pack["review"]!["noteId"]!.GetValue<long>(), Is.EqualTo(review.Id));
            Assert.That(pack["approval"]!["author"]!.GetValue<string>(), Is.EqualTo(FollowUpHost.Som));
            Assert.That(pack["approval"]!["how"]!.GetValue<string>(), Is.EqualTo("emoji"));
            Assert.That(pack["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()),
                Is.EquivalentTo(new[] { "alice", "bob", "carol", "dave", SmallTeam.Contractor }));
            Assert.That(pack["findings"]!.AsArray(), Is.Not.Empty);
        });

        var intact = await host.Admin.VerifyPackAsync(text);
        Assert.That(intact.Intact, Is.True, intact.Message);
        Assert.That(intact.ComparedWithDatabase, Is.True);

        // One byte changed: in an entry of the record, in the items, in the layout.
        var entryKind = text.IndexOf("\"kind\": \"pinged\"", StringComparison.Ordinal) + "\"kind\": \"pinge".Length;
        var inEntry = await host.Admin.VerifyPackAsync(text[..entryKind] + "x" + text[(entryKind + 1)..]);
        var state = text.IndexOf("\"state\": \"", StringComparison.Ordinal) + "\"state\": \"".Length;
        var inItems = await host.Admin.VerifyPackAsync(text[..state] + "X" + text[(state + 1)..]);
        var indent = text.IndexOf("\n  ", StringComparison.Ordinal) + 1;
        var inLayout = await host.Admin.VerifyPackAsync(text[..indent] + "\t" + text[(indent + 1)..]);
        Assert.Multiple(() =>
        {
            Assert.That(inEntry.Intact, Is.False);
            Assert.That(inEntry.Message, Does.Match("entry [0-9]+ \\(journal id [0-9]+, pingex\\) differs"));
            Assert.That(inItems.Intact, Is.False);
            Assert.That(inItems.Message, Does.Contain("digest"));
            Assert.That(inLayout.Intact, Is.False);
            Assert.That(inLayout.Message, Does.Contain("exported form"));
        });

        // The service uploads the pack to the project and links it, with the head hash, on the issue.
        await Eventually.HoldsAsync(() => Task.FromResult(host.BotNotes(iid).Any(n => n.Body.Contains("**Evidence pack**", StringComparison.Ordinal))),
            IntegrityReads.Patience, "the pack is linked on the issue");
        var upload = host.Fake.Uploads.Single();
        var link = host.BotNotes(iid).Single(n => n.Body.Contains("**Evidence pack**", StringComparison.Ordinal));
        var uploadedText = Encoding.UTF8.GetString(upload.Content);
        var uploaded = JsonNode.Parse(uploadedText)!.AsObject();
        var uploadedVerdict = await host.Admin.VerifyPackAsync(uploadedText);
        Assert.Multiple(() =>
        {
            Assert.That(link.Body, Does.Contain(upload.Url));
            Assert.That(link.Body, Does.Contain(uploaded["record"]!["head"]!["hash"]!.GetValue<string>()));
            Assert.That(uploaded["run"]!["status"]!.GetValue<string>(), Is.EqualTo("completed"));
            Assert.That(uploaded["pings"]!.AsArray().Select(p => p!["noteId"]!.GetValue<long>()).Order(), Is.EqualTo(threadNotes));
            Assert.That(uploaded["approval"]!["author"]!.GetValue<string>(), Is.EqualTo(FollowUpHost.Som));
            Assert.That(uploaded["answers"]!.AsArray().Single(a => a!["counted"]!.GetValue<bool>())!["noteId"]!.GetValue<long>(), Is.EqualTo(daveNote));
            Assert.That(uploadedVerdict.Intact, Is.True, uploadedVerdict.Message);
        });

        var md = await host.Admin.GetStringAsync(new Uri($"/api/runs/{run}/evidence?format=md", UriKind.Relative));
        var csv = await host.Admin.GetStringAsync(new Uri($"/api/runs/{run}/evidence?format=csv", UriKind.Relative));
        var notAPack = await host.Admin.PostAsync(new Uri("/api/evidence/verify", UriKind.Relative), new StringContent("{\"hello\": 1}", Encoding.UTF8, "application/json"));
        var badFormat = await host.Admin.GetAsync(new Uri($"/api/runs/{run}/evidence?format=pdf", UriKind.Relative));
        Assert.Multiple(() =>
        {
            Assert.That(md, Does.Contain($"Approved by @{FollowUpHost.Som} (emoji)"));
            Assert.That(md, Does.Contain(pack["record"]!["head"]!["hash"]!.GetValue<string>()));
            Assert.That(csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(threads.Count + 1));
            Assert.That(notAPack.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(badFormat.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
        await PackOnTheIssue.AssertAsync(host.Admin, host.Fake, iid, review.Id, FollowUpHost.Som, "emoji");
    }
}
