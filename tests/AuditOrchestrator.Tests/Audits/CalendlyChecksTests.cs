using AuditOrchestrator.Audits.Calendly;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Vendors.Calendly;
using NUnit.Framework;
using static AuditOrchestrator.Audits.Checks.FindingCodes;

namespace AuditOrchestrator.Tests.Audits;

public sealed class CalendlyChecksTests
{
    private static readonly CalendlyMembership Owner = new("https://api.calendly.com/organization_memberships/M0", "owner", "Olive", "olive@example.com", "https://calendly.com/olive");

    private static CalendlySnapshot Org(params CalendlyMembership[] members) => new("org", [Owner, .. members]);

    private static CalendlyMembership Member(string email, string url, string role = "user") =>
        new($"https://api.calendly.com/organization_memberships/{email}", role, email, email, url);

    private const string Olive = "- name: Olive\n  email: olive@example.com\n  calendly: https://calendly.com/olive\n";

    private static IReadOnlyList<Finding> Run(string yaml, CalendlySnapshot snapshot) =>
        CalendlyChecks.Run(Teams.From(Olive + yaml), snapshot, new CalendlyAuditOptions());

    [Test]
    public void Audit_WhenMemberHasNoLink_ReportsMissingLink()
    {
        var findings = Run("- name: Ann\n  email: ann@example.com\n  gitlab: {username: ann}\n", Org(Member("ann@example.com", "https://calendly.com/ann")));

        Assert.That(findings.Select(f => (f.Code, f.Person)), Is.EqualTo(new[] { (CalendlyMissingLink, "ann") }));
    }

    [TestCase("https://calendly.com/ann/")]
    [TestCase("HTTPS://CALENDLY.COM/Ann")]
    [TestCase("https://calendly.com/ann?month=2026-11")]
    [TestCase("https://calendly.com/ann/?back=1")]
    public void Audit_WhenLinkDiffersOnlyInCaseSlashOrQuery_ReportsNothing(string link)
    {
        var findings = Run($"- name: Ann\n  email: ann@example.com\n  calendly: \"{link}\"\n", Org(Member("ann@example.com", "https://calendly.com/ann")));

        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void Audit_WhenLinkIsAnotherPage_ReportsLinkMismatch()
    {
        var findings = Run("- name: Ann\n  email: ann@example.com\n  calendly: https://calendly.com/ann-old\n", Org(Member("ann@example.com", "https://calendly.com/ann")));

        Assert.That(findings.Select(f => (f.Code, f.Expected, f.Found)),
            Is.EqualTo(new[] { (CalendlyLinkMismatch, "https://calendly.com/ann", "https://calendly.com/ann-old") }));
    }

    [Test]
    public void Audit_WhenNoMembershipHasTheEmail_ReportsNoAccount()
    {
        var findings = Run("- name: Ann\n  email: ann@example.com\n  calendly: https://calendly.com/ann\n", Org());

        Assert.That(findings.Select(f => f.Code), Is.EqualTo(new[] { CalendlyNoAccount }));
    }

    [Test]
    public void Audit_WhenMembershipEmailDiffersOnlyInCase_MatchesMember()
    {
        var findings = Run("- name: Ann\n  email: ANN@example.com\n  calendly: https://calendly.com/ann\n", Org(Member("ann@Example.COM", "https://calendly.com/ann")));

        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void Audit_WhenMembershipMatchesNoMember_ReportsNotOnTeamOnlyEvenIfAdmin()
    {
        var findings = Run("", Org(Member("ex@example.com", "https://calendly.com/ex", "admin")));

        Assert.That(findings.Select(f => (f.Code, f.Person)), Is.EqualTo(new[] { (CalendlyNotOnTeam, "ex@example.com") }));
    }

    [Test]
    public void Audit_WhenOrganisationHasTwoOwners_ReportsOwnerCountWithoutPerson()
    {
        var findings = Run("- name: Ann\n  email: ann@example.com\n  calendly: https://calendly.com/ann\n", Org(Member("ann@example.com", "https://calendly.com/ann", "owner")));

        Assert.That(findings.Select(f => (f.Code, f.Person, f.Found)), Is.EqualTo(new[] { (CalendlyOwnerCount, (string?)null, "2") }));
    }

    [Test]
    public void Audit_WhenOrganisationHasNoOwner_ReportsOwnerCount()
    {
        var findings = CalendlyChecks.Run(Teams.From("- name: Ann\n  email: ann@example.com\n  calendly: https://calendly.com/ann\n"),
            new CalendlySnapshot("org", [Member("ann@example.com", "https://calendly.com/ann")]), new CalendlyAuditOptions());

        Assert.That(findings.Select(f => (f.Code, f.Found)), Is.EqualTo(new[] { (CalendlyOwnerCount, "0") }));
    }

    [Test]
    public void Audit_WhenAdminIsNotSupportReadiness_ReportsAdminNotAllowed()
    {
        var findings = Run("- name: Ann\n  email: ann@example.com\n  title: Support Engineer\n  calendly: https://calendly.com/ann\n",
            Org(Member("ann@example.com", "https://calendly.com/ann", "admin")));

        Assert.That(findings.Select(f => f.Code), Is.EqualTo(new[] { CalendlyAdminNotAllowed }));
    }

    [Test]
    public void Audit_WhenSupportReadinessIsAdminOrOwner_ReportsNothing()
    {
        var findings = Run(
            "- name: Ann\n  email: ann@example.com\n  title: Manager, support readiness\n  calendly: https://calendly.com/ann\n",
            Org(Member("ann@example.com", "https://calendly.com/ann", "admin")));

        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void Audit_WhenSupportReadinessIsPlainUser_ReportsReadinessNotAdmin()
    {
        var findings = Run("- name: Ann\n  email: ann@example.com\n  title: Support Readiness Specialist\n  calendly: https://calendly.com/ann\n",
            Org(Member("ann@example.com", "https://calendly.com/ann")));

        Assert.That(findings.Select(f => (f.Code, f.Found)), Is.EqualTo(new[] { (CalendlyReadinessNotAdmin, "user") }));
    }

    [Test]
    public void Audit_WhenPatternIsConfigured_UsesItForAdmins()
    {
        var findings = CalendlyChecks.Run(Teams.From(Olive + "- name: Ann\n  email: ann@example.com\n  title: Support Operations Specialist\n  calendly: https://calendly.com/ann\n"),
            Org(Member("ann@example.com", "https://calendly.com/ann", "admin")), new CalendlyAuditOptions { AdminTitlePattern = "Support (Readiness|Operations)" });

        Assert.That(findings, Is.Empty);
    }
}
