using System.Text.Json;
using AuditOrchestrator.Audits.Calendly;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Audits.Zendesk;
using AuditOrchestrator.Vendors.Calendly;
using AuditOrchestrator.Vendors.Zendesk;
using NUnit.Framework;

namespace AuditOrchestrator.Tests.Audits;

public sealed class AuditOutputTests
{
    private static readonly TestCaseData[] CliNames =
    [
        new("pagerduty", AuditKind.PagerDuty), new("calendly", AuditKind.Calendly),
        new("Zendesk", AuditKind.Zendesk), new("zendesk-us-federal", AuditKind.ZendeskUsFederal),
    ];

    [TestCaseSource(nameof(CliNames))]
    public void Parse_OfCliName_GivesTheAuditAndBack(string name, AuditKind expected)
    {
        Assert.That(ShippedAudits.Catalog.Find(name), Is.EqualTo(expected));
        Assert.That(expected.CliName(), Is.EqualTo(name.ToLowerInvariant()));
    }

    [Test]
    public void Parse_OfUnknownName_ListsTheKnownOnes()
    {
        Assert.That(() => ShippedAudits.Catalog.Find("slack"), Throws.ArgumentException.With.Message.Contains("pagerduty, calendly, zendesk, zendesk-us-federal"));
    }

    [Test]
    public void ToJson_WritesInstanceOnlyWhenSetAndNullsForAbsentValues()
    {
        var team = Teams.From("- name: Ann\n  email: ann@example.com\n");
        var result = new AuditResult(AuditKind.Calendly, team,
            [new Finding("calendly.owner_count", null, null, "2 owners", "1", "2"), new Finding("zendesk.suspended", "ann", "main", "m", null, null)], "");

        using var json = JsonDocument.Parse(AuditDryRun.ToJson(result));

        var findings = json.RootElement.GetProperty("findings").EnumerateArray().ToList();
        Assert.That(json.RootElement.GetProperty("audit").GetString(), Is.EqualTo("calendly"));
        Assert.That(findings[0].EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "code", "person", "message", "expected", "found" }));
        Assert.That(findings[0].GetProperty("person").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(findings[1].GetProperty("instance").GetString(), Is.EqualTo("main"));
    }

    [Test]
    public void ZendeskReport_HasOneRowPerAuditedMember_AndLeavesTheTokenTableToTheTokenReview()
    {
        var team = Teams.From("""
            - name: Ann
              email: ann@example.com
              gitlab: {username: ann}
              zendesk: {main: {id: 1, groups: [A], role: Staff}}
            - name: Bob
              email: bob@example.com
              gitlab: {username: bob}
            """);
        var snapshot = new ZendeskSnapshot([new ZendeskUser(1, "Ann", "ann@example.com", "agent", 10, true)],
            [new ZendeskCustomRole(10, "Staff", 0)], [new ZendeskGroup(5, "A")], [new ZendeskGroupMembership(1, 5)]);
        var findings = ZendeskChecks.Run(team, ZendeskInstance.Main, snapshot);

        var markdown = AuditReport.Zendesk(team, ZendeskInstance.Main, snapshot, findings);

        Assert.That(markdown, Does.Contain("| @ann | Ann | ✅ | ✅ | ✅ | ✅ | ❌ suspended: suspended |"));
        Assert.That(markdown, Does.Not.Contain("@bob"));
        Assert.That(markdown, Does.Not.Contain("Token name").And.Not.Contain("Token table complete"),
            "the token table is the token-review flow's, added once the issue exists");
    }

    [Test]
    public void CalendlyReport_NamesItsTablesAsTheHandbookDoes()
    {
        var team = Teams.From("- name: Ann\n  email: ann@example.com\n  gitlab: {username: ann}\n  calendly: https://calendly.com/ann\n");
        var snapshot = new CalendlySnapshot("https://api.calendly.com/organizations/O1",
        [
            new CalendlyMembership("https://api.calendly.com/organization_memberships/M1", "owner", "Ann", "ann@example.com", "https://calendly.com/ann"),
            new CalendlyMembership("https://api.calendly.com/organization_memberships/M2", "user", "Sid Former", "sid@former.example", null),
        ]);

        var markdown = AuditReport.Calendly(team, snapshot, CalendlyChecks.Run(team, snapshot, new()));

        var headings = markdown.Split('\n').Where(l => l.StartsWith("### ", StringComparison.Ordinal)).ToList();
        Assert.That(headings, Is.EqualTo(new[] { "### Support Team", "### Those in Calendly but not part of support team", "### Owners and admins" }));
        Assert.That(markdown, Does.Contain("| sid@former.example |"));
    }
}
