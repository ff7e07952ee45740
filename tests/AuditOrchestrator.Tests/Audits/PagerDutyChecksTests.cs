using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.PagerDuty;
using AuditOrchestrator.Vendors.PagerDuty;
using NUnit.Framework;
using static AuditOrchestrator.Audits.Checks.FindingCodes;

namespace AuditOrchestrator.Tests.Audits;

public sealed class PagerDutyChecksTests
{
    private static readonly PagerDutyAuditOptions Defaults = new();

    private static PagerDutySnapshot Snapshot(PagerDutyUser[] users, params PagerDutySchedule[] schedules) => new(users, schedules);

    private static PagerDutyUser User(string id, string email) => new(id, email.Split('@')[0], email, "user");

    private static IReadOnlyList<Finding> Run(string yaml, PagerDutySnapshot snapshot, PagerDutyAuditOptions? options = null) =>
        PagerDutyChecks.Run(Teams.From(yaml), snapshot, options ?? Defaults);

    private const string Ann = "- name: Ann\n  email: ann@example.com\n  gitlab: {username: ann}\n";

    private static readonly PagerDutySchedule OnCall = new("S1", "On-call", ["PA"]);

    [Test]
    public void Audit_WhenYamlHasNoPagerDutyId_ReportsMissingId()
    {
        var findings = Run(Ann, Snapshot([User("PA", "ann@example.com")], OnCall));

        Assert.That(findings.Select(f => (f.Code, f.Person, f.Expected)), Is.EqualTo(new[] { (PagerDutyMissingId, "ann", "PA") }));
    }

    [Test]
    public void Audit_WhenYamlIdIsAPagerDutyUser_ReportsNothing()
    {
        var findings = Run(Ann + "  pagerduty: {id: PA}\n", Snapshot([User("PA", "ann@example.com")], OnCall));

        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void Audit_WhenYamlIdIsNoPagerDutyUser_ReportsUnknownIdButStillMatchesByEmail()
    {
        var findings = Run(Ann + "  pagerduty: {id: PX}\n", Snapshot([User("PA", "ann@example.com")], OnCall));

        Assert.That(findings.Select(f => (f.Code, f.Found)), Is.EqualTo(new[] { (PagerDutyUnknownId, "PX") }));
    }

    [Test]
    public void Audit_WhenYamlIdIsSomeoneElses_ReportsIdMismatchAndDoesNotGiveTheAccountToTheMember()
    {
        var findings = Run(Ann + "  pagerduty: {id: PB}\n",
            Snapshot([User("PA", "ann@example.com"), User("PB", "bob@example.com")], new PagerDutySchedule("S1", "On-call", ["PA", "PB"])));

        Assert.That(findings.Select(f => (f.Code, f.Person)), Is.EquivalentTo(new[]
        {
            (PagerDutyIdMismatch, "ann"),
            (PagerDutyNotOnTeam, "bob@example.com"),
        }));
    }

    [Test]
    public void Audit_WhenEmailDiffersOnlyInCase_MatchesMember()
    {
        var findings = Run("- name: Ann\n  email: Ann.Lee@Example.com\n  pagerduty: {id: PA}\n",
            Snapshot([User("PA", "ann.lee@example.com")], OnCall));

        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void Audit_WhenNoUserMatches_ReportsNoAccount()
    {
        var findings = Run(Ann + "  pagerduty: {id: PA}\n", Snapshot([User("PB", "bob@example.com")]));

        Assert.That(findings.Select(f => f.Code), Is.EquivalentTo(new[] { PagerDutyUnknownId, PagerDutyNoAccount }));
    }

    [Test]
    public void Audit_WhenAccountIsOnNoSchedule_ReportsNotOnSchedule()
    {
        var findings = Run(Ann + "  pagerduty: {id: PA}\n", Snapshot([User("PA", "ann@example.com")], new PagerDutySchedule("S1", "On-call", [])));

        Assert.That(findings.Select(f => f.Code), Is.EqualTo(new[] { PagerDutyNotOnSchedule }));
    }

    [Test]
    public void Audit_WhenListedRotationIsMissing_ReportsThatScheduleOnly()
    {
        var findings = Run(Ann + "  pagerduty: {id: PA, rotations: [S1, S2]}\n",
            Snapshot([User("PA", "ann@example.com")], OnCall, new PagerDutySchedule("S2", "Managers", [])));

        Assert.That(findings.Select(f => (f.Code, f.Expected)), Is.EqualTo(new[] { (PagerDutyNotOnSchedule, "S2") }));
    }

    [Test]
    public void Audit_WhenOutsiderIsOnTwoSchedules_ReportsNotOnTeamOnce()
    {
        var findings = Run(Ann + "  pagerduty: {id: PA}\n",
            Snapshot([User("PA", "ann@example.com"), User("PZ", "zed@contractor.example"), User("PY", "bot@example.com")],
                new PagerDutySchedule("S1", "On-call", ["PA", "PZ"]), new PagerDutySchedule("S2", "Backup", ["PZ"])));

        Assert.That(findings.Select(f => (f.Code, f.Person)), Is.EqualTo(new[] { (PagerDutyNotOnTeam, "zed@contractor.example") }));
    }

    [Test]
    public void Audit_WhenTitleIsExempt_SkipsTheMemberButStillOwnsTheirAccount()
    {
        var findings = Run("- name: Vi\n  email: vi@example.com\n  title: VP of Support\n",
            Snapshot([User("PV", "vi@example.com")], new PagerDutySchedule("S1", "Escalation", ["PV"])));

        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void Audit_WhenExemptTitlesAreConfigured_AuditsTheDefaultTitle()
    {
        var options = new PagerDutyAuditOptions { ExemptTitles = ["Chief Support Officer"] };

        var findings = Run("- name: Vi\n  email: vi@example.com\n  title: VP of Support\n", Snapshot([User("PV", "vi@example.com")], new PagerDutySchedule("S1", "On-call", [])), options);

        Assert.That(findings.Select(f => f.Code), Is.EquivalentTo(new[] { PagerDutyMissingId, PagerDutyNotOnSchedule }));
    }
}
