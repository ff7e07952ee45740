using System.Text;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Audits.Zendesk;
using AuditOrchestrator.Vendors.Zendesk;
using NUnit.Framework;
using static AuditOrchestrator.Audits.Checks.FindingCodes;

namespace AuditOrchestrator.Tests.Audits;

public sealed class ZendeskChecksTests
{
    private static readonly ZendeskCustomRole Staff = new(10, "Staff", 0);
    private static readonly ZendeskCustomRole Light = new(11, "Light Agent", 1);
    private static readonly ZendeskGroup Emea = new(1, "Support EMEA");
    private static readonly ZendeskGroup Ops = new(2, "Support Ops");

    private static ZendeskSnapshot Snapshot(ZendeskUser[] users, params (long User, long Group)[] memberships) =>
        new(users, [Staff, Light], [Emea, Ops], [.. memberships.Select(m => new ZendeskGroupMembership(m.User, m.Group))]);

    private static ZendeskUser Agent(long id, string name = "Ann Lee", string email = "ann@example.com", long? customRole = 10, bool suspended = false) =>
        new(id, name, email, "agent", customRole, suspended);

    private const string Ann = "- name: Ann Lee\n  email: ann@example.com\n  gitlab: {username: ann}\n";

    private static string Section(string body, string instance = "main") => $"  zendesk:\n    {instance}:\n{body}";

    private static IReadOnlyList<Finding> Run(string yaml, ZendeskSnapshot snapshot, ZendeskInstance instance = ZendeskInstance.Main) =>
        ZendeskChecks.Run(Teams.From(yaml), instance, snapshot);

    private static readonly string Good = Section("      id: 5\n      groups: [Support EMEA, Support Ops]\n      role: Staff\n");

    [Test]
    public void Audit_WhenEverythingMatches_ReportsNothing()
    {
        Assert.That(Run(Ann + Good, Snapshot([Agent(5)], (5, 1), (5, 2))), Is.Empty);
    }

    [Test]
    public void Audit_WhenSectionHasNoId_ReportsMissingId()
    {
        var findings = Run(Ann + Section("      groups: [Support EMEA]\n      role: Staff\n"), Snapshot([Agent(5)], (5, 1)));

        Assert.That(findings.Select(f => (f.Code, f.Person, f.Instance, f.Expected)), Is.EqualTo(new[] { (ZendeskMissingId, "ann", "main", "5") }));
    }

    [Test]
    public void Audit_WhenIdIsNoAgent_ReportsUnknownId()
    {
        var findings = Run(Ann + Section("      id: 99\n      groups: [Support EMEA]\n      role: Staff\n"), Snapshot([Agent(5)], (5, 1)));

        Assert.That(findings.Select(f => (f.Code, f.Found)), Is.EqualTo(new[] { (ZendeskUnknownId, "99") }));
    }

    [Test]
    public void Audit_WhenNameDiffers_ReportsNameMismatch()
    {
        var findings = Run(Ann + Good, Snapshot([Agent(5, name: "Annie Lee")], (5, 1), (5, 2)));

        Assert.That(findings.Select(f => (f.Code, f.Expected, f.Found)), Is.EqualTo(new[] { (ZendeskNameMismatch, "Ann Lee", "Annie Lee") }));
    }

    [Test]
    public void Audit_WhenNameIsNfdWithOtherCaseAndSpaces_ReportsNothing()
    {
        var yaml = "- name: \"José Núñez\"\n  email: ann@example.com\n" + Good;
        var vendorName = "  josé NÚÑEZ ".Normalize(NormalizationForm.FormD);

        Assert.That(Run(yaml, Snapshot([Agent(5, name: vendorName)], (5, 1), (5, 2))), Is.Empty);
    }

    [Test]
    public void Audit_WhenCustomRoleDiffers_ReportsRoleMismatchByName()
    {
        var findings = Run(Ann + Good, Snapshot([Agent(5, customRole: 11)], (5, 1), (5, 2)));

        Assert.That(findings.Select(f => (f.Code, f.Expected, f.Found)), Is.EqualTo(new[] { (ZendeskRoleMismatch, "Staff", "Light Agent") }));
    }

    [Test]
    public void Audit_WhenAdminHasNoCustomRole_ComparesTheBuiltInRole()
    {
        var yaml = Ann + Section("      id: 5\n      groups: [Support Ops]\n      role: Admin\n");

        Assert.That(Run(yaml, Snapshot([new ZendeskUser(5, "Ann Lee", "ann@example.com", "admin", null, false)], (5, 2))), Is.Empty);
    }

    [Test]
    public void Audit_WhenGroupsDiffer_ReportsGroupMismatch()
    {
        var findings = Run(Ann + Good, Snapshot([Agent(5)], (5, 1)));

        Assert.That(findings.Select(f => (f.Code, f.Expected, f.Found)),
            Is.EqualTo(new[] { (ZendeskGroupMismatch, "Support EMEA, Support Ops", "Support EMEA") }));
    }

    [Test]
    public void Audit_WhenGroupsAreInAnotherOrder_ReportsNothing()
    {
        var yaml = Ann + Section("      id: 5\n      groups: [Support Ops, Support EMEA]\n      role: Staff\n");

        Assert.That(Run(yaml, Snapshot([Agent(5)], (5, 1), (5, 2))), Is.Empty);
    }

    [Test]
    public void Audit_WhenAgentMatchesNoAuditedMember_ReportsNotOnTeam()
    {
        var findings = Run(Ann + Good, Snapshot([Agent(5), Agent(6, "Bot", "bot@example.com")], (5, 1), (5, 2)));

        Assert.That(findings.Select(f => (f.Code, f.Person)), Is.EqualTo(new[] { (ZendeskNotOnTeam, "bot@example.com") }));
    }

    [Test]
    public void Audit_WhenMemberHasNoSectionForTheInstance_IsNotAuditedThereAndTheirAccountIsNotOnTeam()
    {
        var findings = Run(Ann + Good, Snapshot([Agent(5)]), ZendeskInstance.UsFederal);

        Assert.That(findings.Select(f => (f.Code, f.Person, f.Instance)), Is.EqualTo(new[] { (ZendeskNotOnTeam, "ann@example.com", "us-federal") }));
    }

    [Test]
    public void Audit_WhenFederalSectionMatches_ReportsNothingOnFederal()
    {
        var yaml = Ann + Section("      id: 5\n      groups: [Support EMEA]\n      role: Staff\n", "us-federal");

        Assert.That(Run(yaml, Snapshot([Agent(5)], (5, 1)), ZendeskInstance.UsFederal), Is.Empty);
    }

    [Test]
    public void Audit_WhenAccountIsSuspended_ReportsSuspended()
    {
        var findings = Run(Ann + Good, Snapshot([Agent(5, suspended: true)], (5, 1), (5, 2)));

        Assert.That(findings.Select(f => f.Code), Is.EqualTo(new[] { ZendeskSuspended }));
    }

    [Test]
    public void Audit_WhenIdBelongsToAnotherAgent_ReportsUnknownIdAndMatchesTheMemberByEmail()
    {
        var findings = Run(Ann + Section("      id: 6\n      groups: [Support EMEA, Support Ops]\n      role: Staff\n"),
            Snapshot([Agent(5), Agent(6, "Bob", "bob@example.com")], (5, 1), (5, 2)));

        Assert.That(findings.Select(f => (f.Code, f.Person)), Is.EquivalentTo(new[] { (ZendeskUnknownId, "ann"), (ZendeskNotOnTeam, "bob@example.com") }));
    }

    [Test]
    public void Snapshot_ListsLightAgentsByRoleTypeAndAdminsByRole()
    {
        var snapshot = Snapshot([Agent(5, customRole: 11), Agent(6, "Bo", "bo@example.com"), new ZendeskUser(7, "Cy", "cy@example.com", "admin", null, false)]);

        Assert.That(snapshot.LightAgents().Select(u => u.Id), Is.EqualTo(new[] { 5L }));
        Assert.That(snapshot.Admins().Select(u => u.Id), Is.EqualTo(new[] { 7L }));
    }
}
