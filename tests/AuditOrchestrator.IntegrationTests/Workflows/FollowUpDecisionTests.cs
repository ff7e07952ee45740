using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.Kickoff;
using AuditOrchestrator.Audits.Workflows;

namespace AuditOrchestrator.IntegrationTests.Workflows;

/// <summary>The pure decisions of the follow-up: verdicts, outcomes per chart question, periods, SOM turns, variants.</summary>
public sealed class FollowUpDecisionTests
{
    [TestCase(false, false, 0, ItemVerdict.Addressed)]
    [TestCase(true, false, 0, ItemVerdict.Addressed)]
    [TestCase(true, false, 2, ItemVerdict.Explained)]
    [TestCase(false, false, 1, ItemVerdict.Open)]
    [TestCase(false, true, 3, ItemVerdict.Addressed)]
    public void Decide_FromAnswerAndRecheck_GivesTheVerdict(bool answered, bool operatorAddressed, int stillFailing, ItemVerdict expected) =>
        Assert.That(FollowUpItems.Decide(answered, operatorAddressed, stillFailing), Is.EqualTo(expected));

    [TestCase(ItemVerdict.Addressed, false, "yes")]
    [TestCase(ItemVerdict.Explained, false, "yes")]
    [TestCase(ItemVerdict.Open, false, "no")]
    [TestCase(ItemVerdict.Addressed, true, "no")]
    [TestCase(ItemVerdict.Explained, true, "no")]
    [TestCase(ItemVerdict.Open, true, "yes")]
    public void Outcome_AnswersTheStepsQuestion_StillOpenIsChartIWithCorrectedLabels(ItemVerdict verdict, bool askStillOpen, string expected) =>
        Assert.That(FollowUpItems.Outcome(verdict, askStillOpen), Is.EqualTo(expected));

    [Test]
    public void StillFailing_MatchesThePersonIgnoringCase_AndOnlyThem()
    {
        Finding[] findings =
        [
            new("pagerduty.not_on_schedule", "Alice", null, "m", null, null),
            new("pagerduty.no_account", "bob", null, "m", null, null),
            new("pagerduty.not_on_team", "casey@contractor.example", null, "m", null, null),
        ];

        Assert.Multiple(() =>
        {
            Assert.That(FollowUpItems.StillFailing(findings, "alice").Select(f => f.Code), Is.EqualTo(new[] { "pagerduty.not_on_schedule" }));
            Assert.That(FollowUpItems.StillFailing(findings, "CASEY@contractor.example"), Has.Count.EqualTo(1));
            Assert.That(FollowUpItems.StillFailing(findings, "dave"), Is.Empty);
        });
    }

    [TestCase("2026-02-01T00:00:00Z", 2, "FY2027-Q1")]
    [TestCase("2026-04-30T23:59:59Z", 2, "FY2027-Q1")]
    [TestCase("2026-05-01T00:00:00Z", 2, "FY2027-Q2")]
    [TestCase("2026-08-15T00:00:00Z", 2, "FY2027-Q3")]
    [TestCase("2027-01-31T12:00:00Z", 2, "FY2027-Q4")]
    [TestCase("2026-01-10T00:00:00Z", 1, "FY2026-Q1")]
    [TestCase("2026-12-10T00:00:00Z", 1, "FY2026-Q4")]
    public void FiscalPeriod_CountsFromTheStartMonth_AndNamesTheYearItEndsIn(string at, int startMonth, string expected) =>
        Assert.That(new FiscalCalendar(startMonth, 1, new TimeOnly(9, 0), TimeZoneInfo.Utc)
            .PeriodOf(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)).ToString(), Is.EqualTo(expected));

    [Test]
    public void SomInTurn_TakesTheManagersInTurn_AndNobodyWhenNoneIsConfigured()
    {
        string[] managers = ["@ana", "ben", " "];
        Assert.Multiple(() =>
        {
            Assert.That(Enumerable.Range(0, 4).Select(n => RunPolicies.SomInTurn(managers, n)), Is.EqualTo(new[] { "ana", "ben", "ana", "ben" }));
            Assert.That(RunPolicies.SomInTurn([], 3), Is.Null);
        });
    }

    [TestCase("pagerduty", "quarterly", "pagerduty-quarterly")]
    [TestCase("pagerduty", "Quarterly ", "pagerduty-quarterly")]
    [TestCase("pagerduty", null, "pagerduty-semiannual")]
    [TestCase("calendly", "semiannual", "calendly-semiannual")]
    [TestCase("calendly", "quarterly", "calendly-quarterly")]
    [TestCase("zendesk-us-federal", null, "zendesk-us-federal")]
    public void DefinitionFor_FollowsTheAuditsVariant(string audit, string? variant, string expected) =>
        Assert.That(ShippedAudits.Catalog.Get(ShippedAudits.Named(audit)).DefinitionFor(variant), Is.EqualTo(expected));

    [Test]
    public void ManagerStep_IsSkippedForAccountsNotOnTheTeam_AndPeopleWithoutAManager()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PingActivity.SkipManagerBecause(new() { ["onTeam"] = false }), Does.Contain("nobody on the team"));
            Assert.That(PingActivity.SkipManagerBecause(new() { ["onTeam"] = true, ["manager"] = null }), Does.Contain("no manager"));
            Assert.That(PingActivity.SkipManagerBecause(new() { ["onTeam"] = true, ["manager"] = "tlead" }), Is.Null);
        });
    }

    [Test]
    public void ReviewQuote_IsOneShortLine_WithoutLiveMentions()
    {
        var quote = AskForReviewActivity.Quote("On leave,\nask @tlead\n" + new string('x', 300));

        Assert.Multiple(() =>
        {
            Assert.That(quote.Contains('\n', StringComparison.Ordinal), Is.False);
            Assert.That(quote.Contains("@tlead", StringComparison.Ordinal), Is.False);
            Assert.That(quote, Does.StartWith("On leave, ask @\u200Btlead"));
            Assert.That(quote.Length, Is.LessThanOrEqualTo(203));
        });
    }
}
