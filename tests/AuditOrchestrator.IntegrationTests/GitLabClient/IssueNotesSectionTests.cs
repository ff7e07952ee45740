using NUnit.Framework;
using AuditOrchestrator.Vendors.GitLab;

namespace AuditOrchestrator.IntegrationTests.GitLabClient;

public sealed class IssueNotesSectionTests
{
    private const string Template = """
        ## Summary

        Semi-annual PagerDuty audit.

        ## Notes

        _The audit report goes here._

        ## Checklist

        - [ ] Review

        /label ~"Support Ops"
        """;

    [Test]
    public void Read_WhenSectionSitsBetweenHeadings_ReturnsOnlyItsContent()
    {
        Assert.That(IssueNotesSection.Read(Template), Is.EqualTo("_The audit report goes here._"));
    }

    [Test]
    public void Read_WhenDescriptionHasNoNotesHeading_ReturnsNull()
    {
        Assert.That(IssueNotesSection.Read("## Summary\n\nNothing here\n### Notes are level three"), Is.Null);
        Assert.That(IssueNotesSection.Read(null), Is.Null);
    }

    [Test]
    public void Replace_KeepsEverythingBeforeAndAfterTheSection()
    {
        var result = IssueNotesSection.Replace(Template, "| person | status |\n|---|---|\n| @alice | ok |");

        Assert.That(result, Does.StartWith("## Summary\n\nSemi-annual PagerDuty audit.\n\n## Notes\n\n| person | status |"));
        Assert.That(result, Does.Contain("| @alice | ok |\n\n## Checklist\n\n- [ ] Review\n\n/label ~\"Support Ops\""));
        Assert.That(result, Does.Not.Contain("The audit report goes here"));
        Assert.That(IssueNotesSection.Read(result), Is.EqualTo("| person | status |\n|---|---|\n| @alice | ok |"));
    }

    [Test]
    public void Replace_WhenAppliedTwice_GivesTheSameDescription()
    {
        var once = IssueNotesSection.Replace(Template, "report");

        Assert.That(IssueNotesSection.Replace(once, "report"), Is.EqualTo(once));
    }

    [Test]
    public void Replace_WhenSectionIsLast_ReplacesToTheEnd()
    {
        var result = IssueNotesSection.Replace("Intro\n\n## Notes\nold\n### Sub-heading stays inside\nold too\n", "new");

        Assert.That(result, Is.EqualTo("Intro\n\n## Notes\n\nnew\n"));
    }

    [Test]
    public void Replace_WhenDescriptionHasNoSection_AppendsOne()
    {
        Assert.That(IssueNotesSection.Replace("Intro text\n\n", "report"), Is.EqualTo("Intro text\n\n## Notes\n\nreport\n"));
        Assert.That(IssueNotesSection.Replace(null, "report"), Is.EqualTo("## Notes\n\nreport\n"));
    }

    [Test]
    public void Replace_WhenAHeadingLooksLikeNotesInsideACodeFence_IgnoresIt()
    {
        var description = "```markdown\n## Notes\nexample\n```\n\n## Notes\n\nreal\n\n## After\n";

        var result = IssueNotesSection.Replace(description, "replaced");

        Assert.That(result, Is.EqualTo("```markdown\n## Notes\nexample\n```\n\n## Notes\n\nreplaced\n\n## After\n"));
    }

    [Test]
    public void Replace_WhenContentHasItsOwnLevelTwoHeadingInAFence_ReadsBackTheSameContent()
    {
        var content = "Token table:\n\n```\n## not a heading\n```\n\n- [ ] Token table complete";

        var result = IssueNotesSection.Replace(Template, content);

        Assert.That(IssueNotesSection.Read(result), Is.EqualTo(content));
    }

    [Test]
    public void Replace_WhenContentHasLevelTwoHeadings_NestsThemSoTheSectionStaysWhole()
    {
        var report = "## PagerDuty audit\n\n### Support team\n\n| a |\n\n```\n## code\n```";

        var once = IssueNotesSection.Replace(Template, report);
        var twice = IssueNotesSection.Replace(once, report);

        Assert.That(IssueNotesSection.Read(once), Is.EqualTo("### PagerDuty audit\n\n#### Support team\n\n| a |\n\n```\n## code\n```"));
        Assert.That(twice, Is.EqualTo(once));
        Assert.That(once, Does.Contain("## Checklist"));
    }

    [Test]
    public void Replace_WhenDescriptionUsesCrLf_KeepsCrLf()
    {
        var result = IssueNotesSection.Replace("Intro\r\n\r\n## Notes\r\n\r\nold\r\n\r\n## End\r\n", "a\nb");

        Assert.That(result, Is.EqualTo("Intro\r\n\r\n## Notes\r\n\r\na\r\nb\r\n\r\n## End\r\n"));
    }
}
