using System.Text.RegularExpressions;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Workflows;

namespace AuditOrchestrator.IntegrationTests.Integrity;

/// <summary>Issue 16, hole 7: a hostile dataset (team data and vendor accounts) reaches GitLab only as inert text.</summary>
public sealed partial class HostileTextTests
{
    private const string HostileName = "Eve `rm -rf` <img src=x onerror=alert(1)> @all [x](https://evil.example) | cell\n/close";

    private const string Team = """
        - name: "Mona Som"
          email: msom@example.com
          title: "Support Operations Manager"
          pagerduty: { id: PSOM001 }
          gitlab: { id: 9100, username: msom }
        - name: "Terry Lead"
          email: tlead@example.com
          title: "Support Engineering Manager"
          pagerduty: { id: PLEAD01 }
          gitlab: { id: 9101, username: tlead }
        - name: "Eve `rm -rf` <img src=x onerror=alert(1)> @all [x](https://evil.example) | cell\n/close"
          email: eve@example.com
          title: "Support Engineer"
          reports_to: "Terry Lead"
          gitlab: { id: 9106, username: eve }
        """;

    private FollowUpHost _host = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _host = await FollowUpHost.StartAsync(Team);
        _host.PagerDuty.AddUser("PSOM001", "Mona Som", "msom@example.com");
        _host.PagerDuty.AddUser("PLEAD01", "Terry Lead", "tlead@example.com", "manager");
        // An account on call that nobody on the team owns, named to do harm.
        _host.PagerDuty.AddUser("PEVIL01", "@all /close <img src=x> ![pic](https://evil.example/p.png) `x`\n/label ~bug", "mallory@evil.example");
        _host.PagerDuty.AddSchedule("PSCHED1", "Support on-call", ["PSOM001", "PLEAD01", "PEVIL01"]);
    }

    [TearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [Test]
    public async Task HostileNames_InTheReportThePingsTheEscalationAndTheReview_AreInertText()
    {
        var run = await _host.StartRunAsync();
        var (iid, _) = await _host.FirstPingsAsync(run, 2);
        // Through the second ping and the manager's, whose note names Eve, to the review.
        await _host.RunToReviewAsync(run, iid);

        // The service's own hidden markers are the only HTML it writes.
        var texts = new List<string> { Marker().Replace(_host.Issue(iid).Description, "") };
        texts.AddRange(_host.BotNotes(iid).Select(n => Marker().Replace(n.Body, "")));
        Assert.That(_host.BotNotes(iid).Any(n => n.Mentions.Contains(FollowUpHost.Lead)), Is.True, "the manager ping, which names Eve, was posted");
        Assert.Multiple(() =>
        {
            foreach (var text in texts)
            {
                // Ordinal: a culture-aware search skips the zero-width space that makes "@\u200Ball" no mention.
                Assert.That(text.Contains("@all", StringComparison.Ordinal), Is.False, "no mention of everyone");
                Assert.That(text.Split('\n').Where(l => QuickAction().IsMatch(l)), Is.Empty, "no line is a quick action");
                Assert.That(HtmlTag().IsMatch(text), Is.False, "no HTML");
                Assert.That(text.Contains("https://evil", StringComparison.Ordinal), Is.False, "no link or image");
                Assert.That(text, Does.Not.Contain("`rm -rf`").And.Not.Contain("`x`"), "no code span opened by the data");
                Assert.That(text.Contains("~bug", StringComparison.Ordinal), Is.False, "no label reference");
            }
            var mentioned = _host.BotNotes(iid).SelectMany(n => n.Mentions).Distinct().ToList();
            Assert.That(mentioned, Is.SubsetOf(new[] { "eve", FollowUpHost.Lead, FollowUpHost.Som }), "only the intended people are mentioned");
            Assert.That(texts[0], Does.Contain("Eve \\`rm -rf\\` &lt;img"), "the name is still shown, as text");
        });
    }

    // GitLab runs a quick action from a line whose first character is "/".
    [GeneratedRegex(@"^\s*/[a-z]")]
    private static partial Regex QuickAction();

    [GeneratedRegex(@"<!-- ao:key=[^ ]+ -->")]
    private static partial Regex Marker();

    [GeneratedRegex(@"<[A-Za-z!/]")]
    private static partial Regex HtmlTag();
}
