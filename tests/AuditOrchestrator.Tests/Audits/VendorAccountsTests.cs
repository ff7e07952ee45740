using System.Globalization;
using System.Text.Json;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Vendors.Calendly;
using AuditOrchestrator.Vendors.PagerDuty;
using AuditOrchestrator.Vendors.Zendesk;

namespace AuditOrchestrator.Tests.Audits;

public sealed class VendorAccountsTests
{
    private static readonly DateTimeOffset ReadAt = new(2027, 2, 1, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public void PagerDutyList_OfAThousandPeople_StaysNearAHundredBytesPerAccount_InTheRecordAndIndentedInThePack()
    {
        var users = Enumerable.Range(0, 1000).Select(i => new PagerDutyUser($"P{i:D6}", $"Person Number{i}", $"person.number{i}@example.com", "user")).ToList();
        var snapshot = new PagerDutySnapshot(users, [new PagerDutySchedule("PSCHED1", "Support on-call", [.. users.Take(300).Select(u => u.Id)])])
        {
            TokenOwner = users[0],
        };

        var list = VendorAccounts.PagerDuty(snapshot, "https://api.pagerduty.com/", ReadAt);
        var stored = list.ToJsonString().Length;
        var indented = list.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).Length;
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"1,000 PagerDuty accounts: {stored} bytes as stored, {indented} indented"));

        Assert.Multiple(() =>
        {
            Assert.That(stored, Is.LessThan(100_000));
            Assert.That(indented, Is.LessThan(200_000));
            Assert.That(list["accounts"]!.AsArray(), Has.Count.EqualTo(1000));
            Assert.That(list["accounts"]![0]!.ToJsonString(), Is.EqualTo("[\"P000000\",\"Person Number0\",\"person.number0@example.com\",\"user\"]"));
            Assert.That(list["identity"]!["id"]!.GetValue<string>(), Is.EqualTo("P000000"));
            Assert.That(list["readAt"]!.GetValue<string>(), Is.EqualTo("2027-02-01T09:00:00.000000Z"));
        });
    }

    [Test]
    public void PagerDutyList_WithAnAccountLevelToken_SaysSo() =>
        Assert.That(VendorAccounts.PagerDuty(new PagerDutySnapshot([], []), "https://api.pagerduty.com/", ReadAt)["identity"]!["kind"]!.GetValue<string>(),
            Is.EqualTo("account-level token"));

    [Test]
    public void CalendlyList_KeepsEachMembershipAsReturned_ByUuid()
    {
        var snapshot = new CalendlySnapshot("https://api.calendly.com/organizations/ORG1",
        [
            new CalendlyMembership("https://api.calendly.com/organization_memberships/BBB", "user", "Bob", "bob@example.com", null),
            new CalendlyMembership("https://api.calendly.com/organization_memberships/AAA", "owner", "Ann", "ann@example.com", "https://calendly.com/ann"),
        ])
        { TokenOwner = new CalendlyUser("https://api.calendly.com/users/U1", "Ann", "ann@example.com", "https://api.calendly.com/organizations/ORG1") };

        var list = VendorAccounts.Calendly(snapshot, "https://api.calendly.com/", ReadAt);

        Assert.That(list["accounts"]!.ToJsonString(),
            Is.EqualTo("[[\"AAA\",\"owner\",\"Ann\",\"ann@example.com\",\"https://calendly.com/ann\"],[\"BBB\",\"user\",\"Bob\",\"bob@example.com\",null]]"));
        Assert.That(list["identity"]!["email"]!.GetValue<string>(), Is.EqualTo("ann@example.com"));
    }

    [Test]
    public void ZendeskList_GivesEachAgentsGroupIds_AndTheRoleAndGroupTables()
    {
        var snapshot = new ZendeskSnapshot(
            [new ZendeskUser(2, "Bo", "bo@example.com", "agent", 7, true), new ZendeskUser(1, "Al", "al@example.com", "admin", null, false)],
            [new ZendeskCustomRole(7, "Light agent", 1)],
            [new ZendeskGroup(30, "EMEA"), new ZendeskGroup(10, "AMER")],
            [new ZendeskGroupMembership(2, 30), new ZendeskGroupMembership(2, 10)]);

        var list = VendorAccounts.Zendesk(snapshot, ZendeskInstance.UsFederal, "https://fed.zendesk.com/api/v2/", ReadAt);

        Assert.Multiple(() =>
        {
            Assert.That(list["accounts"]!.ToJsonString(), Is.EqualTo("[[1,\"Al\",\"al@example.com\",\"admin\",null,false,[]],[2,\"Bo\",\"bo@example.com\",\"agent\",7,true,[10,30]]]"));
            Assert.That(list["customRoles"]!.ToJsonString(), Is.EqualTo("[[7,\"Light agent\",1]]"));
            Assert.That(list["groups"]!.ToJsonString(), Is.EqualTo("[[10,\"AMER\"],[30,\"EMEA\"]]"));
            Assert.That(list["instance"]!.GetValue<string>(), Is.EqualTo("us-federal"));
            Assert.That(list["identity"], Is.Null, "Zendesk answered with no user");
        });
    }
}
