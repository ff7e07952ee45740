using AuditOrchestrator.Audits.Calendly;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.PagerDuty;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Audits.Zendesk;
using AuditOrchestrator.Vendors.Zendesk;
using NUnit.Framework;

namespace AuditOrchestrator.Tests.Audits;

/// <summary>The per-person fields are the ones the registered audits declare: the loader reads those and no others.</summary>
public sealed class TeamFieldTests
{
    private const string OddAccounts = """
        - name: Ann
          email: ann@example.com
          calendly: [ann]
          pagerduty: oops
          zendesk:
            main: { id: 1, groups: [Support], role: Agent }
            us-federal: 7
        """;

    [Test]
    public void Load_WithTheShippedAudits_ReadsEveryToolsField_AndWarnsForEachWrongShape()
    {
        var team = SupportTeamLoader.Parse("t", [new TeamFile("t.yaml", OddAccounts)], AuditIntegrations.Shipped.TeamFields);

        var ann = team.Members.Single();
        Assert.Multiple(() =>
        {
            var main = ann.Zendesk(ZendeskInstance.Main)!;
            Assert.That((main.Id, main.Role, main.Groups.Single()), Is.EqualTo((1L, "Agent", "Support")));
            Assert.That((ann.PagerDuty(), ann.Calendly(), ann.Zendesk(ZendeskInstance.UsFederal)), Is.EqualTo((default(PagerDutyEntry), default(string), default(ZendeskEntry))));
            Assert.That(team.Warnings, Is.EqualTo(new[]
            {
                "t.yaml:4: field 'pagerduty': expected a mapping; the field is ignored",
                "t.yaml:3: field 'calendly': expected a string; the field is ignored",
                "t.yaml:7: field 'zendesk.us-federal': expected a mapping; the field is ignored",
            }), "in the audits' registration order");
        });
    }

    [Test]
    public void Load_ReadsNoFieldThatNoRegisteredAuditDeclares()
    {
        var team = SupportTeamLoader.Parse("t", [new TeamFile("t.yaml", OddAccounts)], [ZendeskTeamField.Main]);

        var ann = team.Members.Single();
        Assert.Multiple(() =>
        {
            Assert.That(ann.Zendesk(ZendeskInstance.Main)!.Id, Is.EqualTo(1));
            Assert.That((ann.PagerDuty(), ann.Calendly(), ann.Zendesk(ZendeskInstance.UsFederal)), Is.EqualTo((default(PagerDutyEntry), default(string), default(ZendeskEntry))));
            Assert.That(team.Warnings, Is.Empty, "the fields of audits that are not registered are not read, so not judged");
        });
    }

    [Test]
    public void Load_AFieldDeclaredBeyondTheShippedAudits_IsReadByItsParser_AndAWrongShapeWarnsWithFileLineAndField()
    {
        var badge = new TeamField<string>("badge", value => value.AsMapping()?.String("number"));
        var team = SupportTeamLoader.Parse("t", [new TeamFile("people.yaml", """
            - name: Ann
              email: ann@example.com
              badge: { number: B-7 }
            - name: Bob
              email: bob@example.com
              badge: B-8
            - name: Cy
              email: cy@example.com
              badge:
                number: { office: 2 }
            """)], [badge]);

        Assert.Multiple(() =>
        {
            Assert.That(team.Members.Select(m => m.Account(badge)), Is.EqualTo(new[] { "B-7", null, null }));
            Assert.That(team.Warnings, Is.EqualTo(new[]
            {
                "people.yaml:6: field 'badge': expected a mapping; the field is ignored",
                "people.yaml:10: field 'badge.number': expected a string; the field is ignored",
            }));
        });
    }
}
