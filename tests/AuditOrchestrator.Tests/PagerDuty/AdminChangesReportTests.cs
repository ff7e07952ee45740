using AuditOrchestrator.Audits.AdminActivity;

namespace AuditOrchestrator.Tests.PagerDuty;

public sealed class AdminChangesReportTests
{
    private static readonly DateTimeOffset Since = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public void Render_WhenTheCollectorIsOff_SaysSoInOneLine()
    {
        var md = AdminChangesReport.Render(null, "The collector is off.");

        Assert.That(Lines(md), Is.EqualTo(new[] { AdminChangesReport.Title, "The collector is off." }));
    }

    [Test]
    public void Render_WhenNothingWasEverCollected_SaysSoInOneLine()
    {
        var md = AdminChangesReport.Render(new AdminChangesSince(Since, "the last 6 months", [], 0, NothingCollected: true), null);

        Assert.That(Lines(md), Has.Length.EqualTo(2));
        Assert.That(Lines(md)[1], Does.Contain("No PagerDuty audit records have been collected yet"));
    }

    [Test]
    public void Render_WhenChangesExceedTheCap_ListsThemNewestFirstAndCountsTheRest()
    {
        var changes = new[]
        {
            new AdminChange(Since.AddDays(3), "Jon Snow", "update", "schedule Primary on-call"),
            new AdminChange(Since.AddDays(1), "Arya Stark", "create", "user Bran"),
        };

        var md = AdminChangesReport.Render(new AdminChangesSince(Since, "the last PagerDuty audit (FY2027-Q1)", changes, 7, false), null);

        Assert.That(md, Does.Contain("since the last PagerDuty audit (FY2027-Q1), newest first"));
        Assert.That(md, Does.Contain("| When (UTC) | Who | Action | What |"));
        Assert.That(md, Does.Contain("| 2026-05-04 09:00 | Jon Snow | update | schedule Primary on-call |"));
        Assert.That(md.IndexOf("Jon Snow", StringComparison.Ordinal), Is.LessThan(md.IndexOf("Arya Stark", StringComparison.Ordinal)));
        Assert.That(md, Does.Contain("… and 5 more"));
    }

    [Test]
    public void Render_WhenNoChangeInThePeriod_SaysSinceWhen()
    {
        var md = AdminChangesReport.Render(new AdminChangesSince(Since, "the last PagerDuty audit", [], 0, false), null);

        Assert.That(Lines(md)[1], Is.EqualTo("No changes to schedules, users or escalation policies since the last PagerDuty audit."));
    }

    [TestCase("[{\"id\":\"P1\",\"type\":\"user_reference\",\"summary\":\"Jon Snow\"}]", "Jon Snow")]
    [TestCase("[{\"id\":\"P1\"},{\"id\":\"P2\",\"summary\":\"Sam\"}]", "P1, Sam")]
    [TestCase("[]", "unknown")]
    [TestCase(null, "unknown")]
    [TestCase("not json", "unknown")]
    public void ActorSummary_NamesTheActors(string? actors, string expected) =>
        Assert.That(AdminChangesReport.ActorSummary(actors), Is.EqualTo(expected));

    [TestCase("escalation_policy_reference", "Tier 1", "PEP1", "escalation policy Tier 1")]
    [TestCase("schedules", null, "PS1", "schedule PS1")]
    [TestCase("user_reference", "Jon Snow", "PU1", "user Jon Snow")]
    public void ResourceSummary_NamesTheKindAndTheResource(string type, string? summary, string id, string expected) =>
        Assert.That(AdminChangesReport.ResourceSummary(type, summary, id), Is.EqualTo(expected));

    private static string[] Lines(string md) => md.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
