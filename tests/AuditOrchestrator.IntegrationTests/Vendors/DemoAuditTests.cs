using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Sandbox.DemoTeam;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using static AuditOrchestrator.Audits.Checks.FindingCodes;

namespace AuditOrchestrator.IntegrationTests.Vendors;

/// <summary>The demo team against the simulated vendors: every finding code appears, near misses do not.</summary>
public sealed class DemoAuditTests
{
    private SimulatedVendors vendors = null!;

    [SetUp]
    public async Task StartVendors() => vendors = await SimulatedVendors.StartAsync();

    [TearDown]
    public async Task StopVendors() => await vendors.DisposeAsync();

    private async Task<AuditResult> RunAsync(AuditKind audit, string? teamSource = null)
    {
        await using var services = AuditHost.Build(vendors, teamSource);
        return await services.GetRequiredService<AuditRunner>().RunAsync(audit, CancellationToken.None);
    }

    private static string[] CodesOf(AuditResult result, string person) =>
        [.. result.Findings.Where(f => f.Person == person).Select(f => f.Code).Order(StringComparer.Ordinal)];

    [Test]
    public async Task PagerDutyAudit_OnDemoTeam_ReportsEveryPagerDutyCodeForThePlantedPeople()
    {
        var result = await RunAsync(AuditKind.PagerDuty);

        Assert.Multiple(() =>
        {
            Assert.That(CodesOf(result, "dkim"), Is.EqualTo(new[] { PagerDutyMissingId }));
            Assert.That(CodesOf(result, "fhaddad"), Is.EqualTo(new[] { PagerDutyUnknownId }));
            Assert.That(CodesOf(result, "onilsson"), Is.EqualTo(new[] { PagerDutyIdMismatch }));
            Assert.That(CodesOf(result, "kpatel"), Is.EqualTo(new[] { PagerDutyNoAccount, PagerDutyUnknownId }));
            Assert.That(CodesOf(result, "nfischer"), Is.EqualTo(new[] { PagerDutyNotOnSchedule }));
            Assert.That(CodesOf(result, "icosta"), Is.EqualTo(new[] { PagerDutyNotOnSchedule, PagerDutyNotOnSchedule }));
            Assert.That(CodesOf(result, "casey@contractor.example"), Is.EqualTo(new[] { PagerDutyNotOnTeam }));
            Assert.That(CodesOf(result, "former.engineer@example.com"), Is.EqualTo(new[] { PagerDutyNotOnTeam }));
            Assert.That(CodesOf(result, "hadams"), Is.Empty, "email differs only in case");
            Assert.That(CodesOf(result, "abrooks"), Is.Empty, "VP of Support is exempt");
            Assert.That(CodesOf(result, "gliu"), Is.Empty, "the real owner of a borrowed id is matched on their own");
            Assert.That(CodesOf(result, "statuspage-bot@example.com"), Is.Empty, "on no schedule");
            Assert.That(result.Findings, Has.Count.EqualTo(10));
        });
        Assert.That(result.Markdown, Does.Contain("| @dkim | Daniel Kim | ❌ missing_id |"));
    }

    [Test]
    public async Task CalendlyAudit_OnDemoTeam_ReportsEveryCalendlyCodeForThePlantedPeople()
    {
        var result = await RunAsync(AuditKind.Calendly);

        Assert.Multiple(() =>
        {
            Assert.That(CodesOf(result, "jthompson"), Is.EqualTo(new[] { CalendlyMissingLink }));
            Assert.That(CodesOf(result, "lkarimi"), Is.EqualTo(new[] { CalendlyLinkMismatch }));
            Assert.That(CodesOf(result, "nkowalska"), Is.EqualTo(new[] { CalendlyNoAccount }));
            Assert.That(CodesOf(result, "lsilva"), Is.EqualTo(new[] { CalendlyAdminNotAllowed }));
            Assert.That(CodesOf(result, "opark"), Is.EqualTo(new[] { CalendlyReadinessNotAdmin }));
            Assert.That(CodesOf(result, "former.engineer@example.com"), Is.EqualTo(new[] { CalendlyNotOnTeam }));
            Assert.That(CodesOf(result, "recruiting@example.com"), Is.EqualTo(new[] { CalendlyNotOnTeam }));
            Assert.That(result.Findings.Where(f => f.Person is null).Select(f => f.Code), Is.EqualTo(new[] { CalendlyOwnerCount }));
            Assert.That(CodesOf(result, "mjohnson"), Is.Empty, "link differs only in case, trailing slash and query");
            Assert.That(CodesOf(result, "abello"), Is.Empty, "Support Readiness admin");
            Assert.That(result.Findings, Has.Count.EqualTo(8));
        });
    }

    [Test]
    public async Task ZendeskAudit_OnDemoTeam_ReportsEveryZendeskCodeForThePlantedPeople()
    {
        var result = await RunAsync(AuditKind.Zendesk);

        Assert.Multiple(() =>
        {
            Assert.That(result.Findings.Select(f => f.Instance), Is.All.EqualTo("main"));
            Assert.That(CodesOf(result, "ofarouk"), Is.EqualTo(new[] { ZendeskMissingId }));
            Assert.That(CodesOf(result, "pgomez"), Is.EqualTo(new[] { ZendeskUnknownId }));
            Assert.That(CodesOf(result, "qblake"), Is.EqualTo(new[] { ZendeskRoleMismatch }));
            Assert.That(CodesOf(result, "rmartinez"), Is.EqualTo(new[] { ZendeskGroupMismatch }));
            Assert.That(CodesOf(result, "tsingh"), Is.EqualTo(new[] { ZendeskNameMismatch }));
            Assert.That(CodesOf(result, "usiddiqui"), Is.EqualTo(new[] { ZendeskSuspended }));
            Assert.That(CodesOf(result, "zendesk-bot@example.com"), Is.EqualTo(new[] { ZendeskNotOnTeam }));
            Assert.That(CodesOf(result, "former.agent@example.com"), Is.EqualTo(new[] { ZendeskNotOnTeam }));
            Assert.That(CodesOf(result, "sosei"), Is.Empty, "same groups in another order");
            Assert.That(CodesOf(result, "malvarez"), Is.Empty, "same name in NFD");
            Assert.That(CodesOf(result, "zmuller"), Is.Empty, "same name in NFD and lower case");
            Assert.That(CodesOf(result, "customer@customer.example"), Is.Empty, "end-users are not audited");
            Assert.That(result.Findings, Has.Count.EqualTo(8));
        });
        Assert.That(result.Markdown, Does.Not.Contain("Token table complete"), "the token table is the token-review flow's");
        Assert.That(result.Markdown, Does.Contain("### Light agents"));
        Assert.That(result.Markdown, Does.Contain("| Jordan Ellis | jellis@example.com | Light Agent |"));
    }

    [Test]
    public async Task ZendeskUsFederalAudit_OnDemoTeam_AuditsOnlyMembersWithAFederalSection()
    {
        var result = await RunAsync(AuditKind.ZendeskUsFederal);

        Assert.Multiple(() =>
        {
            Assert.That(result.Findings.Select(f => f.Instance), Is.All.EqualTo("us-federal"));
            Assert.That(CodesOf(result, "ofarouk"), Is.EqualTo(new[] { ZendeskMissingId }));
            Assert.That(CodesOf(result, "mwong"), Is.EqualTo(new[] { ZendeskUnknownId }));
            Assert.That(CodesOf(result, "usiddiqui"), Is.EqualTo(new[] { ZendeskRoleMismatch }));
            Assert.That(CodesOf(result, "gnunez"), Is.EqualTo(new[] { ZendeskGroupMismatch }));
            Assert.That(CodesOf(result, "bcohen"), Is.EqualTo(new[] { ZendeskNameMismatch }));
            Assert.That(CodesOf(result, "apereira"), Is.EqualTo(new[] { ZendeskSuspended }));
            Assert.That(CodesOf(result, "jellis@example.com"), Is.EqualTo(new[] { ZendeskNotOnTeam }), "no us-federal section: not audited there");
            Assert.That(CodesOf(result, "qblake"), Is.Empty, "no us-federal section");
            Assert.That(result.Findings.Count(f => f.Code == ZendeskNotOnTeam), Is.EqualTo(3));
        });
    }

    private static List<Finding> Sorted(IEnumerable<Finding> findings) =>
        [.. findings.OrderBy(f => f.Code, StringComparer.Ordinal).ThenBy(f => f.Person, StringComparer.Ordinal).ThenBy(f => f.Message, StringComparer.Ordinal)];

    [Test]
    public async Task Audit_OfTheSameTeamAsOneFileOrAFolder_GivesIdenticalFindings()
    {
        foreach (var audit in ShippedAudits.Catalog.Keys)
        {
            var single = await RunAsync(audit, DemoTeamFiles.SingleFilePath);
            var folder = await RunAsync(audit, DemoTeamFiles.FolderPath);

            Assert.That(folder.Team.Members, Has.Count.EqualTo(60));
            Assert.That(Sorted(folder.Findings), Is.EqualTo(Sorted(single.Findings)), audit.CliName());
        }
    }

    [Test]
    public async Task Audit_AfterTheVendorIsFixed_NoLongerReportsTheProblem()
    {
        var before = await RunAsync(AuditKind.Zendesk);
        Assert.That(CodesOf(before, "tsingh"), Is.EqualTo(new[] { ZendeskNameMismatch }));
        vendors.ZendeskMain.SetName(360000100035, "Tara Singh");

        var after = await RunAsync(AuditKind.Zendesk);

        Assert.That(CodesOf(after, "tsingh"), Is.Empty);
    }
}
