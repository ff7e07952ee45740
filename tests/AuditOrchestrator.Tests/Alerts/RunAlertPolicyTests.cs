using AuditOrchestrator.Audits.Alerts;
using AuditOrchestrator.Vendors.GitLab;

namespace AuditOrchestrator.Tests.Alerts;

public sealed class RunAlertPolicyTests
{
    private static readonly Guid Run = Guid.Parse("00000000-0000-7000-8000-00000000000a");
    private static readonly Guid Instance = Guid.Parse("00000000-0000-7000-8000-00000000000b");
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void Recovered_WhenTheIncidentIsGone_ResolvesItsAlert_AndKeepsTheOthersOpen()
    {
        var gone = Alert(AlertKinds.Faulted, "recheck@2026-11-22T10:00:00Z");
        var still = Alert(AlertKinds.Overdue, "bookmark-1");
        var current = new[] { new Incident(Run, AlertKinds.Overdue, Instance, "bookmark-1", "wait", "dave", "late", Now) };

        Assert.That(RunAlertPolicy.Recovered([gone, still], current), Is.EqualTo(new[] { gone }));
    }

    [Test]
    public void Recovered_WhenTheSameStepFaultsAgainAfterARetry_TreatsItAsANewIncident()
    {
        var first = Alert(AlertKinds.Faulted, "recheck@2026-11-22T10:00:00Z");
        var again = new Incident(Run, AlertKinds.Faulted, Instance, "recheck@2026-11-22T11:00:00Z", "recheck", "dave", "401", null);

        Assert.That(RunAlertPolicy.Recovered([first], [again]), Is.EqualTo(new[] { first }));
    }

    [TestCase(59, false)]
    [TestCase(60, false)]
    [TestCase(61, true)]
    public void IsOverdue_OnlyPastOverdueAfter(int minutesLate, bool overdue) =>
        Assert.That(RunAlertPolicy.IsOverdue(Now, Now.AddMinutes(minutesLate), TimeSpan.FromHours(1)), Is.EqualTo(overdue));

    [Test]
    public void OpenText_ForAFaultedItemStep_NamesTheRunTheItemAndTheRetry()
    {
        var text = RunAlertPolicy.OpenText(Alert(AlertKinds.Faulted, "recheck@x") with { Message = "PagerDuty: GET /users: the token was rejected (HTTP 401)" },
            "pagerduty", "FY2027-Q4");

        Assert.That(text, Does.Contain("FY2027-Q4").And.Contain("`recheck`").And.Contain("item `dave`")
            .And.Contain("(HTTP 401)").And.Contain($"/api/runs/{Run}/items/dave/actions/retry"));
    }

    [Test]
    public void NoteFor_MentionsTheSomWhenTheRunHasOne() => Assert.Multiple(() =>
    {
        Assert.That(RunAlertPolicy.NoteFor("msom", "text"), Is.EqualTo("@msom text"));
        Assert.That(RunAlertPolicy.NoteFor(null, "text"), Is.EqualTo("text"));
    });

    [TestCase("12", null, 12)]
    [TestCase("support-ops/alerts#7", "support-ops/alerts", 7)]
    [TestCase("https://gitlab.example.com/support-ops/alerts/-/issues/9", "support-ops/alerts", 9)]
    public void IssueAddress_ReadsTheThreeForms(string text, string? project, long iid) =>
        Assert.That(IssueAddress.Parse(text), Is.EqualTo(new IssueAddress(project, iid)));

    [TestCase("")]
    [TestCase("alerts")]
    [TestCase("#x")]
    public void IssueAddress_RejectsWhatIsNotAnIssue(string text) => Assert.That(IssueAddress.Parse(text), Is.Null);

    private static RunAlert Alert(string kind, string subject) => new(
        Guid.NewGuid(), Run, kind, Instance, subject, "recheck", "dave", "boom", null, Now, [], null, null, [], null);
}
