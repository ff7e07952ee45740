using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Integrity;
using AuditOrchestrator.IntegrationTests.Workflows;

namespace AuditOrchestrator.IntegrationTests.Evidence;

/// <summary>What a run read, in its record and pack: the vendor's accounts at the audit and after the review, and the team data's version.</summary>
public sealed class EvidenceReadListsTests
{
    [Test]
    public async Task Pack_HoldsTheAccountsAsReadAtTheAuditAndAfterTheReview_AndTheTeamFilesHash_AllInTheVerifiedRecord()
    {
        await using var host = await SmallTeam.StartAsync();
        host.PagerDuty.TokenOwnerId = "PSOM001";
        var run = await host.StartRunAsync();
        var (iid, _) = await host.FirstPingsAsync(run, 5);
        // Someone removes the contractor's account by hand while the run waits: the "after" list no longer has it.
        host.PagerDuty.RemoveFromSchedules("PCASEY1");
        host.PagerDuty.RemoveUser("PCASEY1");
        var review = await host.RunToReviewAsync(run, iid);
        await host.ApproveAsync(iid, review.Id, FollowUpHost.Som);
        await Eventually.HoldsAsync(async () => await host.StatusAsync(run) == "completed", IntegrityReads.Patience, "the run completes");

        var text = await host.Admin.GetStringAsync(new Uri($"/api/runs/{run}/evidence", UriKind.Relative));
        var pack = JsonNode.Parse(text)!.AsObject();
        var lists = pack["vendorAccounts"]!.AsArray().Select(l => l!.AsObject()).ToList();
        var entryKinds = pack["record"]!["entries"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()).ToList();
        Assert.That(lists.Select(l => l["phase"]!.GetValue<string>()), Is.EqualTo(new[] { "audit", "after-review" }));
        var (atAudit, after) = (lists[0], lists[1]);
        Assert.Multiple(() =>
        {
            Assert.That(atAudit["vendor"]!.GetValue<string>(), Is.EqualTo("PagerDuty"));
            Assert.That(atAudit["service"]!["api"]!.GetValue<string>(), Is.EqualTo("REST API v2"));
            Assert.That(atAudit["service"]!["baseUrl"]!.GetValue<string>(), Does.StartWith(host.PagerDuty.BaseUrl));
            Assert.That(atAudit["identity"]!["id"]!.GetValue<string>(), Is.EqualTo("PSOM001"));
            Assert.That(atAudit["identity"]!["email"]!.GetValue<string>(), Is.EqualTo("msom@example.com"));
            Assert.That(atAudit["columns"]!.AsArray().Select(c => c!.GetValue<string>()), Is.EqualTo(new[] { "id", "name", "email", "role" }));
            Assert.That(Rows(atAudit), Is.EquivalentTo(new[]
            {
                "PSOM001|Mona Som|msom@example.com|user", "PLEAD01|Terry Lead|tlead@example.com|manager",
                "PALICE1|Alice Answer|alice@example.com|user", "PCAROL1|Carol Late|carol@example.com|user",
                "PDAVE01|Dave Never|dave@example.com|user", $"PCASEY1|Casey Contractor|{SmallTeam.Contractor}|user",
            }));
            Assert.That(atAudit["schedules"]![0]!["users"]!.AsArray().Select(u => u!.GetValue<string>()), Is.EqualTo(new[] { "PSOM001", "PLEAD01", "PCASEY1" }));
            Assert.That(Rows(after), Has.Count.EqualTo(5).And.None.StartsWith("PCASEY1"));
            Assert.That(after["schedules"]![0]!["users"]!.AsArray().Select(u => u!.GetValue<string>()), Is.EqualTo(new[] { "PSOM001", "PLEAD01" }));
            Assert.That(DateTimeOffset.Parse(after["readAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
                Is.GreaterThanOrEqualTo(DateTimeOffset.Parse(pack["review"]!["at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(entryKinds.Count(k => k == "vendor-accounts"), Is.EqualTo(2), "both lists are entries of the hash-chained record");
        });

        // The team data's version: the SHA-256 of the one file read, and the sha256sum-style listing's hash over it.
        var fileHash = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(host.TeamFile)));
        var versions = pack["teamDataVersions"]!.AsArray();
        var audited = versions[0]!;
        Assert.Multiple(() =>
        {
            Assert.That(audited["phase"]!.GetValue<string>(), Is.EqualTo("audit"));
            Assert.That(audited["source"]!.GetValue<string>(), Is.EqualTo(host.TeamFile));
            Assert.That(audited["commit"], Is.Null, "a temporary folder is no git checkout");
            Assert.That(audited["files"]!.AsArray().Select(f => $"{f![0]}|{f[1]}"), Is.EqualTo(new[] { $"{host.TeamFile}|{fileHash}" }));
            Assert.That(audited["sha256"]!.GetValue<string>(),
                Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{fileHash}  {host.TeamFile}\n")))));
            Assert.That(versions.Skip(1).Select(v => v!["phase"]!.GetValue<string>()), Is.Not.Empty.And.All.EqualTo("recheck"));
            Assert.That(versions.Select(v => v!["sha256"]!.GetValue<string>()).Distinct().Count(), Is.EqualTo(1));
        });

        // The Markdown says what was read, and what the review changed in the vendor's list.
        var md = await host.Admin.GetStringAsync(new Uri($"/api/runs/{run}/evidence?format=md", UriKind.Relative));
        Assert.That(md, Does.Contain("## Team data read").And.Contain($"audit: {host.TeamFile}, SHA-256 `{audited["sha256"]}`"));
        Assert.That(md, Does.Contain("## Vendor accounts as read").And.Contain("audit: PagerDuty (REST API v2, ").And.Contain("as msom@example.com: 6 accounts\n"));
        Assert.That(md, Does.Contain("after-review: PagerDuty (REST API v2, ").And.Contain("as msom@example.com: 5 accounts; gone since the audit: PCASEY1\n"));

        var intact = await host.Admin.VerifyPackAsync(text);
        Assert.That(intact.Intact, Is.True, intact.Message);

        // An account edited in the pack's list, but not in its record, is named.
        var edited = text.Replace("\"Dave Never\"", "\"Dave Ever\"", StringComparison.Ordinal);
        var sectionOnly = JsonNode.Parse(edited)!.AsObject();
        sectionOnly["record"] = pack["record"]!.DeepClone();
        var verdict = await host.Admin.VerifyPackAsync(sectionOnly.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        Assert.That(verdict.Problems, Has.Some.EqualTo("the section 'vendorAccounts' differs from what the record says"));
    }

    private static List<string> Rows(JsonObject list) =>
        [.. list["accounts"]!.AsArray().Select(r => string.Join('|', r!.AsArray().Select(v => v?.ToString())))];
}
